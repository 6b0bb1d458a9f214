"""External actors (associations, companies, foundations): why they cannot apply and what they can do."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.citations import answer_excerpt, citation_text, passage_source
from actions.fund import active_profile, coordinator_text, municipality

logger = logging.getLogger(__name__)

# Who may apply is cited from the fund profile (applicant_citations); this finds the procurement passage.
_SOURCE_QUERIES = (
    "Den nämnd som ska ansvara för insatsen kan upphandla uppdraget i öppen konkurrens av en extern aktör.",
)


def external_sources() -> list[str]:
    """The fund's own passages on external actors and procurement, via the knowledge index."""
    from knowledge.search import get_searcher

    sources: list[str] = []
    seen: set[str] = set()
    for query in _SOURCE_QUERIES:
        try:
            response = get_searcher().search(query, k=1, municipality=municipality() or None)
        except Exception:  # noqa: BLE001
            logger.exception("Search for external-actor sources failed")
            continue
        for passage in response.passages[:1]:
            if passage.id in seen:
                continue
            seen.add(passage.id)
            sources.append(
                f"Källa: {passage_source(passage)}: ”{answer_excerpt(passage.text, query, 2, 300)}”"
            )
    return sources


def procurement_citations() -> list[str]:
    """The statute behind "a paid assignment must be procured", from the rules' procurement check."""
    from actions.eligibility import run_checks_on

    data = {
        "applicant_kind": "extern",
        "external_actors": [{"name": "extern aktör", "value_sek": 1_000_000, "own_concept": True}],
    }
    try:
        results = run_checks_on(data, only=["upphandling"])
    except Exception:  # noqa: BLE001
        logger.exception("Procurement check failed")
        return []
    return [f"Källa: {citation_text(c)}" for r in results for c in (r.citations or []) if c.kind == "lag"][:1]


def applicant_citations() -> list[str]:
    """The active fund's own rule on who applies, as its profile cites it."""
    profile = active_profile()
    return [f"Källa: {citation_text(c)}" for c in profile.cite(profile.applicants)][:1]


def external_explanation(asked_about_others: bool = False) -> list[str]:
    """Why an external actor cannot apply, what it can do instead, whom to contact, with sources."""
    place = municipality() or "kommunen"
    intro = "Så här gäller för externa aktörer. " if asked_about_others else "Tack för att du berättar. "
    who_applies = " ".join(active_profile().applicants.text.split())
    text = (
        f"{intro}En förening, ett företag eller en annan extern aktör kan inte själv söka "
        f"pengar ur den sociala investeringsfonden i {place}:\n"
        f"1. {who_applies}\n"
        "2. Ska ni få betalt för ett uppdrag upphandlar kommunen tjänsten enligt lagen om offentlig "
        "upphandling (LOU) i öppen konkurrens. Uppdraget kan då gå till en annan leverantör, "
        "och kommunen beskriver själv vilken tjänst den behöver – ert eget koncept kan inte köpas rakt av.\n"
        f"3. {coordinator_text()} Samordnaren kan hjälpa er att hitta rätt förvaltning för idén."
    )
    return [text, *applicant_citations(), *external_sources(), *procurement_citations()]


class ActionExplainExternal(Action):
    def name(self) -> str:
        return "action_explain_external"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.get_slot("role") == "extern" and tracker.latest_message.get("intent", {}).get("name") in (
            "start_sketch",
            "resume_sketch",
        ):
            dispatcher.utter_message(
                text="Som extern aktör kan ni inte skriva en egen idéskiss eller söka själva: "
                f"en nämnd behöver äga idén och ansöka. {coordinator_text()}"
            )
            return []
        # Municipal staff asking about associations keep their role; only an unknown role becomes "extern".
        known_municipal = tracker.get_slot("role") == "kommun"
        for message in external_explanation(asked_about_others=known_municipal):
            dispatcher.utter_message(text=message)
        return [] if known_municipal else [SlotSet("role", "extern")]
