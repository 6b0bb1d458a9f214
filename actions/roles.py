"""External actors (associations, companies, foundations): why they cannot apply and what they can do."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.citations import answer_excerpt, citation_text, passage_source
from actions.fund import coordinator_text, municipality

logger = logging.getLogger(__name__)

_SOURCE_QUERIES = (
    "Externa aktörer kan komma med förslag och medverka. Nämnd ansöker och ansvarar.",
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


def external_explanation(asked_about_others: bool = False) -> list[str]:
    """Why an external actor cannot apply, what it can do instead, whom to contact, with sources."""
    place = municipality() or "kommunen"
    intro = "Så här gäller för externa aktörer. " if asked_about_others else "Tack för att du berättar. "
    text = (
        f"{intro}En förening, ett företag eller en annan extern aktör kan inte själv söka "
        f"pengar ur den sociala investeringsfonden i {place}:\n"
        "1. Det är en nämnd som ansöker och ansvarar för insatsen. Ni kan föreslå en idé och medverka, "
        "men en nämnd måste äga initiativet.\n"
        "2. Ska ni få betalt för ett uppdrag upphandlar nämnden tjänsten enligt lagen om offentlig "
        "upphandling (LOU) i öppen konkurrens. Uppdraget kan då gå till en annan leverantör, "
        "och nämnden beskriver själv vilken tjänst den behöver – ert eget koncept kan inte köpas rakt av.\n"
        f"3. {coordinator_text()} Samordnaren kan hjälpa er att hitta rätt förvaltning för idén."
    )
    return [text, *external_sources(), *procurement_citations()]


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
