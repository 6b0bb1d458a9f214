"""What a message is, possibly several things at once: a role statement, a wish to write an idéskiss, a
question, an idea with facts, an instruction that tries to change the assistant. The NLU intent is one input;
the patterns in ``actions/data/understanding.yaml`` find what a single intent cannot (a förening introducing
itself inside a longer question, a municipal employee asking for an idéskiss after a greeting).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from actions.text_input import fold, is_question

DATA = Path(__file__).with_name("data") / "understanding.yaml"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    """understanding.yaml, read once per process: read on every call it was a fifth of the web app's CPU under
    load (py-spy, benchmarks/locust_benchmark.py at 60 users, 2026-11-24)."""
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


ROOT = Path(__file__).resolve().parents[1]
VOCABULARY_SOURCES = (ROOT / "knowledge" / "corpus", ROOT / "bot" / "data" / "nlu", Path(__file__).parent)
"""Where the words the assistant knows come from: the fund's documents, the NLU examples, the action data."""

REFUSAL = (
    "Det kan jag inte göra. Jag följer fondens riktlinjer och kan inte godkänna projekt eller ändra hur jag "
    "arbetar – det är kommunen som prövar och beslutar om ansökningar. Jag hjälper dig gärna med en fråga om "
    "fonden, en prövning av en idé mot reglerna eller en idéskiss."
)

_WH_START = re.compile(r"^\W*(vad|hur|vem|vems|vilka|vilken|vilket|nar|varfor|var finns|vart)\b")
_OPEN_START = re.compile(r"^\W*(vad|hur|vem|vems|vilka|vilken|vilket|när|varför|var finns)\b")
"""A question word first, read before folding ("Vårt projekt" is no "vart")."""


@dataclass(frozen=True)
class Patterns:
    external: tuple[re.Pattern[str], ...]
    municipal: tuple[re.Pattern[str], ...]
    sketch: tuple[re.Pattern[str], ...]
    injection: tuple[re.Pattern[str], ...]
    idea: tuple[re.Pattern[str], ...]
    topics: dict[str, tuple[str, ...]]
    external_subject: tuple[re.Pattern[str], ...] = ()
    idea_questions: tuple[re.Pattern[str], ...] = ()
    embedded_question: tuple[re.Pattern[str], ...] = ()
    follow_up_why: tuple[re.Pattern[str], ...] = ()
    context: dict[str, Any] = field(default_factory=dict)


@lru_cache
def patterns() -> Patterns:
    data = _data()
    org = " ".join(str(data["external_org"]).split()).replace(" ", "")

    def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p.replace("{org}", org)) for p in data[key])

    return Patterns(
        external=compile_all("external_statements"),
        municipal=compile_all("municipal_statements"),
        sketch=compile_all("sketch_request"),
        injection=compile_all("injection"),
        idea=compile_all("idea_markers"),
        topics={k: tuple(fold(w) for w in v) for k, v in data["check_topics"].items()},
        external_subject=compile_all("external_subject"),
        idea_questions=compile_all("idea_questions"),
        embedded_question=compile_all("embedded_question"),
        follow_up_why=compile_all("follow_up_why"),
        context=dict(data["context"]),
    )


def folded(text: str) -> str:
    """Folded text with punctuation turned into spaces (so patterns see words), single-spaced."""
    return " ".join(re.sub(r"[^\w:]+", " ", fold(text or "")).split())


@dataclass
class Understanding:
    text: str
    intent: str | None = None
    role: str | None = None
    """'extern' when the writer speaks for an outside organisation, 'kommun' for municipal staff."""
    wants_sketch: bool = False
    question: bool = False
    injection: bool = False
    idea: bool = False
    """A plan or an idea, stated or asked about."""
    idea_stated: bool = False
    """A stated plan ("Vi vill …", "Vårt projekt: …"), not only an idea put as a question."""
    topics: list[str] = field(default_factory=list)
    """Checks the message is about, most specific first."""
    asks_open: bool = False
    """Begins with a question word ("Vad är första steget …?"): a question about the fund, not an idea."""
    about_external: bool = False
    """An outside organisation would apply or be paid, but the writer does not speak for it."""
    follow_up_why: bool = False
    """ "Varför inte?", "Hur kan vi göra om idén?": about the verdict on the idea already described."""

    @property
    def only_role(self) -> bool:
        """A bare role statement ("Jag företräder en idrottsförening") with nothing else to act on."""
        return self.role is not None and not (self.question or self.wants_sketch or self.idea)


