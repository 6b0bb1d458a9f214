"""External actors (associations, companies, foundations): why they cannot apply and what they can do."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.citations import answer_excerpt, citation_text
from actions.fund import active_profile, coordinator_text, municipality
from actions.services import contract_values, parse_amount, parse_number
from actions.text_input import fold, last_replies

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
        "3. En ideell organisation kan också fråga förvaltningen om ett idéburet offentligt partnerskap "
        "(IOP). Det avgör nämnden; fondens riktlinjer säger inget om IOP.\n"
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
    if owned_by_municipality(text) and not english:
        # The municipality's own company is no outside actor: the fund profile says whether it may apply.
        if not company_may_apply():
            return explain_municipal_company(dispatcher)
        for message in municipal_company_may_apply():
            dispatcher.utter_message(text=message)
        return []
    if english:
        dispatcher.utter_message(text=ENGLISH_RULE)
    elif (tracker.get_slot("role") == "extern" or told_external_rule(tracker)) and (
        follow := external_follow_up_messages(tracker, text)
    ):
        # An outside actor who has heard the rule gets what they said answered, not the rule again: a price
        # ("vårt paket kostar 180 000 per år och de vill ha det i fyra år", retired v6 c026), a follow-up
        # question; then one line of reminder.
        for message in [*follow, REMINDER]:
            dispatcher.utter_message(text=message)
        return []
    known_municipal = tracker.get_slot("role") == "kommun"
    others = known_municipal or (about_others and tracker.get_slot("role") != "extern")
    for message in external_explanation(text=text, asked_about_others=others):
        dispatcher.utter_message(text=message)
    return [] if others else [SlotSet("role", "extern")]


_PROJECT_LEADER_QUERY = (
    "Den sociala investeringsfonden ger möjligheter att engagera professionella projektledare inom ramen för "
    "investeringsmedlen.",
)
_IOP_QUERY = (
    "Stadens sociala investeringsfond kan med fördel också öppna möjligheter för att exempelvis finansiera "
    "investeringar där verksamheten bedrivs inom ramen för så kallat idéburet – offentligt partnerskap "
    "(IOP).",
)
_TAKE_PART_QUERY = (
    "Det ska finnas en extern part, exempelvis en högskola, som följer och utvärderar insatsen.",
)
REMINDER = (
    "Kom ihåg: en privatperson, en förening eller ett företag kan inte söka själv – det är en nämnd som "
    "ansöker, och andra kan medverka i projektet."
)
"""The one-line reminder of who applies, after an answer to an outside actor's follow-up question."""


def external_question_kind(text: str) -> str | None:
    """The kind of follow-up question an outside actor asks ("kan inte någon annan vinna då?":
    someone_else): by the patterns of ``external_questions`` in understanding.yaml, then by meaning ("kan ni
    köpa vårt program?", "kan vi få ett IOP?": ``follow_up`` in external_actors.yaml); None when it is none
    of them."""
    return pattern_question_kind(text) or follow_up_kind(text)


def pattern_question_kind(text: str) -> str | None:
    """The kind of an outside actor's question by the patterns of ``external_questions``
    (understanding.yaml)."""
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
    if sources == "applicants":
        return ["\n".join([lead, *applicant_citations()])]
    if sources == "iop":
        note = " ".join(str(answer.get("iop_note") or "").split())
        return [lead, "\n".join([*_passage_quotes(_IOP_QUERY), note])]
    if sources == "take_part":
        return ["\n".join([lead, *_passage_quotes(_TAKE_PART_QUERY), *external_sources()])]
    return [lead]


def explain_external_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, kind: str
) -> list[dict[str, Any]]:
    """An outside actor's follow-up question answered as the question it is. One who has already heard the
    rule gets a one-line reminder; one who has not gets the rule in one sentence with its source."""
    told = tracker.get_slot("role") == "extern" or told_external_rule(tracker)
    # On first contact, an offer of the actor's own concept or a price hears the rule first: the
    # external-actor reply covers the concept and LOU itself; so does a kind found only by meaning ("Kan vi få
    # pengar ur fonden?" is near the co-financing examples).
    first_rule = not told and (
        kind in ("own_concept", "someone_else", "direct_award") or pattern_question_kind(text) is None
    )
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


# ---------------------------------------------------------------- who the writer says they are (session 7)

ACTORS_FILE = Path(__file__).parent / "data" / "external_actors.yaml"


