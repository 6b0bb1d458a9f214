"""External actors (associations, companies, foundations): why they cannot apply and what they can do."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.citations import answer_excerpt, citation_text
from actions.fund import active_profile, coordinator_text, municipality
from actions.text_input import fold, last_replies
from rules.extract import parse_amount

logger = logging.getLogger(__name__)

# Who may apply is cited from the fund profile (applicant_citations); these find the fund's own passages on
# procurement and on an outside actor's own concept.
_SOURCE_QUERIES = (
    "Den nämnd som ska ansvara för insatsen kan upphandla uppdraget i öppen konkurrens av en extern aktör.",
)
_CONCEPT_QUERY = (
    "En extern part måste erbjuda den efterfrågade tjänsten och inte ett eget koncept. Tjänsten måste "
    "upphandlas offentligt."
)
_COMPANY_QUERY = (
    "Det civila samhället, offentliga organ, kommunala bolag och företag kan medverka i projekt. "
    "I sådana fall ska ansökan göras av den nämnd som verksamheten ligger under.",
)
_ASSOCIATION_GRANT_QUERY = ("Under inga omständigheter kan fondens medel användas som riktat föreningsstöd.",)
_SELLER_WORDS = (
    "koncept",
    "metod vi",
    "var metod",
    "vart program",
    "salja",
    "kopa",
    "licens",
    "erbjuda",
    "pris",
)


ENGLISH_RULE = (
    "I only understand Swedish (jag förstår bara svenska), but in short: only the municipality's "
    "committees (nämnder) can apply to the social investment fund. An organisation outside the "
    "municipality cannot apply itself, but it can propose its idea to a committee and take part in the "
    "project. The rule and its source in Swedish:"
)


def _passage_quotes(queries: tuple[str, ...]) -> list[str]:
    sources: list[str] = []
    seen: set[str] = set()
    for query in queries:
        try:
            response = services.search(query, k=1)
        except Exception:  # noqa: BLE001
            logger.exception("Search for external-actor sources failed")
            continue
        for passage in response.passages[:1]:
            if passage.id in seen:
                continue
            seen.add(passage.id)
            quote = answer_excerpt(passage.text, query, 2, 300)
            sources.append(f"Källa: {services.passage_label(passage)}: ”{quote}”")
    return sources


def external_sources() -> list[str]:
    """The fund's own passages on external actors and procurement, via the knowledge index."""
    return _passage_quotes(_SOURCE_QUERIES)


def procurement_facts() -> tuple[str, list[str]]:
    """The direct-award limit in force today and the statute, from the rules' procurement check."""
    data = {
        "applicant_kind": "nämnd",
        "external_actors": [
            {
                "name": "extern aktör",
                "value_sek": 100_000_000,
                "own_concept": True,
                "form": "direktupphandling",
            }
        ],
    }
    try:
        results = services.run_checks(data, only=["upphandling"])
    except Exception:  # noqa: BLE001
        logger.exception("Procurement check failed")
        return "", []
    cites = [f"Källa: {citation_text(c)}" for r in results for c in (r.citations or []) if c.kind == "lag"]
    text = ""
    if rule := services.rule_answer("Vad är direktupphandlingsgränsen?"):
        text = str(getattr(rule, "text", "") or "").strip()
    return text, cites[:1]


def applicant_citations() -> list[str]:
    """The active fund's own rule on who applies, as its profile cites it."""
    profile = active_profile()
    return [f"Källa: {citation_text(c)}" for c in profile.cite(profile.applicants)][:1]


def sells_concept(text: str) -> bool:
    folded = fold(text)
    # A price names an offer; other figures ("tjejer 13-17", "åk 7-9") do not.
    priced = parse_amount(text) is not None or re.search(r"\b\d{1,3}(?:[ \u00a0]\d{3})+\b|\b\d{5,}\b", text)
    return any(word in folded for word in _SELLER_WORDS) or bool(priced)


def instead_steps(lead: str = "Det här kan ni göra i stället:") -> str:
    """What an outside actor can do instead of applying: a nämnd, procurement, IOP, the contact."""
    return (
        f"{lead}\n"
        "1. Kontakta den nämnd eller förvaltning vars verksamhet idén gäller. Om de vill driva idén är det "
        "nämnden som ansöker och ansvarar, och ni kan medverka.\n"
        "2. Ska ni få betalt för ett uppdrag måste kommunen upphandla tjänsten enligt lagen om offentlig "
        "upphandling (LOU) i öppen konkurrens. Uppdraget kan då gå till en annan leverantör.\n"
        "3. För ideella föreningar kan kommunen i vissa fall i stället ingå ett idéburet offentligt "
        "partnerskap (IOP) – fråga förvaltningen.\n"
        f"{coordinator_text()} Samordnaren kan hjälpa er att hitta rätt förvaltning."
    )


