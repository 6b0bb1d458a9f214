"""The one way actions reach the knowledge index, the rules and the drafts (rasa-demo's ``actions/api`` idea).

Every heavy package is imported lazily here, so the action server starts fast and the Rasa-facing code stays
free of scattered imports. Functions are typed with the packages' own classes where that costs no import.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from actions.fund import fund_id, municipality

if TYPE_CHECKING:
    from knowledge.search import SearchResponse
    from rules.answers import RuleAnswer
    from rules.checks import CheckResult

logger = logging.getLogger(__name__)


# --- knowledge -------------------------------------------------------------------------------------------


def search(text: str, k: int = 3) -> SearchResponse:
    from knowledge.search import get_searcher

    return get_searcher().search(text, k=k, municipality=municipality() or None)


def coordinator_answer(response: Any) -> str | None:
    """The short answer a coordinator wrote for the FAQ topic the question matched (knowledge/live.py), when
    the question is that topic's question in other words (at least ``faq.answerable_similarity``)."""
    from knowledge.live import live_answer
    from knowledge.search import get_searcher

    searcher = get_searcher()
    threshold = float(getattr(searcher.config, "faq_answerable_similarity", 0.92))
    if not getattr(response, "faq_topic", None) or response.faq_similarity < threshold:
        return None
    return live_answer(searcher, response.faq_topic)


def best_sentences(question: str, passage: Any, max_sentences: int = 2) -> str:
    """The one or two whole sentences of ``passage`` that answer ``question``."""
    try:
        from knowledge.answer import best_sentences as select
    except ImportError:
        from actions.citations import answer_excerpt

        return answer_excerpt(passage.text, question, max_sentences=max_sentences, max_chars=350)
    chosen = str(select(question, passage, max_sentences=max_sentences) or "")
    if chosen:
        return chosen
    # A passage with no complete sentence (a table, a list): a short excerpt rather than nothing.
    from actions.citations import answer_excerpt

    return answer_excerpt(passage.text, question, max_sentences=max_sentences, max_chars=350)


def choose_answer(question: str, passages: list[Any], target: str | None = None) -> Any | None:
    """The passage among the best ones whose sentence answers ``question`` best, with those sentences
    (``knowledge.answer.AnswerChoice``: ``passage``, ``text``, ``score``), or None."""
    from knowledge.answer import choose_answer as choose

    return choose(question, passages, target=target)


def rule_gives_way(question: str, rule_text: str, choice: Any) -> bool:
    """The documents' chosen sentence answers ``question`` clearly better than the rule answer's text
    (``answer.rule_margin`` and ``rule_lexical_margin`` in knowledge/search.yaml)."""
    from knowledge.answer import beats_rule

    return beats_rule(question, rule_text, choice)


def missing_fact(question: str, answer_text: str, context: str = "") -> str | None:
    """Why ``answer_text`` cannot answer ``question`` (the kind of fact asked for is not in it, or the
    question is about a municipality the documents do not describe), or None
    (knowledge/answerability.yaml)."""
    from knowledge.answerability import missing_fact as missing

    return missing(question, answer_text, context)


def documents_may_hold(reason: str | None) -> bool:
    """The kind of fact :func:`missing_fact` found missing is a general answer type (a number, an amount, a
    date) that the documents' sentences may hold where a curated answer does not."""
    from knowledge.answerability import is_answer_type

    return is_answer_type(reason)


def unknown_reason(reason: str | None) -> str:
    """Why the documents cannot answer, in Swedish, for a reason :func:`missing_fact` gave."""
    from knowledge.answerability import why

    return why(reason)


def fund_fact_unknown(question: str, response: Any) -> bool:
    """``question`` asks the fund for a kind of fact its documents lack (opening hours of the office, a
    phone number, next year's budget): close enough to the documents (cosine from
    ``answerable.lexical_evidence_dense``, term coverage from ``min_term_coverage``) to be about the fund,
    so the reply is "Det vet jag inte" and the contact rather than "that is outside what I answer"."""
    from knowledge.answerability import asked_fact
    from knowledge.search import get_searcher

    config = get_searcher().config
    return (
        asked_fact(question) is not None
        and float(getattr(response, "best_dense_score", 0.0)) >= config.lexical_evidence_dense
        and float(getattr(response, "term_coverage", 0.0)) >= config.min_term_coverage
    )


def passage_label(passage: Any) -> str:
    """Where a passage comes from: document, kind and year, municipality, section."""
    try:
        from knowledge.citation import source_label
    except ImportError:
        from actions.citations import passage_source

        return passage_source(passage)
    return str(source_label(passage))


# --- rules -----------------------------------------------------------------------------------------------


def run_checks(
    data: dict[str, Any], only: list[str] | None = None, confirmed: list[str] | None = None
) -> list[CheckResult]:
    """The active fund's checks on ``data``; ``confirmed``: facts from free text the user has confirmed."""
    from actions.sketch_state import build_sketch
    from rules.checks import run_checks as run

    if not confirmed:
        return run(build_sketch(data), fund=fund_id(), only=only)
    from rules.facts import FactSet

    return run(build_sketch(data), fund=fund_id(), only=only, facts=FactSet(confirmed=list(confirmed)))


def check_titles() -> list[str]:
    """The checks' titles, in the order the checks run (the registry of rules/checks)."""
    from rules.checks import REGISTRY

    return [check.title for check in REGISTRY.values()]


def extract_facts(text: str) -> dict[str, Any]:
    """Facts in the user's own words (amounts, dates, kinds of organisation): inferred, never stated."""
    from rules.extract import extract_facts as extract

    try:
        return dict(extract(text) or {})
    except Exception:  # noqa: BLE001 - an odd sentence must not break the conversation
        logger.exception("extract_facts failed")
        return {}


