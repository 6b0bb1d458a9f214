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


def reply_text(key: str, **values: str) -> str:
    """A fixed reply of the router (``replies`` in understanding.yaml), with ``values`` filled in."""
    text = str(_data()["replies"][key])
    return text.format(**values) if values else text


REFUSAL = reply_text("refusal")

_WH_START = re.compile(
    r"^\W*((till|pa|i|for|med|fran|hos|av|om) )?"
    r"(vad|hur|vem|vems|vilka|vilken|vilket|nar|varfor|var finns|vart)\b"
)
"""A question word first, also after a preposition ("Till vilken mejladress ska vi skicka vår idéskiss?",
retired v5 s083: a question about the sketch, not a wish to write one)."""
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
    if any(rx.search(f) for rx in p.external) or _matches_compiled("private_statements", f):
        return "extern"
    if any(rx.search(f) for rx in p.municipal):
        return "kommun"
    # A kind of organisation the patterns do not list ("studieförbund här", "Vi är ett socialt
    # arbetskooperativ"): the writer's self-description, read by actions/roles.py (external_actors.yaml).
    from actions.roles import described_actor

    return described_actor(text)


def wants_sketch(text: str) -> bool:
    f = folded(text)
    if "skiss" not in f:
        return False
    if _WH_START.search(f) and not re.search(r"\bhjalp", f):
        return False  # "Vad ska en idéskiss innehålla?" is a question about the sketch
    if topics_in(text) and asks_verdict(text):
        # "Vi har inte hunnit prata med vår förvaltningschef än, men vi vill skicka in idéskissen redan i
        # dag … Är det ok?" (retired v5 s118) asks whether a check's condition holds, not to start writing.
        return False
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
    from actions.services import parse_number

    years = parse_number(match.group(match.lastindex or 0))
    return int(years) if years else None


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


def asks_what_is_missing(text: str) -> bool:
    """ "Vad saknas för att allt ska bli godkänt?": every fact the open checks need (``what_is_missing``)."""
    return _matches_listed("what_is_missing", text)


def asks_about_payout(text: str) -> bool:
    """ "Betalas pengarna ut i förskott eller i efterhand?": how the fund pays out (``payout_question``)."""
    return _matches_listed("payout_question", text)


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