def external_next_steps() -> list[str]:
    """ "Så vad ska vi göra konkret?" from an outside actor who has heard the rule: the steps, then the rule
    in one sentence with its source."""
    who_applies = " ".join(active_profile().applicants.text.split())
    rule = "\n".join([f"Kom ihåg regeln om vem som söker: {who_applies}", *applicant_citations()])
    return [instead_steps("Konkret kan ni göra så här:"), rule]


def company_may_apply() -> bool:
    """The active fund lets a municipal company apply itself (``applicants.allowed_kinds`` of its profile)."""
    return any("bolag" in fold(kind) for kind in active_profile().applicants.allowed_kinds)


def municipal_company_explanation() -> list[str]:
    """A municipal company ("Telge Tillväxt …") where only a nämnd applies: the rule with its source, that the
    company can take part under the nämnd (the fund's riktlinjer), and whom to contact."""
    profile = active_profile()
    place = municipality() or "kommunen"
    who_applies = " ".join(profile.applicants.text.split())
    first = (
        f"Nej, ett kommunalt bolag kan inte själv söka pengar ur den sociala investeringsfonden i {place}. "
        f"{who_applies}"
    )
    part = (
        "Bolaget kan medverka i ett projekt. Då är det den nämnd som verksamheten ligger under som ansöker, "
        "och projektet samordnas under den nämnden."
    )
    steps = (
        "Det här kan bolaget göra: kontakta den nämnd eller förvaltning vars verksamhet idén gäller. Vill "
        f"nämnden driva idén är det nämnden som ansöker, och bolaget kan vara med. {coordinator_text()} "
        "Samordnaren kan hjälpa er att hitta rätt nämnd."
    )
    return [
        "\n".join([first, *applicant_citations()]),
        "\n".join([part, *_passage_quotes(_COMPANY_QUERY)]),
        steps,
    ]


def operating_grant_message() -> str:
    """After the rule, for an outside actor asking for a driftsbidrag or a föreningsbidrag: the fund pays
    neither (the profile's existing_operations rule and the riktlinjer on föreningsstöd, both cited)."""
    profile = active_profile()
    rule = " ".join(profile.existing_operations.text.split())
    cites = [f"Källa: {citation_text(c)}" for c in profile.cite(profile.existing_operations)][:1]
    lead = (
        "Fonden ger inte heller driftsbidrag eller föreningsstöd, till exempel till hyra eller löner i en "
        f"verksamhet som redan finns. {rule}"
    )
    return "\n".join([lead, *cites, *_passage_quotes(_ASSOCIATION_GRANT_QUERY)])


def external_explanation(text: str = "", asked_about_others: bool = False) -> list[str]:
    """Who may apply (first, with its source), what an outside actor can do instead, the contact; and for one
    who offers its own concept or names a price, what the documents and LOU say about buying it."""
    place = municipality() or "kommunen"
    who_applies = " ".join(active_profile().applicants.text.split())
    lead = "Så här gäller för externa aktörer" if asked_about_others else "Nej, ni kan inte söka själva"
    first = (
        f"{lead}: en privatperson, en förening, ett företag, en stiftelse eller en annan organisation "
        f"utanför kommunen kan inte själv söka pengar ur den sociala investeringsfonden i {place}. "
        f"{who_applies}"
    )
    messages = ["\n".join([first, *applicant_citations()])]
    from actions.understanding import asks_operating_grant

    if asks_operating_grant(text):
        messages.append(operating_grant_message())
    messages.append(instead_steps())
    if sells_concept(text):
        limit, statute = procurement_facts()
        concept = (
            "Om ert eget koncept: kommunen kan inte köpa ett färdigt koncept rakt av. Nämnden beskriver "
            "själv vilken tjänst den behöver och upphandlar den, och en annan leverantör kan vinna "
            "upphandlingen."
        )
        messages.append(
            "\n".join(x for x in [concept, limit, *_passage_quotes((_CONCEPT_QUERY,)), *statute] if x)
        )
    else:
        messages.extend(external_sources())
    return messages


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
        return explain_external(dispatcher, tracker, tracker.latest_message.get("text") or "")