def role_in(text: str) -> str | None:
    f = folded(text)
    p = patterns()
    if any(rx.search(f) for rx in p.external):
        return "extern"
    if any(rx.search(f) for rx in p.municipal):
        return "kommun"
    return None


def wants_sketch(text: str) -> bool:
    f = folded(text)
    if "skiss" not in f:
        return False
    if _WH_START.search(f) and not re.search(r"\bhjalp", f):
        return False  # "Vad ska en idéskiss innehålla?" is a question about the sketch
    return any(rx.search(f) for rx in patterns().sketch)


def is_injection(text: str) -> bool:
    f = " ".join(fold(text or "").split())
    return any(rx.search(f) for rx in patterns().injection)


def topics_in(text: str) -> list[str]:
    f = folded(text)
    found = []
    for check, words in patterns().topics.items():
        if any(w in f for w in words):
            found.append(check)
    return found


def describes_idea(text: str) -> bool:
    """A stated plan ("Vi vill …", "Vårt projekt: …")."""
    f = folded(text)
    return any(rx.search(f) for rx in patterns().idea)


def asks_about_idea(text: str) -> bool:
    """An idea put as a question ("Kan vi få pengar för att …?")."""
    f = folded(text)
    return any(rx.search(f) for rx in patterns().idea_questions)


def asks_within(text: str) -> bool:
    """A question inside a statement: "… och undrar om vi kan söka pengar"."""
    f = folded(text)
    return any(rx.search(f) for rx in patterns().embedded_question)


def about_external(text: str) -> bool:
    f = folded(text)
    return any(rx.search(f) for rx in patterns().external_subject)


def asks_why(text: str) -> bool:
    f = folded(text)
    return any(rx.search(f) for rx in patterns().follow_up_why)


def contract_years(text: str) -> int | None:
    """ "Avtalet är på tre år" -> 3 (``contract_length``), else None."""
    config = _listed_mapping("contract_length")
    match = re.search(config["contract_years"], folded(text))
    if not match:
        return None
    word = match.group(match.lastindex or 0)
    return int(word) if word.isdigit() else int(config["number_words"].get(word, 0)) or None


def yearly_sentence(text: str) -> str | None:
    """The last sentence of ``text`` that states an amount per year ("300 000 kr per år"), or None."""
    config = _listed_mapping("contract_length")
    sentences = re.split(r"(?<=[.!?\n])\s*", text or "")
    found = [s for s in sentences if re.search(config["per_year"], fold(s)) and re.search(r"\d", s)]
    return found[-1] if found else None


def answers_last_question(text: str) -> bool:
    """A reply that begins with yes or no and asks nothing ("nej, vi har inte köpt något liknande …")."""
    return bool(re.search(str(_data().get("answer_lead") or "$^"), folded(text))) and not is_question(text)


def continues_contract(text: str) -> bool:
    """ "Och sedan samma sak för 650 000 kr nästa år också": more of the contract already described."""
    f = folded(text)
    data = _data()
    return any(re.search(p, f) for p in data.get("same_supplier") or ())


def _listed(key: str) -> tuple[str, ...]:
    data = _data()
    return tuple(data.get(key) or ())


def about_the_fund(text: str) -> bool:
    """The message uses a word of the fund or the municipality's organisation (``fund_words``)."""
    f = folded(text)
    return any(fold(w) in f for w in _listed("fund_words"))


def _matches_listed(key: str, text: str) -> bool:
    f = folded(text)
    return any(re.search(p, f) for p in _listed(key))


_WH_CLAUSE = re.compile(
    r"(^|[,;:]\s*|\b(?:och|men|sa)\s+)(vad|hur|vem|vems|vilka|vilken|vilket|nar|varfor)\b[^,;:.!?]*\?\s*$"
)
_WH_FIRST = re.compile(
    r"^\W*(?:(?:ok|okej|och|men|sa|jaha|ja|aha|jo|nej|hmm|tack|bra)\W+)*(vad|hur|vem|vems|vilka|vilken|vilket|nar"
    r"|varfor)\b"
)


def asks_wh(text: str) -> bool:
    """The message asks a question-word question, first ("ok, och vad får pengarna inte gå till?") or as its
    last clause ("Om vårt projekt ger besparingar hos socialkontoret …, vem betalar tillbaka då?")."""
    lowered = fold(" ".join(text.lower().split()))
    return bool(_WH_FIRST.search(lowered) or _WH_CLAUSE.search(lowered))