@lru_cache(maxsize=1)
def actor_data() -> dict[str, Any]:
    """external_actors.yaml, read once per process."""
    data: dict[str, Any] = yaml.safe_load(ACTORS_FILE.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class SelfDescription:
    """The words that say who the writer is ("en föreningsdriven fritidsgård"), as written and folded."""

    text: str
    folded: str
    stems_only: bool = False


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[re.Pattern[str], bool, bool], ...]:
    cues = actor_data()["self_description"]["cues"]
    return tuple((re.compile(str(c["pattern"])), bool(c.get("raw")), bool(c.get("stems_only"))) for c in cues)


def _cut(words: list[str], stops: set[str], max_words: int) -> int:
    """How many of ``words`` (folded) belong to the self-description: up to a stop word or ``max_words``."""
    for n, word in enumerate(words[:max_words]):
        if word in stops:
            return n
    return min(len(words), max_words)


def self_descriptions(text: str) -> list[SelfDescription]:
    """The spans of ``text`` that say who the writer is, by the cues of external_actors.yaml
    ("studieförbund här", "vi är <…>", "jag är ledare på <…>", "vi på <…>", "vårt <…>")."""
    config = actor_data()["self_description"]
    stops = {str(w) for w in config["span_stops"]}
    max_words = int(config["span_max_words"])
    lowered = unicodedata.normalize("NFC", text or "").lower()
    folded_text = fold(text or "")
    same_length = len(lowered) == len(folded_text)
    found: list[SelfDescription] = []
    for rx, raw, stems_only in _cues():
        for match in rx.finditer(lowered if raw else folded_text):
            start, end = match.span("who")
            written = lowered[start:end] if (raw or same_length) else folded_text[start:end]
            words = written.split()
            n = _cut([fold(w).strip("-–") for w in words], stops, max_words)
            if n == 0:
                continue
            span = " ".join(words[:n]).strip(" -–")
            found.append(SelfDescription(span, fold(span), stems_only))
    return found


@lru_cache(maxsize=1)
def _kind_table() -> tuple[np.ndarray, np.ndarray]:
    """The labelled phrases of ``self_description.kinds`` and their e5 vectors."""
    from actions.services import sentence_vectors

    kinds = actor_data()["self_description"]["kinds"]
    labels = [str(kind) for kind, phrases in kinds.items() for _ in phrases]
    phrases = [str(p) for phrases in kinds.values() for p in phrases]
    return np.array(labels), sentence_vectors(phrases)


def _nearest_kinds(
    texts: list[str], table: tuple[np.ndarray, np.ndarray], top: int
) -> list[list[tuple[str, float]]]:
    """For each text, every kind with the mean similarity of its ``top`` nearest labelled phrases, best
    first."""
    from actions.services import sentence_vectors

    labels, vectors = table
    similarities = sentence_vectors(texts) @ vectors.T
    out = []
    for row in similarities:
        scores = {
            kind: float(np.sort(row[labels == kind])[-top:].mean()) for kind in dict.fromkeys(labels.tolist())
        }
        out.append(sorted(scores.items(), key=lambda kv: -kv[1]))
    return out


def span_kind(span: SelfDescription) -> tuple[str | None, bool]:
    """('municipal' | 'external' | 'private' | 'none' | None, decided by a stem) for a self-description. A
    municipal stem decides first, then an organisation stem inside a word, then the e5 vectors: the nearest
    outside kind (external or private) must beat municipal and none by the margin (external_actors.yaml)."""
    config = actor_data()["self_description"]
    if any(str(stem) in span.folded for stem in config["municipal_stems"]):
        return "municipal", True
    if any(str(stem) in span.folded for stem in config["org_stems"]):
        return "external", True
    if span.stems_only:
        return None, False
    try:
        ranked = dict(_nearest_kinds([span.text], _kind_table(), 2)[0])
    except Exception:  # noqa: BLE001 - without the model the patterns alone decide
        logger.exception("Self-description vectors failed")
        return None, False
    outside = max(("external", "private"), key=lambda k: ranked.get(k, 0.0))
    inside = max(("municipal", "none"), key=lambda k: ranked.get(k, 0.0))
    best = outside if ranked[outside] >= ranked[inside] else inside
    score, other = ranked[best], ranked[inside if best == outside else outside]
    if score < float(config["min_similarity"]) or score - other < float(config["min_margin"]):
        return None, False
    return best, False


def owned_by_municipality(text: str) -> bool:
    """A company the municipality owns ("vårt kommunala bolag", "Telge Bostäder", "ett bostadsbolag som ägs av
    staden"): understanding.yaml municipal_company, then ``municipal_owner`` of external_actors.yaml."""
    from actions.understanding import is_municipal_company

    owners = actor_data()["self_description"]["municipal_owner"]
    return is_municipal_company(text) or any(re.search(str(p), fold(text or "")) for p in owners)


