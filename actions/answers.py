"""Answering questions about the fund: the answer in the first sentence, then the quote and its source.

Figures that live in the rules (thresholds, who may apply, fund facts) are answered from the rules data, dated
and cited. Other questions are answered from the best passage of the fund's documents; the active fund's
passage comes first, another municipality's text says so, and a passage that states superseded law is shown as
history. When the documents do not answer, the assistant says "Det vet jag inte" and names the contact.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.citations import citation_text
from actions.fund import coordinator_text, fund_id, municipality
from actions.text_input import fold, usable_text

if TYPE_CHECKING:
    from actions.services import RuleAnswer

logger = logging.getLogger(__name__)

ANSWER_CANDIDATES = 5
"""Passages fetched for a question; ``answer.top_passages`` in knowledge/search.yaml of them compete."""
OTHER_FUND_MARGIN = 0.05
"""How much better another municipality's passage must score to be shown before the active fund's."""


def unknown_answer(reason: str | None = None) -> str:
    """The reply "Det vet jag inte" first, why when it is known (knowledge/answerability.yaml), then the
    contact role."""
    why = services.unknown_reason(reason) if reason else ""
    why = why or "jag hittar inget svar på det i fondens riktlinjer och dokument"
    return f"Det vet jag inte – {why}, och jag vill inte gissa. " + coordinator_text()


def rule_source(citation: Any) -> str:
    """ "Södertälje kommun, utvärdering (2015), avsnitt ”…”: ”citat”" for a rules citation of a corpus passage
    (labelled as a passage's source is, ``knowledge.citation.source_label``); a statute or an authority as
    ``citation_text`` names it."""
    if not getattr(citation, "municipality", None) or not getattr(citation, "kind_label", None):
        return citation_text(citation)
    from actions.citations import shorten
    from actions.services import source_label

    text = source_label(citation)
    return f"{text}: ”{shorten(citation.quote, 220)}”" if citation.quote else text


_YEAR = re.compile(r"\b(20\d\d)\b")


def historic_value_messages(question: str) -> list[str] | None:
    """A question about a dated threshold in an earlier year ("vad var direktupphandlingsgränsen 2019?"):
    that year's value(s) from rules/parameters/ with their source first, then the value in force today (the
    rules' own answer, with its caveats). ``[]`` when the table has no value for that year (the documents'
    2014 threshold is answered from the documents); None when the question is not such a question."""
    from actions.services import answer_rule_topic, answer_settings, rule_topic

    topic = rule_topic(question) or ""
    parameter = dict(answer_settings().dated_rules).get(topic)
    years = [int(y) for y in _YEAR.findall(question)]
    if not parameter or not years or years[0] >= date.today().year:
        return None
    from actions.services import kr, parameter_table

    year = years[0]
    table = parameter_table()
    param = table.parameters[parameter]
    periods = [p for p in param.values if p.start.year <= year and (p.end is None or p.end.year >= year)]
    if not periods:
        return []

    def span(p: Any) -> str:
        return (
            f"från {p.start.isoformat()}" if p.end is None else f"{p.start.isoformat()}–{p.end.isoformat()}"
        )

    values = " och ".join(f"{kr(p.value)} ({span(p)})" for p in periods)
    current = table.at(parameter, date.today()).period
    same = current is not None and current in periods
    first = f"År {year} var {param.label} {values}."
    now = answer_rule_topic(topic, fund_id())
    # An answer that is unsure of today ("Det vet jag inte: underlaget har inget EU-tröskelvärde för
    # 2026-11-24 …") says itself what holds today; "Det gäller fortfarande: Jag vet inte …" contradicted
    # itself (tryout 5).
    if now.known:
        bridge = " Det gäller fortfarande: " if same else " Det gäller inte längre. I dag: "
        text = first + bridge + now.text.strip()
    else:
        # Today's value is not in the table: said without "Det vet jag inte", which would read as no answer to
        # the year that was asked (probe_s5 t508 "och för vanliga tjänster 2023?").
        today = table.at(parameter, date.today())
        last = f"{kr(today.value)} ({today.period_text()})" if today.value is not None else ""
        if same:
            tail = f" Om det gäller i dag ({date.today().isoformat()}) står inte i underlaget."
        else:
            tail = (
                f" Det gäller inte längre, och värdet för i dag ({date.today().isoformat()}) står inte i "
                f"underlaget; det senast kända är {last}."
            )
        text = first + tail + " Kontrollera det aktuella värdet hos Upphandlingsmyndigheten."
    cited = [p.source for p in periods if not (same and p is current)] + list(now.citations[:1])
    sources = "\n".join(f"Källa: {rule_source(c)}" for c in cited[:2])
    return [f"{text}\n\n{sources}"]


_AMOUNT = re.compile(r"\d[\d\s\u00a0]*\d\s*(?:kr|kronor)\b")


def _stated_amount(passages: list[Any]) -> tuple[Any, str] | None:
    """The first complete sentence of the best passages that states an amount in kronor, with its passage."""
    from actions.services import is_complete_sentence, split_sentences

    for passage in passages[:3]:
        for sentence in split_sentences(" ".join(str(passage.text).split())):
            if _AMOUNT.search(sentence) and is_complete_sentence(sentence):
                return passage, sentence
    return None


def rule_messages(answer: RuleAnswer) -> list[str]:
    """A rule answer (its first sentence answers) and its first two sources."""
    sources = "\n".join(f"Källa: {rule_source(c)}" for c in answer.citations[:2])
    return [f"{answer.text.strip()}\n\n{sources}" if sources else answer.text.strip()]


def pick_passage(passages: list[Any], question: str = "") -> Any:
    """The active fund's best passage unless another municipality's is clearly better or is the one asked
    about ("Hur gör man i Sundsvall?")."""
    own = municipality()
    best = passages[0]
    place = fold(best.municipality or "")
    named = place in fold(question) or _term_fund(question) == place
    if not own or best.municipality == own or named:
        return best
    for passage in passages[1:]:
        if passage.municipality == own and passage.score >= best.score - OTHER_FUND_MARGIN:
            return passage
    return best


def asks_about_own_fund(question: str) -> bool:
    """The question names another fund but asks what holds here ("Gäller Sundsvalls regler hos oss?",
    "i Stockholm är det sex år, hur är det här?"): the ``own_fund`` patterns of knowledge/faq.yaml."""
    from actions.services import answer_settings

    folded = fold(question)
    return any(p.search(folded) for p in answer_settings().own_fund)


def _term_fund(question: str) -> str | None:
    """Another fund whose own bodies or forms the question names without naming a municipality ("Vad gör
    beredningsgruppen?" in Sundsvall's assistant: Södertälje; knowledge/fund_terms.yaml), else None."""
    from actions.services import available_funds, term_municipality

    if services.named_fund(question) or not (place := term_municipality(question)):
        return None
    fund = fold(place)
    return fund if fund != fund_id() and fund in available_funds() else None


def _asked_fund(question: str) -> str | None:
    """Another fund the question is about (it names it, or one of its own bodies, and does not ask about its
    own), else None."""
    other = services.named_fund(question) or _term_fund(question)
    return other if other and not asks_about_own_fund(question) else None


def _named_but_own(question: str) -> str | None:
    """The other fund a question names while asking what holds in its own ("Gäller Sundsvalls regler hos
    oss?"), else None."""
    other = services.named_fund(question)
    return other if other and asks_about_own_fund(question) else None


def _target(question: str) -> str:
    """The municipality the question is about: one it names, else the active fund's."""
    if other := _asked_fund(question):
        from actions.services import load_profile

        return str(load_profile(other).municipality)
    return municipality()


def _other_fund_note(question: str) -> str:
    """ "Sundsvalls regler och siffror gäller Sundsvalls fond, inte fonden i Södertälje." when the question
    names another fund but asks about its own; "" otherwise."""
    if not (other := _named_but_own(question)):
        return ""
    from actions.services import load_profile

    place = str(load_profile(other).municipality)
    genitive = place if place.endswith("s") else f"{place}s"
    return f"{genitive} regler och siffror gäller {genitive} fond, inte fonden i {municipality()}. "


def _with_place(question: str, text: str) -> str:
    """``text`` opened with "I <kommun>: " when the question is about another fund and the text does not say
    whose it is within its first words."""
    if not (other := _asked_fund(question)):
        return text
    from actions.services import load_profile

    place = str(load_profile(other).municipality)
    return text if place.lower() in text[:80].lower() else f"I {place}: {text}"


def _quoted_source(answer: Any) -> tuple[str, Any] | None:
    """The curated answer's quote and the indexed passage it stands in (for the source label)."""
    from actions.services import get_searcher, locate_quote

    passages = get_searcher().passages
    hits = locate_quote(answer.file, answer.quote, passages)
    return (answer.quote, passages[hits[0]]) if hits else None


def _rule_answer(question: str) -> RuleAnswer | None:
    """The rules data's answer for the fund the question is about (its own when it names another fund but
    asks what holds here)."""
    from actions.services import answer_rule_question

    if not _named_but_own(question):
        if other := _term_fund(question):
            try:
                return answer_rule_question(question, other, date.today())
            except Exception:  # noqa: BLE001 - the documents' answer is still given
                logger.exception("answer_rule_question failed")
                return None
        return services.rule_answer(question)

    try:
        return answer_rule_question(question, fund_id(), date.today())
    except Exception:  # noqa: BLE001 - the documents' answer is still given
        logger.exception("answer_rule_question failed")
        return None


def _curated_text(answer: Any, fund: str) -> str:
    """The text a curated answer gives: its own, or the rules data's for a ``rule`` answer."""
    if not answer.rule:
        return str(answer.text)
    from actions.services import answer_rule_topic

    return answer_rule_topic(answer.rule, fund).text


def _without_places(question: str) -> str:
    """The question without the funds' municipality names ("… i Sundsvall?"): the fund is chosen by name
    already, and the name only pulls the question away from the FAQ's wording."""
    from actions.services import available_funds, load_profile

    text = question
    for fund in available_funds():
        name = str(load_profile(fund).municipality or "")
        if name:
            pattern = rf"(?:\b(?:i|hos|för|från)\s+)?\b{re.escape(name)}s?\b"
            text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
            folded = fold(name)
            if folded != name.lower():
                text = re.sub(
                    rf"(?:\b(?:i|hos|for|fran)\s+)?\b{re.escape(folded)}s?\b", " ", text, flags=re.IGNORECASE
                )
    text = _LEADING_FILLER.sub("", " ".join(text.split()))
    return text or question


_LEADING_FILLER = re.compile(r"^(?:(?:ok(?:ej|ay)?|och|men|jaha|aha|tack|bra)\b[\s,.!]*)+", re.IGNORECASE)
"""Words that open a follow-up ("okej, och vad …?") and only pull it away from the FAQ's wording."""


def choose_curated(question: str, fund: str) -> Any | None:
    """The curated answer (knowledge/faq.yaml ``answers``) that answers ``question`` for ``fund``, or None.

    The ``candidates`` topics closest to the question (the best cosine between the question and a topic's
    questions, e5) compete by that similarity plus ``answer_weight`` times how well the answer's own text
    answers the question (``knowledge.answer.sentence_score``) plus ``lexical_weight`` times the share of the
    question's content words one of the topic's questions holds; the winner answers when its question
    similarity reaches ``min_similarity`` – and, when the question is a rule question of rules/answers.py,
    beats the FAQ topics answering with that rule by ``rule_margin``. The funds' names are left out of the
    question for the matching."""
    from actions.services import (
        answer_settings,
        get_searcher,
        question_overlap,
        question_vector,
        sentence_score,
    )

    settings = answer_settings()
    asked = _without_places(question)
    vector = question_vector(asked)
    wanted = max(1, settings.candidates, settings.rule_rivals)
    ranked = get_searcher().faq.ranked_curated(vector, fund, wanted)
    best: tuple[float, Any, float] | None = None
    for answer, similarity in ranked[: max(1, settings.candidates)]:
        fit = sentence_score(question, _curated_text(answer, fund), vector) or 0.0
        words = question_overlap(asked, answer.topic)
        score = similarity + settings.answer_weight * fit + settings.lexical_weight * words
        if best is None or score > best[0]:
            best = (score, answer, similarity)
    if best is None or best[2] < settings.min_similarity:
        return None
    from actions.services import rule_topic

    asked_rule = rule_topic(question)
    same = [(answer, similarity) for answer, similarity in ranked if answer.rule == asked_rule]
    # A rule question ("Vem säger ja eller nej …?") keeps its rule answer unless another topic is clearly
    # closer than the FAQ topics that give that rule answer.
    if asked_rule and best[1].rule and best[1].rule != asked_rule:
        # Another rule's topic whose questions look alike ("Vem fattar beslut om pengar ur fonden?" against
        # "Vem får söka pengar ur fonden?"): the rule the question's own words name answers, through its own
        # FAQ topic when that is close enough, else as a rule question.
        return same[0][0] if same and same[0][1] >= settings.min_similarity else None
    if asked_rule and best[1].rule != asked_rule:
        rivals = [similarity for answer, similarity in ranked if answer.rule == asked_rule]
        if rivals and best[2] < max(rivals) + settings.rule_margin:
            return None
    if asked_rule and best[1].rule == asked_rule:
        return best[1]
    from actions.services import uncovered_share

    text = f"{_curated_text(best[1], fund)} {best[1].quote}"
    if uncovered_share(question, best[1].topic, text) >= settings.max_uncovered:
        # The question asks what the topic does not ("Vad har beredningsgruppen tagit fram för material?"
        # against who sits in it): the rule the question names answers through its own topic, or none does.
        return same[0][0] if same and same[0][1] >= settings.min_similarity else None
    return best[1]


def curated_messages(question: str) -> list[str] | None:
    """The coordinators' answer (knowledge/faq.yaml ``answers``) when the question is one of its topic's
    questions in other words: its first sentence answers, then the quote with the document's kind and year
    (or, for a ``rule`` answer, the rules data dated and cited). None when no topic is close enough."""
    fund = _asked_fund(question) or fund_id()
    answer = choose_curated(question, fund)
    if answer is None:
        return None
    note = _other_fund_note(question)
    if answer.rule:
        from actions.services import answer_rule_topic

        rule = answer_rule_topic(answer.rule, fund)
        if missing := services.missing_fact(question, rule.text):
            return [unknown_answer(missing)]
        messages = rule_messages(rule)
        messages[0] = _with_place(question, note + messages[0])
        return messages
    source = _quoted_source(answer)
    if source is None:
        return None
    quote, passage = source
    if missing := services.missing_fact(question, answer.text, passage.text):
        if services.documents_may_hold(missing):
            # The curated answer lacks the date or number asked: the documents' sentences answer, or say "Det
            # vet jag inte" when they lack it too ("när remitterades utvärderingen till nämnderna").
            return None
        return [unknown_answer(missing)]
    text = _with_place(question, f"{note}{answer.text}") + f"\n\n”{quote}”"
    if note_text := services.superseded_note(quote):
        text += f"\n\nObservera: {note_text}"
    return [f"{text}\n\nKälla: {services.passage_label(passage)}"]


def passage_answer(question: str, passage: Any, excerpt: str | None = None) -> str:
    """The answering sentences of one passage (``excerpt`` when already chosen), framed by whose text and
    what kind of text it is."""
    excerpt = excerpt or services.best_sentences(question, passage)
    own = municipality()
    if getattr(passage, "proposal", False):
        lead = f"Enligt ett förslag ({passage.municipality}, inte ett beslutat regelverk): "
    elif own and passage.municipality and passage.municipality != own:
        lead = f"I {passage.municipality} gäller: "
    else:
        lead = ""
    text = f"{lead}{excerpt}"
    if note := services.superseded_note(passage.text):
        text += f"\n\nObservera: {note}"
    return f"{text}\n\nKälla: {services.passage_label(passage)}"


def answer_messages(question: str, response: Any = None) -> list[str]:
    """The reply to a question: the rules data or the documents, whichever answers it (a rule answer gives
    way only to a clearly better sentence), else an honest "det vet jag inte" with the contact, also when
    the question asks for a kind of fact that the answer does not hold (a phone number, next year's
    budget)."""
    dated = historic_value_messages(question)
    if dated:
        return dated
    # A year the threshold table does not cover: the documents' own (historic) figure answers.
    rule = None if dated == [] else _rule_answer(question)
    own_note = _other_fund_note(question)
    # "Gäller Sundsvalls regler om återbetalning hos oss?": the active fund's rule itself, not a narrower FAQ;
    # "… besparingar först om tolv år?": the rule read with the question's own figures, not the topic's FAQ.
    own_rule = rule is not None and (bool(own_note) or rule.specific)
    if not own_rule and dated is None and (curated := curated_messages(question)):
        return curated
    if response is None:
        # Asked about its own fund: the other municipality's name must not steer the search to its text.
        response = services.search(_without_places(question) if own_note else question, k=ANSWER_CANDIDATES)
    passages = list(getattr(response, "passages", None) or [])
    answerable = bool(getattr(response, "answerable", False)) and bool(passages)
    # A question the rules recognise is about the fund even when the search's flag says no: the documents'
    # sentence still competes with the rule answer ("vad raknas som lagre kostnader nar man ska betala
    # tillbaka" – retired blind v5 – got the repayment rule while the passage says what counts).
    compete = bool(passages) and (answerable or rule is not None)
    choice = services.choose_answer(question, passages, _target(question)) if compete else None
    if dated == [] and (stated := _stated_amount(passages)) is not None:
        # "Vilket tröskelvärde nämns i utvärderingen från 2014?": the documents' sentence with the figure.
        passage, sentence = stated
        return [passage_answer(question, passage, sentence)]
    # The documents' sentence wins over the rule answer only when it also holds the kind of fact asked for
    # whenever the rule text does ("hur länge ska pengar återföras" – the rule says six years).
    gives_way = (
        rule is not None
        and choice is not None
        and services.rule_gives_way(question, rule.text, choice)
        and not (
            services.missing_fact(question, choice.text, choice.passage.text)
            and not services.missing_fact(question, rule.text)
        )
    )
    if rule is not None and not gives_way:
        if missing := services.missing_fact(question, rule.text):
            return [unknown_answer(missing)]
        messages = rule_messages(rule)
        messages[0] = _with_place(question, own_note + messages[0])
        return messages
    if not answerable and not (rule is not None and choice is not None):
        evidence = " ".join(p.text for p in passages[:3])
        return [unknown_answer(services.missing_fact(question, evidence))]
    best = pick_passage(passages, question)
    if short := services.coordinator_answer(response):
        if missing := services.missing_fact(question, short, best.text):
            return [unknown_answer(missing)]
        messages = [f"{short}\n\nKälla: {services.passage_label(best)}"]
    elif choice is not None:
        if missing := services.missing_fact(question, choice.text, choice.passage.text):
            return [unknown_answer(missing)]
        best = choice.passage
        messages = [passage_answer(question, best, choice.text)]
    else:
        if missing := services.missing_fact(question, best.text):
            return [unknown_answer(missing)]
        messages = [passage_answer(question, best)]
    messages[0] = own_note + messages[0]
    others = [p for p in passages if p is not best]
    label = services.passage_label(best)
    further = next((p for p in others if services.passage_label(p) != label), None)
    if further is not None:
        messages.append(f"Läs mer: {services.passage_label(further)}")
    return messages


NO_SEARCH = "Jag kan inte söka i fondens dokument just nu. "
"""How a reply begins when the index cannot be searched: an honest answer, not a crash."""


def answer_or_apology(question: str) -> list[str]:
    """:func:`answer_messages`, or when answering fails, an honest apology with the contact."""
    try:
        return answer_messages(question)
    except Exception:  # noqa: BLE001 - a broken index must give an honest answer, not a crash
        logger.exception("Answering failed")
        return [NO_SEARCH + coordinator_text()]


class ActionAnswerQuestion(Action):
    """A question, also in the middle of the idéskiss form."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        question = usable_text(tracker, dispatcher)
        if question is None:
            return []
        for message in answer_or_apology(question):
            dispatcher.utter_message(text=message)
        return []