def names_organisation(text: str) -> bool:
    """The message names an organisation outside the municipality ("Om en förening vill vara med …")."""
    org = " ".join(str(_data()["external_org"]).split()).replace(" ", "")
    return bool(re.search(rf"\b{org}\b", folded(text)))


def asks_how_to_proceed(text: str) -> bool:
    """ "Jag har en idé …, hur gör jag?", "Så vad ska vi göra konkret?": how to go on (``how_to_proceed``,
    matched against the end of the message's question)."""
    return _matches_listed("how_to_proceed", question_part(text).rstrip(" ?!."))


def asks_about_so_far(text: str) -> bool:
    """ "Ser du några problem så här långt?": the checks on what the conversation has said so far
    (``check_so_far``)."""
    return _matches_listed("check_so_far", text)


def asks_verdict(text: str) -> bool:
    """ "…, räcker det?", "Blir det problem?": a verdict on the idea described (``verdict_request``)."""
    lowered = fold(" ".join(text.lower().split()))
    return any(re.search(p, lowered) for p in _listed("verdict_request"))


def is_vague_follow_up(text: str) -> bool:
    """ "och sen då", "och?": a continuation with nothing of its own (``vague_follow_up``)."""
    return _matches_listed("vague_follow_up", text)


def wants_payment(text: str) -> bool:
    """ "Om en nämnd vill betala oss …": the writer's organisation would be paid by the municipality."""
    f = folded(text)
    return any(re.search(p, f) for p in _listed("paid_by_municipality"))


def asks_for_person(text: str) -> bool:
    """ "Vad heter den som är samordnare i dag?": a named person's details, which no document gives."""
    f = folded(text)
    return any(re.compile(p).search(f) for p in _personal_patterns())


@lru_cache
def _personal_patterns() -> tuple[str, ...]:
    data = _data()
    return tuple(data.get("personal_details") or ())


def asks_for_contact(text: str) -> bool:
    """The message (its question, when it begins with something else) asks for a person to talk to."""
    f = folded(question_part(text))
    data = _data()
    return any(re.search(p, f) for p in data.get("contact_request") or ())