def signal_probability(text: str, name: str) -> float:
    """The highest probability of the learned signal ``name`` (rules/signals.py) over the sentences of
    ``text``; 0.0 when the signal models cannot be used (the routing then relies on its patterns alone)."""
    from rules import signals

    try:
        return max((float(s.probabilities.get(name, 0.0)) for s in signals.classify(text)), default=0.0)
    except Exception:  # noqa: BLE001 - a missing model must not break the conversation
        logger.exception("signal %s failed", name)
        return 0.0


def rule_answer(question: str) -> RuleAnswer | None:
    """A dated, cited answer from the rules data (thresholds, who may apply …), or None."""
    try:
        from rules.answers import answer_rule_question
    except ImportError:
        return None
    try:
        return answer_rule_question(question, named_fund(question) or fund_id(), date.today())
    except Exception:  # noqa: BLE001
        logger.exception("answer_rule_question failed")
        return None


def rule_topic_answer(topic: str) -> RuleAnswer | None:
    """The active fund's dated, cited answer for a known rule topic ('forsta_steg', 'process' …), or None."""
    try:
        from rules.answers import answer_rule_topic
    except ImportError:
        return None
    try:
        return answer_rule_topic(topic, fund_id(), date.today())
    except Exception:  # noqa: BLE001
        logger.exception("answer_rule_topic failed")
        return None


def named_fund(question: str) -> str | None:
    """The fund of another municipality that the question names ("Vad gäller i Sundsvall?")."""
    from actions.text_input import fold
    from rules.profiles import available_funds, load_profile

    asked = fold(question)
    for fund in available_funds():
        name = fold(str(load_profile(fund).municipality or ""))
        if fund != fund_id() and name and name in asked:
            return fund
    return None


def superseded_note(text: str) -> str | None:
    """A note when a passage states law that no longer applies (the 2015 tröskelvärde, LOU 2007:1091)."""
    try:
        from rules.answers import superseded_note as note
    except ImportError:
        return None
    try:
        return note(text)
    except Exception:  # noqa: BLE001
        logger.exception("superseded_note failed")
        return None


def decisive_question(results: list[Any]) -> Any | None:
    """The single question that would decide most of the open checks (rules data): ``text``, ``kind``
    ("ask" or "confirm"), ``fact`` and ``check``; None when nothing is open."""
    try:
        from rules.questions import most_decisive_question
    except ImportError:
        return None
    try:
        return most_decisive_question(results)
    except Exception:  # noqa: BLE001
        logger.exception("most_decisive_question failed")
        return None


def concerned_checks(text: str) -> list[str]:
    """The checks a statement gives a fact about, by its e5 vector (``rules/concerns.py``); empty when none
    is close enough or the vectors cannot be computed."""
    try:
        from rules.concerns import concerned_checks as concerned

        return concerned(text, fund_id())
    except Exception:  # noqa: BLE001 - a missing model must not break the conversation
        logger.exception("concerned_checks failed")
        return []


def would_pass_if_confirmed(result: Any) -> bool:
    """A warning only because the facts were read from free text and nothing in them is a problem."""
    from rules.checks import _UNCONFIRMED

    return (
        result.status == "warn"
        and not getattr(result, "conditional", None)
        and str(result.explanation).startswith(_UNCONFIRMED)
    )


def cited_source(line: str) -> Any | None:
    """The rules ``Citation`` a "Källa: …" line of a reply was written from (by ``actions.citations.
    citation_text``: a corpus document by its title, or a statute of ``rules/data/sources.yaml``), with the
    section and quote of the line; None for a line that is no such citation (an answer's passage label
    "Sundsvalls kommun, riktlinje (2015), …" names its source already). Statutes keep ``verified`` and
    ``note``, so a summary is never shown as the law's own words."""
    from actions.citations import short_title
    from rules.sources import Citation, corpus_manifest, document_kind, document_year, statute, statute_keys

    text = line.removeprefix("Källa:").strip()
    try:
        known = [statute(key) for key in statute_keys()]
        for file, doc in corpus_manifest().items():
            known.append(
                Citation(
                    source=doc.get("title", file),
                    municipality=doc.get("municipality"),
                    kind=document_kind(file),
                    year=document_year(file),
                    document_file=file,
                )
            )
    except Exception:  # noqa: BLE001 - without the sources the line is shown as it is
        logger.exception("sources not readable")
        return None
    found: list[tuple[int, Any]] = []
    for citation in known:
        titles = {citation.source, short_title(citation.source), citation.source.split(" (")[0]}
        title = next((t for t in sorted(titles, key=len, reverse=True) if t and text.startswith(t)), None)
        if title is None:
            continue
        rest = text[len(title) :]
        if citation.municipality:
            rest = rest.removeprefix(f" ({citation.municipality})")
        section, _, quote = rest.lstrip(" ,").partition(": ”")
        quote = quote.removesuffix("”").strip()
        # a statute of the same law: the one whose section the line names (and whose words it quotes)
        score = len(title) + (1000 if citation.section and citation.section in section else 0)
        score += 500 if citation.quote and quote and quote.rstrip(" …") in citation.quote else 0
        if citation.kind == "lag" and citation.section and citation.section not in section:
            continue  # another paragraph of the law: not this entry (the line is shown as written)
        update = {"section": section.strip() or citation.section, "quote": quote or None}
        found.append((score, citation.model_copy(update=update)))
    return max(found, key=lambda pair: pair[0])[1] if found else None