def municipal_company_may_apply() -> list[str]:
    """Where the fund lets the municipality's companies apply (Stockholm: "Stadens nämnder (och bolag)
    söker"): that rule with its source, and whom to talk to."""
    who_applies = " ".join(active_profile().applicants.text.split())
    place = municipality() or "kommunen"
    first = f"Ja, ett bolag som {place} äger kan söka ur den sociala investeringsfonden. {who_applies}"
    return ["\n".join([first, *applicant_citations()]), coordinator_text()]


def described_actor(text: str) -> str | None:
    """'extern' when the writer describes themself as an organisation outside the municipality or a private
    person ("studieförbund här", "Vi är ett socialt arbetskooperativ", "jag är ledare på en föreningsdriven
    fritidsgård"); None otherwise. A municipal stem in any span wins, then an organisation stem, then the
    vectors (a municipal nearest kind there wins over an outside one: "jag är ledare" is no organisation).
    Asked when the patterns of understanding.yaml find no role."""
    if owned_by_municipality(text):
        return None
    kinds = [span_kind(span) for span in self_descriptions(text)]
    if ("municipal", True) in kinds:
        return None
    if ("external", True) in kinds:
        return "extern"
    if any(kind == "municipal" for kind, _ in kinds):
        return None
    return "extern" if any(kind in ("external", "private") for kind, _ in kinds) else None


# ---------------------------------------------------------------- follow-up questions by meaning (session 7)


@lru_cache(maxsize=1)
def _follow_up_table() -> tuple[np.ndarray, np.ndarray]:
    from actions.services import sentence_vectors

    examples = actor_data()["follow_up"]["examples"]
    labels = [str(kind) for kind, texts in examples.items() for _ in texts]
    texts = [str(t) for texts in examples.values() for t in texts]
    return np.array(labels), sentence_vectors(texts)


def follow_up_kind(text: str) -> str | None:
    """The kind of an outside actor's follow-up question by meaning: the nearest example of
    ``follow_up.examples`` (external_actors.yaml), when it is close enough and beats the ordinary questions
    ('none'); None otherwise."""
    from actions.understanding import question_part

    asked = question_part(text).strip() or text.strip()
    if not asked:
        return None
    config = actor_data()["follow_up"]
    try:
        ranked = _nearest_kinds([asked], _follow_up_table(), 1)[0]
    except Exception:  # noqa: BLE001
        logger.exception("Follow-up vectors failed")
        return None
    best, score = ranked[0]
    runner_up = next((s for k, s in ranked[1:] if k == "none"), 0.0) if best != "none" else 1.0
    if (
        best == "none"
        or score < float(config["min_similarity"])
        or score - runner_up < float(config["min_margin"])
    ):
        return None
    return best


# ---------------------------------------------------------------- a price from an outside actor (session 7)


_BARE_AMOUNT = re.compile(r"(?<![\d,.-])\d{1,3}(?:[ \u00a0]\d{3})+(?![\d,-])|(?<![\d,.-])\d{5,7}(?![\d,-])")
"""A number with thousands ("180 000", "240000"): kronor in a message about a price ("vi tar 240 000 …");
not a phone number (8+ digits) or an organisation number ("556677-8899"; review 7)."""


def price_in(text: str) -> int | None:
    """The amount of money ``text`` names: what rules.extract reads ("150 000 kr", "2 miljoner"), else a bare
    number with thousands ("vårt paket kostar 180 000 per år")."""
    amount = parse_amount(text)
    if amount is None and (bare := _BARE_AMOUNT.search(text or "")):
        amount = int(re.sub(r"\D", "", bare.group(0)))
    return amount


def _years_in(text: str) -> int | None:
    config = actor_data()["contract_price"]
    match = re.search(str(config["years"]), fold(text))
    if not match:
        return None
    years = parse_number(match.group(2))
    return int(years) if years else None


def _per_year(text: str) -> bool:
    return bool(re.search(str(actor_data()["contract_price"]["per_year"]), fold(text)))