def question_part(text: str) -> str:
    """The question of a message that begins with something else ("Jag är samordnare. Hur stor är fonden?"):
    its sentences that end with "?", or the whole text when there is no such sentence or only one sentence."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]
    asked = [s for s in sentences if s.endswith("?")]
    if len(sentences) < 2 or not asked or len(asked) == len(sentences):
        return text
    return " ".join(asked)


def has_own_topic(text: str) -> bool:
    """A word of ``anchor_min_letters`` letters or more that is neither a generic word nor a fund's
    municipality: the message names what it is about ("återföringsperioden", "betala tillbaka") rather than
    leaning on the one before ("Och i Sundsvall då?")."""
    config = patterns().context
    generic = {fold(w) for w in config["generic_words"]} | {fold(n) for n in _fund_names() if n}
    return any(len(t) >= int(config["anchor_min_letters"]) and t not in generic for t in folded(text).split())


def leans_on_context(text: str) -> bool:
    """A short question that needs the question before it ("Hur lång tid har man på sig?")."""
    config = patterns().context
    tokens = folded(text).split()
    lead = config.get("pronoun_lead")
    if lead and len(tokens) <= int(config["pronoun_lead_max_words"]) and re.search(lead, " ".join(tokens)):
        return True
    if not tokens or len(tokens) > int(config["max_words"]) or has_own_topic(text):
        return False
    joined = " ".join(tokens)
    starts = any(joined == c or joined.startswith(c + " ") for c in config["connectors"])
    return starts or any(t in config["pronouns"] for t in tokens)


def standing_for(text: str) -> str | None:
    """The question a short pronoun follow-up stands for ("vem söker dem" -> "Vem får söka pengar ur
    fonden?"), from ``pronoun_questions``; None for any other message."""
    f = folded(text)
    items: list[dict[str, str]] = list(_data().get("pronoun_questions") or [])
    for item in items:
        if re.search(str(item["pattern"]), f):
            return str(item["question"])
    return None


def with_context(text: str, earlier: list[str]) -> str:
    """``text`` searched together with the last earlier question that names its own topic (newest last in
    ``earlier``); other funds' names are dropped from it when the follow-up points at the active fund."""
    if standing := standing_for(text):
        return standing
    if not leans_on_context(text):
        return text
    anchor = next((e for e in reversed(earlier) if is_question(e) and has_own_topic(e)), None)
    if anchor is None:
        return text
    f = folded(text)
    if any(fold(w) in f for w in patterns().context["here_words"]) or _names_a_fund(f):
        anchor = _without_fund_names(anchor)
    return f"{anchor} {text}"


@lru_cache(maxsize=1)
def _fund_names() -> tuple[str, ...]:
    try:
        from rules.profiles import available_funds, load_profile

        return tuple(str(load_profile(f).municipality or "") for f in available_funds())
    except Exception:  # noqa: BLE001 - without the profiles nothing is dropped
        return ()


def _names_a_fund(folded_text: str) -> bool:
    return any(name and fold(name) in folded_text.split() for name in _fund_names())


def _without_fund_names(text: str) -> str:
    for name in _fund_names():
        if name:
            text = re.sub(rf"\b(i |hos |för |)({re.escape(name)}s?)\b", "", text, flags=re.IGNORECASE)
    return " ".join(text.split())


@lru_cache
def vocabulary() -> frozenset[str]:
    """Every folded word in the fund's documents, the NLU examples and the action data."""
    known: set[str] = set()
    for source in VOCABULARY_SOURCES:
        for path in sorted(source.glob("*")):
            if path.suffix in (".md", ".txt", ".yml", ".yaml"):
                known.update(re.findall(r"[a-z]+", fold(path.read_text(encoding="utf-8", errors="ignore"))))
    known.update(fold(w) for w in _listed("chat_words"))
    return frozenset(known)


def is_gibberish(text: str) -> bool:
    """No word of the message is a word the assistant knows ("asdkjh qwe zxc"): keyboard mashing, not a
    greeting. A message with digits, or a single word, is left to the NLU."""
    tokens = re.findall(r"[a-z]+", fold(text))
    if len(tokens) < 2 or re.search(r"\d", text):
        return False  # one word ("Tjabba!", "japp") is the NLU's to read
    known = vocabulary()
    return not any(t in known for t in tokens)


@lru_cache
def swedish_words() -> frozenset[str]:
    """Folded Swedish words: the assistant's vocabulary plus every form and lemma in spaCy's Swedish lookup
    table and spaCy's Swedish stop words (what ``knowledge.textnorm`` lemmatises with)."""
    from knowledge.textnorm import _folded_lemmas

    lemmas, stop = _folded_lemmas()
    return vocabulary() | frozenset(lemmas) | frozenset(lemmas.values()) | stop


def _name_shaped(token: str) -> bool:
    """A capitalised word that could be a name or a title ("Bryggan", "Hopp", "Tensta"): upper-case first
    letter, the rest lower case, a vowel, and no longer consonant run than names have (``mash``)."""
    config = _listed_mapping("mash")
    if not re.fullmatch(r"[A-ZÅÄÖÉ][a-zåäöéü]+(-[A-ZÅÄÖÉa-zåäöéü]+)?", token):
        return False
    letters = fold(token)
    runs = re.findall(r"[^aeiouy-]+", letters)
    return bool(re.search(r"[aeiouy]", letters)) and max((len(r) for r in runs), default=0) <= int(
        config["max_consonant_run"]
    )


def _listed_mapping(key: str) -> dict[str, Any]:
    data = _data()
    return dict(data.get(key) or {})


def is_keyboard_mash(text: str) -> bool:
    """An answer in the form that is no words at all ("asdkj qwe", "jjjjjjjj"): no token is a Swedish word
    (``swedish_words``) and none is shaped like a name, and there are no digits. One-word titles and names
    ("Bryggan", "Hopp", "Lotta Ek") are words or names, so they are kept."""
    if re.search(r"\d", text):
        return False
    tokens = re.findall(r"[A-Za-zÅÄÖåäöÉéÜü]+(?:-[A-Za-zÅÄÖåäöÉéÜü]+)?", text)
    if not tokens:
        return False
    known = swedish_words()
    config = _listed_mapping("mash")
    if any(fold(t.lower()) in known and len(t) >= int(config["min_known_letters"]) for t in tokens):
        return False
    return not any(_name_shaped(t) for t in tokens)


def understand(text: str, intent: str | None = None) -> Understanding:
    return Understanding(
        text=text,
        intent=intent,
        role=role_in(text),
        wants_sketch=wants_sketch(text),
        question=is_question(text) or asks_within(text),
        injection=is_injection(text),
        idea=describes_idea(text) or asks_about_idea(text),
        idea_stated=describes_idea(text),
        topics=topics_in(text),
        about_external=about_external(text),
        follow_up_why=asks_why(text),
        asks_open=bool(_OPEN_START.search(" ".join(text.lower().split()))),
    )