def explain_municipal_company(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """Utter the municipal-company explanation; the writer's role is left as it is."""
    for message in municipal_company_explanation():
        dispatcher.utter_message(text=message)
    return []


def explain_external(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    text: str,
    about_others: bool = False,
    english: bool = False,
) -> list[dict[str, Any]]:
    """Utter the external-actor explanation. Municipal staff asking about associations keep their role, and so
    does someone asking about an organisation they do not speak for (``about_others``); only a writer who
    speaks for one becomes "extern". ``english``: the message was in English, so one English sentence says the
    same before the Swedish rule."""
    if english:
        dispatcher.utter_message(text=ENGLISH_RULE)
    known_municipal = tracker.get_slot("role") == "kommun"
    others = known_municipal or (about_others and tracker.get_slot("role") != "extern")
    for message in external_explanation(text=text, asked_about_others=others):
        dispatcher.utter_message(text=message)
    return [] if others else [SlotSet("role", "extern")]


_PROJECT_LEADER_QUERY = (
    "Den sociala investeringsfonden ger möjligheter att engagera professionella projektledare inom ramen för "
    "investeringsmedlen.",
)
REMINDER = (
    "Kom ihåg: en privatperson, en förening eller ett företag kan inte söka själv – det är en nämnd som "
    "ansöker, och andra kan medverka i projektet."
)
"""The one-line reminder of who applies, after an answer to an outside actor's follow-up question."""


def external_question_kind(text: str) -> str | None:
    """The kind of follow-up question an outside actor asks ("kan inte någon annan vinna då?":
    someone_else), from ``external_questions`` in understanding.yaml; None when it is none of them."""
    from actions.understanding import external_question_patterns

    folded_text = " ".join(fold(text or "").split())
    for kind, patterns in external_question_patterns().items():
        if any(rx.search(folded_text) for rx in patterns):
            return kind
    return None


def _concept_lines() -> list[str]:
    limit, statute = procurement_facts()
    return [x for x in [limit, *_passage_quotes((_CONCEPT_QUERY,)), *statute] if x]


def external_question_messages(text: str, kind: str) -> list[str]:
    """The answer to an outside actor's follow-up question of ``kind`` (see :func:`external_question_kind`):
    the answer first, then its sources. The texts are ``external_answers`` in understanding.yaml."""
    from actions.eligibility import direct_award_messages
    from actions.understanding import external_answer

    answer = external_answer(kind)
    if not answer:
        return []
    if kind == "direct_award":
        award = direct_award_messages(text)
        return [*award, str(answer["note"])] if award else []
    lead = " ".join(str(answer.get("text") or "").split()).replace("{contact}", coordinator_text())
    sources = answer.get("sources")
    if sources == "concept":
        return ["\n".join([lead, *_concept_lines()])]
    if sources == "project_leader":
        return ["\n".join([lead, *_passage_quotes(_PROJECT_LEADER_QUERY)])]
    return [lead]


def explain_external_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, kind: str
) -> list[dict[str, Any]]:
    """An outside actor's follow-up question answered as the question it is. One who has already heard the
    rule gets a one-line reminder; one who has not gets the rule in one sentence with its source."""
    told = tracker.get_slot("role") == "extern" or told_external_rule(tracker)
    # On first contact, an offer of the actor's own concept or a price hears the rule first: the
    # external-actor reply covers the concept and LOU itself.
    first_rule = not told and kind in ("own_concept", "someone_else", "direct_award")
    messages = [] if first_rule else external_question_messages(text, kind)
    if not messages:
        return explain_external(dispatcher, tracker, text)
    for message in messages:
        dispatcher.utter_message(text=message)
    if told:
        dispatcher.utter_message(text=REMINDER)
        return []
    who_applies = " ".join(active_profile().applicants.text.split())
    rule = f"Kom ihåg regeln om vem som söker: ni kan inte söka själva. {who_applies}"
    dispatcher.utter_message(text="\n".join([rule, *applicant_citations()]))
    return [SlotSet("role", "extern")]


EXTERNAL_LEADS = (
    "Nej, ni kan inte söka själva",
    "Så här gäller för externa aktörer",
    "Kom ihåg regeln om vem",
)
"""How the who-may-apply replies to outside actors begin (:func:`external_explanation`)."""


def told_external_rule(tracker: Tracker) -> bool:
    """The assistant's reply to the user's message before this one told the who-may-apply rule to an outside
    actor ("jag är förälder …, kan jag få pengar?" is asked about others, so the role slot stays unset)."""
    return any(r.startswith(EXTERNAL_LEADS) or r == REMINDER for r in last_replies(tracker))