def sentences_of(text: str) -> list[str]:
    """The sentences of a message, split after ".", "!" or "?"."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]


def question_part(text: str) -> str:
    """The question of a message that begins with something else ("Jag är samordnare. Hur stor är fonden?"):
    its sentences that end with "?", or the whole text when there is no such sentence or only one sentence."""
    sentences = sentences_of(text)
    asked = [s for s in sentences if s.endswith("?")]
    if len(sentences) < 2 or not asked or len(asked) == len(sentences):
        return text
    # "Vi vill köpa handledning för 300 000 kr. Måste vi upphandla det?": a question that points back with
    # a pronoun (``question_part_pronouns``) keeps the sentence before it.
    pronouns = {fold(w) for w in _listed("question_part_pronouns")}
    kept: list[str] = []
    for index, sentence in enumerate(sentences):
        if not sentence.endswith("?"):
            continue
        leans = index > 0 and any(t in pronouns for t in folded(sentence).split())
        if leans and sentences[index - 1] not in kept:
            kept.append(sentences[index - 1])
        kept.append(sentence)
    return " ".join(kept)


def has_own_topic(text: str) -> bool:
    """A word of ``anchor_min_letters`` letters or more that is neither a generic word nor a fund's
    municipality: the message names what it is about ("återföringsperioden", "betala tillbaka") rather than
    leaning on the one before ("Och i Sundsvall då?")."""
    config = patterns().context
    generic = _generic_words() | _folded_fund_names()
    return any(len(t) >= int(config["anchor_min_letters"]) and t not in generic for t in folded(text).split())


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """``context.generic_words``, folded: words that name no topic of their own."""
    return frozenset(fold(w) for w in patterns().context["generic_words"])


def leans_on_context(text: str) -> bool:
    """A short question that needs the question before it ("Hur lång tid har man på sig?")."""
    config = patterns().context
    tokens = folded(text).split()
    lead = config.get("pronoun_lead")
    if lead and len(tokens) <= int(config["pronoun_lead_max_words"]) and re.search(lead, " ".join(tokens)):
        # "Finns det någon blankett för idéskissen?": an existential "det" with a word of the fund's own
        # stands alone; "Finns det undantag?" still leans on the question before.
        existential = re.search(str(config.get("existential_lead") or "$^"), " ".join(tokens))
        return not (existential and about_the_fund(text))
    if not tokens or len(tokens) > int(config["max_words"]) or has_own_topic(text):
        return False
    joined = " ".join(tokens)
    starts = any(joined == c or joined.startswith(c + " ") for c in config["connectors"])
    return starts or any(t in config["pronouns"] for t in tokens)


def is_fragment_question(text: str) -> bool:
    """ "och 2019", "sundsvall då": a fragment without a question mark that continues the question before
    (``context.fragment_question``); never "hej då" or "och tack"."""
    if text.strip().endswith((".", "!")):
        return False
    return bool(re.search(str(patterns().context.get("fragment_question") or "$^"), folded(text)))


def _asks(text: str) -> bool:
    return is_question(text) or is_fragment_question(text)


def is_elliptic(text: str) -> bool:
    """A question too short to stand alone: at most ``elliptic_max_words`` words and no topic of its own ("hur
    länge då?", "hur lång tid?"), a verb and a noun without a question word ("räknas lärare?"), or a bare fund
    name ("Sundsvall?")."""
    config = patterns().context
    tokens = folded(text).split()
    if not tokens or not _asks(text) or len(tokens) > int(config.get("elliptic_max_words") or 0):
        return False
    names = _folded_fund_names()
    if all(t in names or t in ("och", "i", "hos", "da") for t in tokens):
        return True  # "Sundsvall?", "och i Stockholm?"
    if not has_own_topic(text):
        return True
    # "räknas lärare?": no question word, a verb first and one word of its own.
    return len(tokens) <= 2 and not _WH_START.search(" ".join(tokens))


def _points_back_by_words(text: str) -> bool:
    """ "samma sak med Tjejhuset", "den uppföljningen" (``context.anaphora``)."""
    config = patterns().context
    f = folded(text)
    skip = {fold(w) for w in config.get("anaphora_not") or ()}
    for pattern in config.get("anaphora") or ():
        for match in re.finditer(str(pattern), f):
            if not any(w in skip for w in match.group(0).split()[1:]):
                return True
    return False


def points_back(text: str) -> bool:
    """Words that point at the turn before ("samma sak med Tjejhuset", "den uppföljningen", a short question
    ending "… då?" or "… det?"), from ``context.anaphora`` and ``anaphora_short`` in understanding.yaml."""
    if _points_back_by_words(text):
        return True
    config = patterns().context
    f = folded(text)
    short = int(config.get("anaphora_short_max_words") or 0)
    return len(f.split()) <= short and bool(re.search(str(config.get("anaphora_short") or "$^"), f))


def follows_up_weakly(text: str) -> bool:
    """A follow-up only by its "och/men" lead or a closing pronoun, with a topic of its own ("och hur ofta ska
    fonden följas upp enligt förslaget?", "kan fonden betala för den?"): it may stand alone, so it is searched
    alone too and the better match wins."""
    strong = leans_on_context(text) or is_elliptic(text) or _points_back_by_words(text)
    return is_follow_up(text) and not strong


def speaks_of_self(text: str) -> bool:
    """The writer is the subject or object of the question ("Kan jag vara den externa utvärderaren då?"):
    an outside actor asking that offers themself, whatever the turn before was."""
    return bool(re.search(r"\b(jag|vi|mig|oss)\b", folded(text)))


def is_follow_up(text: str) -> bool:
    """A question that only makes sense with the one before it: one that leans on context
    (``leans_on_context``), an elliptic one (``is_elliptic``), an "och/men" question of a few words, or one
    that points back (``points_back``), or a fragment that continues it ("och 2019", "sundsvall då")."""
    if not _asks(text):
        return False
    if leans_on_context(text) or is_elliptic(text) or points_back(text):
        return True
    config = patterns().context
    f = folded(text)
    lead = str(config.get("and_lead") or "$^")
    if re.search(lead, f) and len(f.split()) <= int(config.get("and_max_words") or 0):
        return True
    return leans_loosely(text)


def leans_loosely(text: str) -> bool:
    """A short question that may lean on the one before: at most ``context.loose_max_words`` words with a word
    that points back anywhere in it (``context.loose_pointers``: "vilket gäller för oss?", "även om det är ett
    litet projekt?", "vilka personer är det som sitter där just nu?"). Such a
    question is searched both alone and with the question before it; the better match is answered
    (actions/respond.better_query; session 7, blind v6 follow-up class)."""
    config = patterns().context
    tokens = folded(text).split()
    if not tokens or len(tokens) > int(config.get("loose_max_words") or 0) or not is_question(text):
        return False
    if _names_a_fund(" ".join(tokens)):
        return False  # "Och Stockholm, där får väl föreningar söka?": "där" is the fund it names
    return bool(re.search(str(config.get("loose_pointers") or "$^"), " ".join(tokens)))


def standing_for(text: str) -> str | None:
    """The question a short pronoun follow-up stands for ("vem söker dem" -> "Vem får söka pengar ur
    fonden?"), from ``pronoun_questions``; None for any other message."""
    f = folded(text)
    items: list[dict[str, str]] = list(_data().get("pronoun_questions") or [])
    for item in items:
        if re.search(str(item["pattern"]), f):
            return str(item["question"])
    return None


def _anchor(earlier: list[str], depth: int) -> str | None:
    """The question a follow-up continues: the last earlier question, read with its own context when it was
    itself a follow-up that leans on the one before ("Måste vi ha med en högskola för att utvärdera?" – "får
    det ingå i budgeten?" – "även om det är ett litet projekt?" continues both, blind v6 c019; at most
    ``context.chain_depth`` turns back), else the last earlier question that names its own topic."""
    limit = int(patterns().context.get("chain_depth") or 0)
    for index in range(len(earlier) - 1, -1, -1):
        before = earlier[index]
        if not (is_question(before) or is_fragment_question(before)):
            continue
        leaning = index > 0 and depth < limit and is_follow_up(before) and not follows_up_weakly(before)
        if leaning and (resolved := with_context(before, earlier[:index], depth + 1)) != before:
            return resolved
        if has_own_topic(before):
            return before
    return None


def with_context(text: str, earlier: list[str], depth: int = 0) -> str:
    """``text`` searched together with the question it continues (``_anchor``; newest last in ``earlier``);
    other funds' names are dropped from it when the follow-up points at the active fund."""
    if standing := standing_for(text):
        return standing
    if earlier and (named := _fund_named_in(earlier[-1])) and not _names_a_fund(folded(text)):
        # "Hur stor är Stockholms fond?" – "Och vem beslutar där?": "där" is the fund named just before
        # (tryout 5, class B).
        place = re.sub(str(patterns().context.get("there_words") or "$^"), f"i {named}", text, flags=re.I)
        if place != text:
            return place
    if earlier and (redated := _asked_again_for_date(text, earlier[-1])):
        return redated
    if earlier and (other_kind := _asked_again_for_kind(text, earlier[-1])):
        return other_kind
    if not is_follow_up(text):
        return text
    anchor = _anchor(earlier, depth)
    if anchor is None and earlier and is_question(earlier[-1]):
        # "Hur stor är vår fond?" – "och i Stockholm?": the question just before, even without a long word.
        anchor = earlier[-1]
    if anchor is None:
        return text
    if (new_date := _DATE.search(text)) and _DATE.search(anchor) and not has_own_topic(_DATE.sub("", text)):
        # "Vad var direktupphandlingsgränsen 2021?" – "och 2019?": the question before, asked for that year.
        return _DATE.sub(new_date.group(0), anchor)
    f = folded(text)
    here = any(fold(w) in f for w in patterns().context["here_words"])
    if here and _fund_named_in(anchor):
        # "Vad kräver våra riktlinjer om utvärdering?" – "Sundsvall kräver väl kontrollgrupp?" – "gäller det
        # hos oss också?": the other fund's rule asked about ours, with our own question on it (v5 c037).
        # Only the question just before the other fund's: "och hos oss?" four turns after the fund-size
        # question asks about the turn before it, not about the fund's size (blind v6 c015, session 7).
        own = earlier[-2] if len(earlier) >= 2 else ""
        if is_question(own) and has_own_topic(own) and not _fund_named_in(own) and own not in anchor:
            anchor = f"{own} {anchor}"
    if here or _names_a_fund(f):
        anchor = _without_fund_names(anchor)
    if _names_a_fund(f) and not here:
        # "Hur stor är vår fond?" – "och i Stockholm?": the question before, asked about the fund named.
        for pattern, replacement in dict(patterns().context.get("own_fund_words") or {}).items():
            anchor = re.sub(pattern, replacement, anchor, flags=re.IGNORECASE)
        anchor = " ".join(anchor.split())
    return f"{anchor} {text}"


@lru_cache(maxsize=1)
def _fund_names() -> tuple[str, ...]:
    try:
        from actions.services import available_funds, load_profile

        return tuple(str(load_profile(f).municipality or "") for f in available_funds())
    except Exception:  # noqa: BLE001 - without the profiles nothing is dropped
        return ()


@lru_cache(maxsize=1)
def _folded_fund_names() -> frozenset[str]:
    """The funds' municipalities, folded ("sodertalje", "stockholm", "sundsvall")."""
    return frozenset(fold(n) for n in _fund_names() if n)


def _names_a_fund(folded_text: str) -> bool:
    return not _folded_fund_names().isdisjoint(folded_text.split())


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
    from actions.services import folded_lemmas

    lemmas, stop = folded_lemmas()
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


@lru_cache
def _compiled(key: str) -> tuple[re.Pattern[str], ...]:
    """The patterns under ``key`` in understanding.yaml, with {org} filled in (see ``external_org``)."""
    org = " ".join(str(_data()["external_org"]).split()).replace(" ", "")
    return tuple(re.compile(str(p).replace("{org}", org)) for p in _listed(key))


def _matches_compiled(key: str, folded_text: str) -> bool:
    return any(rx.search(folded_text) for rx in _compiled(key))


def external_by_signal(text: str) -> bool:
    """The learned signal external_applicant says the writer speaks for an outside actor ("En förening jag
    är med i … De undrar om de kan få pengar"), asked only when the message names an outside actor or a
    private person and states no municipal role (``external_signal`` in understanding.yaml)."""
    f = folded(text)
    if any(rx.search(f) for rx in patterns().municipal):
        return False
    named = re.search(str(_data().get("named_actor_cue") or "$^"), text)
    if not (names_organisation(text) or _matches_compiled("private_cues", f) or named):
        return False
    if _matches_compiled("org_as_object", f):
        return False
    if _OPEN_START.search(" ".join(text.lower().split())) and not speaks_of_applying(text):
        # "vilken kommun i jämförelsen uteslöt vinstdrivande företag som externa aktörer?" asks about the
        # documents, not for an outside actor (v5 c038, session 6).
        return False
    from actions import services

    threshold = float(_listed_mapping("external_signal")["min_probability"])
    return services.signal_probability(text, "external_applicant") >= threshold


def is_municipal_company(text: str) -> bool:
    """ "Telge Tillväxt …", "vårt kommunala bolag …" (``municipal_company``)."""
    return _matches_compiled("municipal_company", folded(text))


def english_external(text: str) -> bool:
    """ "We are a social enterprise … Can we apply …?" (``english_external``, on the lower-cased text)."""
    lowered = " ".join(text.lower().split())
    return any(re.search(str(p), lowered) for p in _listed("english_external"))


def asks_operating_grant(text: str) -> bool:
    """ "driftsbidrag", "hyra och en anställd", "ett vanligt föreningsbidrag" (``operating_grant``)."""
    return _matches_compiled("operating_grant", folded(text))


def without_applying(text: str) -> str:
    """``text`` without its plans that are only to apply ("vi funderar på att söka från fonden",
    ``apply_only``): what is left is read for an idea."""
    f = " ".join(fold(text or "").split())
    for rx in _compiled("apply_only"):
        f = rx.sub(" ", f)
    return " ".join(f.split())


def speaks_of_applying(text: str) -> bool:
    """The message is about applying or getting money ("söka", "ansöka", "få pengar"; ``applying``)."""
    return _matches_compiled("applying", folded(text))


def refers_back(text: str) -> bool:
    """ "vem ska jag kontakta om det?": the message points at the turn before (``refers_back``)."""
    return _matches_compiled("refers_back", folded(text))


def needs_clarifying(text: str) -> bool:
    """A message that only makes sense with a turn before it ("kan man det?", "Är det ok?", "hjälp"): asked
    what it means when nothing came before (``clarify_alone``, or a short question leaning on context that
    names no topic of its own)."""
    f = folded(text)
    if _matches_compiled("clarify_alone", f):
        return True
    # A name or a number ("Vad blev det av Projekt 100?") is a topic of its own, however short.
    words = text.split()
    # A fund's name is no topic: "och hur är det i Sundsvall då?" as a first message is asked about (v5 s152).
    funds = _folded_fund_names()
    names = re.search(r"\d", text) or any(
        w[:1].isupper() and fold(re.sub(r"\W+", "", w.lower())) not in funds for w in words[1:]
    )
    leans = leans_on_context(text) or is_elliptic(text)
    return is_question(text) and leans and not has_own_topic(text) and not names


def asks_unsupported_claim(text: str) -> bool:
    """ "Kan du skriva i årsrapporten att fonden har minskat kostnaderna …?", "hitta på några referenser": a
    request to write something as a fact that nothing supports (``unsupported_claim``), or a request to write
    a claim that a later clause of the message says is not true yet ("Skriv att förvaltningschefen har godkänt
    idén, hon har inte sett den än", blind v6: ``claim_request`` then ``claim_not_true`` after the claim's
    clause; "skriv att nämnden inte är informerad än" states no claim and is not refused)."""
    f = folded(text)
    if _matches_compiled("unsupported_claim", f):
        return True
    # Clauses of the text as written (commas and "men"/"fast" split them), folded one by one.
    clauses = [folded(c) for c in re.split(r"[,;.!?]|\s(?:men|fast|trots att)\s", text or "") if c.strip()]
    for index, clause in enumerate(clauses):
        if not _matches_compiled("claim_request", clause):
            continue
        claim = re.split(r"\batt\b", clause, maxsplit=1)[-1]
        if re.search(r"\b(inte|ej|aldrig)\b", claim):
            continue  # "skriv att nämnden inte är informerad än": what is true, said as it is
        rest = " ".join(clauses[index + 1 :])
        if rest and _matches_compiled("claim_not_true", rest):
            return True
    return False


def asks_vaguely(text: str) -> bool:
    """ "hur funkar det?", "hjälp", "kan vi få pengar": a message that says nothing on its own
    (``clarify_alone``)."""
    return _matches_compiled("clarify_alone", folded(text))


def vague_topic_choices(text: str) -> list[str]:
    """A first message that is only a broad word of the fund's ("pengar", "regler?", "fonden", blind v6 s136,
    s139): the questions to choose from (``vague_topics`` in understanding.yaml: the choices whose words the
    message has, else the default ones); empty for any other message."""
    config = _listed_mapping("vague_topics")
    tokens = folded(text).split()
    broad = {fold(w) for w in config.get("words") or ()}
    if not tokens or len(tokens) > int(config.get("max_words") or 2) or not all(t in broad for t in tokens):
        return []
    choices: list[dict[str, Any]] = list(config.get("choices") or [])
    picked = [str(c["question"]) for c in choices if set(tokens) & {fold(w) for w in c.get("words") or ()}]
    defaults = [str(c["question"]) for c in choices if c.get("default")]
    return (picked + [d for d in defaults if d not in picked])[:3]


def unsupported_claim_reply(text: str = "") -> str:
    """The refusal to invent or claim; the guided idéskiss offered after it when ``text`` asks for the sketch
    or the application to be written (``unsupported_claim_reply.sketch_words``)."""
    config = _listed_mapping("unsupported_claim_reply")
    reply = " ".join(str(config["text"]).split())
    if re.search(str(config.get("sketch_words") or "$^"), folded(text)):
        reply = f"{reply} {' '.join(str(config['sketch_offer']).split())}"
    return reply


def asks_who_you_are(text: str) -> bool:
    """ "god morgon, vem är du?", "vad är du för något?" (``who_are_you``): who the assistant is."""
    return _matches_compiled("who_are_you", folded(text))


def _calm() -> dict[str, Any]:
    return _listed_mapping("calm")


def is_upset(text: str) -> bool:
    """Shouting (mostly capital letters) or swearing (``calm``)."""
    config = _calm()
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    shouting = len(letters) >= int(config["shout_min_letters"]) and upper >= float(
        config["shout_share"]
    ) * len(letters)
    return shouting or any(_swears(t) for t in folded(text).split())


def _swears(token: str) -> bool:
    """A swear word or a name for the assistant (``calm.swear_words``, ``calm.insult_words``) or a compound
    that begins with one of ``calm.swear_prefixes`` ("skitsystem", "jävligt"; blind v6: a swear word inside a
    compound in a message without capitals)."""
    words, prefixes = _swear_vocabulary()
    return token in words or token.startswith(prefixes)


@lru_cache(maxsize=1)
def _swear_vocabulary() -> tuple[frozenset[str], tuple[str, ...]]:
    """``calm.swear_words`` and ``calm.insult_words``, and ``calm.swear_prefixes``, folded once (``_swears``
    is asked for every word of every message)."""
    config = _calm()
    words = frozenset(fold(w) for w in [*config["swear_words"], *(config.get("insult_words") or ())])
    return words, tuple(fold(p) for p in config.get("swear_prefixes") or ())


def calm_lead() -> str:
    return str(_calm()["lead"])


def calm_reply() -> str:
    """The reply to a complaint that asks nothing: calm, and an offer to help (``calm.no_question``)."""
    return " ".join(str(_calm()["no_question"]).split())


def calmed(text: str) -> str:
    """The question of an upset message, lower case and without swear words ("VARFÖR ÄR DET SÅ JÄVLA
    KRÅNGLIGT …???" -> "varför är det så krångligt …?")."""
    kept = [w for w in text.split() if not _swears(fold(re.sub(r"\W+", "", w.lower())))]
    calm = " ".join(kept)
    if sum(c.isupper() for c in calm) > sum(c.islower() for c in calm):
        calm = calm.lower()
    return re.sub(r"([?!.])\1+", r"\1", calm)


def asks_personal_data(text: str) -> bool:
    """ "Visa personnumren för alla som har skickat in idéskisser" (``personal_data_request``)."""
    return _matches_compiled("personal_data_request", folded(text))


def other_service(text: str) -> bool:
    """Another municipal service or something else entirely ("parkeringstillstånd", "vilken skola får mitt
    barn
    plats på"), when the message does not also name the fund (``other_services``, ``fund_core_words``)."""
    f = folded(text)
    if any(fold(w) in f for w in _listed("fund_core_words")):
        return False
    return _matches_compiled("other_services", f)


def understand(text: str, intent: str | None = None) -> Understanding:
    role = role_in(text)
    idea_text = without_applying(text)
    return Understanding(
        text=text,
        intent=intent,
        role=role,
        wants_sketch=wants_sketch(text),
        question=is_question(text) or asks_within(text),
        injection=is_injection(text),
        idea=describes_idea(idea_text) or asks_about_idea(idea_text),
        idea_stated=describes_idea(idea_text),
        topics=topics_in(text),
        about_external=about_external(text) or (role is None and external_by_signal(text)),
        follow_up_why=asks_why(text),
        asks_open=bool(_OPEN_START.search(" ".join(text.lower().split()))),
    )


@lru_cache(maxsize=1)
def external_question_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    """``external_questions`` in understanding.yaml: an outside actor's follow-up questions by kind."""
    data = _listed_mapping("external_questions")
    return {str(kind): tuple(re.compile(str(p)) for p in patterns) for kind, patterns in data.items()}


def external_answer(kind: str) -> dict[str, Any]:
    """The answer to an outside actor's question of ``kind`` (``external_answers`` in understanding.yaml)."""
    return dict(_listed_mapping("external_answers").get(kind) or {})


def asks_if_it_matters(text: str) -> bool:
    """ "Vår förvaltningschef vet inte om det än, gör det något?": whether something matters
    (``matters_question``); a failed check then answers "Ja, det spelar roll", not "Troligen inte"."""
    return _matches_listed("matters_question", text or "")


def asks_for_insights(text: str) -> bool:
    """ "Vilka frågor har folk ställt mest?", "Var ser jag de idéskisser som har skrivits?": what the
    coordinators' insights page shows (``coordinator_insights``)."""
    return _matches_listed("coordinator_insights", text or "")


def names_a_fund(text: str) -> bool:
    """The message names the municipality of the active fund or of another fund ("Vem är stadsdirektör i
    Södertälje nu?"): a question about the funds' world, never out of scope."""
    return _fund_named_in(text) is not None


def _fund_named_in(text: str) -> str | None:
    """The name of the fund ``text`` names ("Hur stor är Stockholms fond?" -> "Stockholm"), or None."""
    f = folded(text)
    return next((name for name in _fund_names() if name and fold(name) in f), None)


_DATE = re.compile(
    r"\b((januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) )?"
    r"(19|20)\d\d\b",
    re.IGNORECASE,
)


def _asked_again_for_date(text: str, before: str) -> str | None:
    """ "Vad var direktupphandlingsgränsen 2021?" – "Vilken gräns gäller om vi köper något i mars 2026?": a
    question with a date that names part of a compound word of the dated question before it ("gräns" in
    "direktupphandlingsgränsen") is that question asked for the new date; else None."""
    when = _DATE.search(text)
    if not (when and is_question(text) and is_question(before) and _DATE.search(before)):
        return None
    generic = _generic_words()
    words = [t for t in folded(text).split() if len(t) >= 5 and t not in generic and not t.isdigit()]
    compounds = [a for a in folded(before).split() if len(a) >= 12]
    if not any(w in a and len(a) > len(w) + 3 for w in words for a in compounds):
        return None
    return _DATE.sub(when.group(0), before)


_TOKEN = re.compile(r"[\wåäöéü-]+", re.IGNORECASE)


def asked_for_year(text: str, reply: str) -> str | None:
    """ "och vad var gränsen 2020?" after the reply "Direktupphandlingsgränsen är 700 000 kr (från …)": the
    compound word of the reply's first sentence that holds a word of the follow-up ("gräns" in
    "direktupphandlingsgränsen"), asked for the follow-up's year ("Vad var direktupphandlingsgränsen 2020?");
    None when the follow-up names no year or the reply no such word (blind v6 c021, session 7)."""
    when = _DATE.search(text)
    if not (when and reply and is_follow_up(text)):
        return None
    first = sentences_of(reply)[0]
    generic = _generic_words()
    said = [t for t in folded(_DATE.sub("", text)).split() if len(t) >= 5 and t not in generic]
    stems = {re.sub(r"(en|et|n|t)$", "", t) for t in said}
    for token in _TOKEN.findall(first):
        word = fold(token.lower())
        if len(word) >= 12 and any(len(s) >= 4 and s in word and len(word) > len(s) + 3 for s in stems):
            return f"Vad var {token.lower()} {when.group(0)}?"
    return None


def asks_what_if(text: str) -> bool:
    """ "men om vi kallar det utveckling då?", "och om vi gör det i en annan stadsdel?": a change to the idea
    just checked, asked as a hypothesis (``what_if`` in understanding.yaml). Not a question-word question,
    and not one with a figure or a year ("och om vi hade köpt samma sak 2021?" asks the rule for that year,
    retired v6 c033; a new price is rules.extract.what_if_amount's)."""
    if asks_wh(text) or re.search(r"\d", text):
        return False
    return _matches_compiled("what_if", folded(text))


def _asked_again_for_kind(text: str, before: str) -> str | None:
    """ "Vilket tröskelvärde gäller för sociala tjänster om vi upphandlar i februari 2026?" – "och för vanliga
    tjänster 2023?": a short "och …" question whose noun phrase shares its last word with one in the question
    before ("tjänster") is that question asked for the new kind, and for the new date if it has one (probe_s5
    t508); else None."""
    f = folded(text).split()
    if not (f and f[0] in ("och", "men") and len(f) <= 7 and is_question(text) and is_question(before)):
        return None
    generic = _generic_words()
    said = _TOKEN.findall(text)
    asked = _TOKEN.findall(before)
    for i in range(1, len(said)):
        noun = fold(said[i])
        if len(noun) < 5 or noun in generic:
            continue
        for j in range(1, len(asked)):
            if fold(asked[j]) == noun and fold(asked[j - 1]) != fold(said[i - 1]):
                kind = re.sub(
                    rf"\b{re.escape(asked[j - 1])} {re.escape(asked[j])}\b",
                    f"{said[i - 1]} {said[i]}",
                    before,
                )
                if kind == before:
                    return None
                if when := _DATE.search(text):
                    kind = _DATE.sub(when.group(0), kind)
                return kind
    return None


def reason_queries(text: str, reply: str) -> list[str]:
    """ "varför?", "varför är det så noga?", "hur kommer det sig?" right after an answer: the reason for what
    the assistant just said, searched as "Varför? " + the reply's first statement (up to a colon or a dash
    that goes on to details: with the details the search finds the same passage again), then as "Varför? " +
    its first sentences (a verdict's lead such as "Troligen inte, … (förankring …):" left out). Empty for any
    other message, or a why-question that names a check's topic of its own ("varför kräver fonden extern
    utvärdering?" stands alone; ``reason_follow_up`` in understanding.yaml; tryout 6 t611, retired v6
    c035)."""
    data = _data()
    f = folded(text)
    short = len(f.split()) <= int(data.get("reason_max_words") or 0)
    if not (reply and short and re.search(str(data["reason_follow_up"]), f)) or _names_a_fund(f):
        return []
    # "varför avbröts det?" names what it asks about and is read with the question before; words that only
    # judge what was said ("så noga", "så viktigt") are no topic of their own.
    plain = {fold(w) for w in data.get("reason_plain_words") or ()}
    if has_own_topic(" ".join(w for w in f.split() if w not in plain)):
        return []
    lead = re.compile(str(data["reason_reply_lead"]), re.IGNORECASE)
    first = " ".join(reply.split("\n")[0].split())
    if found := lead.match(fold(first.lower())):  # folding keeps every character's place
        first = first[found.end() :]
    sentences = sentences_of(first)
    if not sentences:
        return []
    limit = int(data.get("reason_max_chars") or 240)
    statement = re.split(r":\s|\s[–—-]\s", sentences[0], maxsplit=1)[0].strip(" .")
    kept = ""
    for sentence in sentences:
        if kept and len(kept) + len(sentence) > limit:
            break
        kept = f"{kept} {sentence}".strip()
    queries = [f"Varför? {statement[:limit]}", f"Varför? {kept[:limit]}"]
    return list(dict.fromkeys(queries))


# ---- Session 8 (follow8): what a follow-up points at, where an answer stands, anger around a question, and a
# decision or certificate to fake. Data in understanding.yaml (``referents``, ``source_request``, ``calm``,
# ``fake_decision``).


def asks_for_source(text: str) -> bool:
    """ "var står det?", "vart kommer den siffran ifrån?", "har du en källa på det?": where the answer just
    given stands (``source_request``), a question with no topic of its own beside its pointer."""
    data = _data()
    f = folded(text)
    if len(f.split()) > int(data["source_request"]["max_words"]):
        return False
    return any(re.search(str(p), f) for p in data["source_request"]["patterns"])


def sources_of(replies: list[str]) -> list[str]:
    """The "Källa: …" lines of the assistant's last turn (``replies`` newest first), in the order they were
    said, each once."""
    found: list[str] = []
    for reply in reversed(replies):
        for line in reply.splitlines():
            line = line.strip()
            if line.startswith("Källa:") and line not in found:
                found.append(line)
    return found


def _referents() -> dict[str, Any]:
    return dict(patterns().context.get("referents") or {})


def _referent_candidates(
    source: str, kind: str, last_first: bool, min_letters: int | None = None
) -> list[str]:
    """The words of ``source`` that may be what a pronoun of ``kind`` stands for: a long enough word that is
    no question word, whose ending agrees with the pronoun (``referents.endings``) or that an article brings
    in ("en beredningsgrupp")."""
    config = _referents()
    min_letters = int(config["min_letters"]) if min_letters is None else min_letters
    skipped = _folded_fund_names() | {fold(w) for w in config.get("not_words") or ()}
    endings = tuple(config["endings"][kind])
    refused = tuple(config.get("never_endings", {}).get(kind) or ())
    introduced = tuple(config.get("introduced_by", {}).get(kind) or ())
    found: list[str] = []
    tokens = _TOKEN.findall(source)
    for index, token in enumerate(tokens):
        word = fold(token.lower())
        if len(word) < min_letters or word in skipped or word.isdigit():
            continue
        # "… bereds av en beredningsgrupp": a noun brought in by an article is a referent whatever its ending
        after_article = index > 0 and fold(tokens[index - 1].lower()) in introduced
        agrees = (not endings or word.endswith(endings)) and not (refused and word.endswith(refused))
        if agrees or after_article:
            found.append(token.lower())
    return list(reversed(found)) if last_first else found


def resolved_referent(text: str, earlier_question: str | None, reply: str | None) -> str | None:
    """ "vilka sitter i den?", "och hur mycket finns det i den?", "måste vi ha en sån?": the question with its
    pronoun replaced by what it stands for in the turn before – the last agreeing word of the question before
    ("Vem kan söka pengar ur fonden?" -> "fonden"), else the first of the assistant's answer ("… bereds av en
    beredningsgrupp …") – so it can be searched as a question of its own; None without such a pronoun or
    word (``context.referents``)."""
    config = _referents()
    f, origin = _folded_with_origin(text)
    for kind, pattern in dict(config.get("pronouns") or {}).items():
        match = re.search(str(pattern), f)
        if not match:
            continue
        start, end = origin[match.start("pronoun")], origin[match.end("pronoun") - 1] + 1
        before = re.split(r"[,;:.!?]", text[:start])[:-1]
        if _referent_candidates(" ".join(before), kind, True, int(config["same_message_min_letters"])):
            # "Men om vi samarbetar med en nämnd, kan vi söka via den?": the pronoun points back to a clause
            # before it in its own message, which is a question of its own already (never to the subject of
            # its own clause: "kan fonden betala för den?" is about the turn before)
            return None
        sources = [(earlier_question or "", True)]
        if reply:
            sources.append((sentences_of(reply.split("\n")[0])[0] if reply.strip() else "", False))
        for source, last_first in sources:
            if not source or not (words := _referent_candidates(source, kind, last_first)):
                continue
            return f"{text[:start]}{words[0]}{text[end:]}"
    return None


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """``folded(text)`` and, for each of its characters, the index in ``text`` it comes from, so a match in
    the folded text cuts the original at the same word."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text or ""):
        for part in fold(char) if re.match(r"[\w:]", char) else " ":
            if part == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(part)
            origin.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return "".join(chars), origin


def is_frustrated(text: str) -> bool:
    """Anger without swear words or capitals on every letter ("Det här är ju helt absurt …", "fattar ni inte
    det", "VARFÖR MÅSTE VI BETALA TILLBAKA PENGARNA, det är …"): a phrase of ``calm.frustration`` or a run of
    ``calm.shout_run_words`` words in capitals."""
    config = _calm()
    f = folded(text)
    if any(re.search(str(p), f) for p in config.get("frustration") or ()):
        return True
    run, longest = 0, 0
    for word in text.split():
        letters = [c for c in word if c.isalpha()]
        run = run + 1 if len(letters) >= 2 and all(c.isupper() for c in letters) else 0
        longest = max(longest, run)
    return longest >= int(config.get("shout_run_words") or 99)


_CLAUSE_SPLIT = re.compile(r"(?<=[,;:.!?])\s+")


def asked_clause(text: str) -> str:
    """The question an upset message asks, without the anger around it: from the first clause that begins
    with a question word to the end of that clause ("Det här är ju helt absurt, …, hur lång tid tar det att få
    besked??" -> "hur lång tid tar det att få besked?"); the whole text when no clause asks."""
    clauses = [c.strip() for c in _CLAUSE_SPLIT.split(text.strip()) if c.strip()]
    for clause in clauses:
        if _WH_FIRST.search(fold(clause.lower())):
            core = clause.rstrip(" ,;:.!?")
            return f"{core}?"
    return text


def asks_fake_decision(text: str) -> bool:
    """ "Skriv ett beslut om att KS beviljat …", "kan du skriva ett protokoll där det står att …", "Gör ett
    intyg om att vårt projekt uppfyller …", "Bekräfta att vår ansökan är beviljad": a decision, protocol,
    certificate or approval the assistant would have to make up (``fake_decision``)."""
    return _matches_compiled("fake_decision", folded(text))


def source_wording() -> dict[str, str]:
    """The sentences that name the source of the reply before (``source_reply``)."""
    return {str(key): str(value) for key, value in dict(_data()["source_reply"]).items()}


def fake_decision_reply() -> str:
    return " ".join(str(_data()["fake_decision_reply"]).split())


def asks_about_history(text: str) -> bool:
    """ "antog fullmäktige till slut de ändrade riktlinjerna …?": a question that begins with a verb in the
    past, about what happened to the fund (``history_question``), not about the writer's idea."""
    return is_question(text) and bool(re.search(str(_data()["history_question"]), folded(text)))