def contract_price(text: str, earlier: list[str] | None = None) -> tuple[int, int | None, int] | None:
    """(amount, years, total) of a price an outside actor names: "180 000 per år … i fyra år" ->
    (180000, 4, 720000); a yearly amount said before and the years now ("… per år" – "de vill ha det i fyra
    år") count together. Years is None for a total price or a yearly one without years (then total is the
    amount). None when no amount is named."""
    # A price per month or term over a length, or several contracts ("60 000 kr per månad under 2 år"):
    # the whole contract's value as the checks read it (rules.extract.contract_values; review 7 found the
    # monthly price told it was under the direct-award limit).
    whole = [v for v in contract_values(text) if v.how in ("period", "count")]
    if whole and not _per_year(text):
        best = max(whole, key=lambda v: v.total)
        return best.amount, None, best.total
    amount = price_in(text)
    years = _years_in(text)
    yearly = _per_year(text)
    if amount is None and years:
        for before in reversed(earlier or []):
            if _per_year(before) and (amount := price_in(before)) is not None:
                yearly = True
                break
    if amount is None:
        return None
    if yearly and years:
        return amount, years, amount * years
    return amount, None, amount


def direct_award_limit(day: date | None = None) -> int | None:
    """The direct-award limit in force on ``day`` (rules/parameters/upphandling.yaml), or None."""
    from actions.services import parameter_table

    value = parameter_table().at("direktupphandlingsgrans", day or date.today()).value
    return int(value) if value is not None else None


def contract_price_messages(text: str, earlier: list[str] | None = None) -> list[str]:
    """An outside actor's price, answered: the contract's whole value (yearly amount times years), compared
    with the dated direct-award limit, what follows from it, and the rule's sources."""
    from actions.answers import rule_messages
    from actions.services import kr
    from actions.understanding import external_answer

    price = contract_price(text, earlier)
    if price is None:
        return []
    amount, years, total = price
    texts = external_answer("contract_price")
    if years:
        lead = str(texts["whole"]).format(amount=kr(amount), years=years, total=kr(total))
    elif _per_year(text):
        # A yearly price without the years: the limit, and the question that decides it.
        rule = services.rule_topic_answer("direktupphandlingsgrans")
        lead = str(texts["yearly"]).format(amount=kr(amount))
        return [lead, *(rule_messages(rule) if rule is not None else [])]
    else:
        lead = str(texts["total"]).format(total=kr(total))
    answer = services.rule_answer(f"Får en nämnd direktupphandla en tjänst för {total} kr?")
    limit = direct_award_limit()
    rule_text = rule_messages(answer)[0] if answer is not None else ""
    messages = [f"{lead} {rule_text}".strip()]
    if limit is not None:
        messages.append(" ".join(str(texts["over" if total > limit else "within"]).split()))
    return messages


def external_follow_up_messages(tracker: Tracker, text: str) -> list[str]:
    """What an outside actor who has heard who may apply says next, answered: a price (the contract's whole
    value against the direct-award limit), a follow-up question of a known kind, or any other question from
    the documents. Empty for a new offer or idea without a price (that hears the rule again)."""
    from actions.answers import answer_or_apology, unknown_answer
    from actions.text_input import earlier_texts, is_question
    from actions.understanding import question_part, speaks_of_self

    earlier = earlier_texts(tracker)
    if names_price(text, earlier) and (messages := contract_price_messages(text, earlier)):
        return messages
    from actions.understanding import asks_operating_grant

    if asks_operating_grant(text):
        # "men hyra av lokaler är ju undantaget från LOU, spelar det ingen roll?" (retired v5 c036): the fund
        # pays no drift or föreningsstöd, whatever else the question says.
        return [operating_grant_message()]
    asks = is_question(text)
    kind = external_question_kind(text) if asks else None
    if kind and (messages := external_question_messages(text, kind)):
        return messages
    if asks and not speaks_of_self(text):
        answer = answer_or_apology(question_part(text) or text)
        # Nothing found for "men om vi redan pratat med socialchefen?" (probe_s6 t609): the rule and what to
        # do instead say more than "Det vet jag inte"; a fact the documents lack keeps its own "Det vet jag
        # inte – …" (ongoing projects, phone numbers).
        return [] if answer and answer[0].startswith(unknown_answer()[:40]) else answer
    return []


def names_price(text: str, earlier: list[str] | None = None) -> bool:
    """The message names a price an outside actor asks or takes ("vi tar 240 000 per år", "… i tre år" after a
    yearly amount): the contract's value is then answered (:func:`contract_price_messages`)."""
    priced = price_in(text) is not None or _years_in(text) is not None
    return priced and contract_price(text, earlier) is not None


def external_contact_messages(tracker: Tracker, text: str) -> list[str]:
    """ "vem ska vi kontakta då?" from an outside actor who has heard who may apply: where to turn (the nämnd
    or förvaltning, then the fund's contact); empty for anyone else or any other contact question."""
    told = tracker.get_slot("role") == "extern" or told_external_rule(tracker)
    if not told or external_question_kind(text) != "where_to_turn":
        return []
    return external_question_messages(text, "where_to_turn")
