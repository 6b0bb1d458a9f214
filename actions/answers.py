"""Answering questions about the fund: the answer in the first sentence, then the quote and its source.

Figures that live in the rules (thresholds, who may apply, fund facts) are answered from the rules data, dated
and cited. Other questions are answered from the best passage of the fund's documents; the active fund's
passage comes first, another municipality's text says so, and a passage that states superseded law is shown as
history. When the documents do not answer, the assistant says "Det vet jag inte" and names the contact.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.citations import citation_text
from actions.fund import coordinator_text, municipality
from actions.text_input import fold, usable_text

if TYPE_CHECKING:
    from rules.answers import RuleAnswer

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


def _rule_messages(answer: RuleAnswer) -> list[str]:
    """A rule answer (its first sentence answers) and its first two sources."""
    sources = "\n".join(f"Källa: {citation_text(c)}" for c in answer.citations[:2])
    return [f"{answer.text.strip()}\n\n{sources}" if sources else answer.text.strip()]


def pick_passage(passages: list[Any], question: str = "") -> Any:
    """The active fund's best passage unless another municipality's is clearly better or is the one asked
    about ("Hur gör man i Sundsvall?")."""
    own = municipality()
    best = passages[0]
    named = fold(best.municipality or "") in fold(question)
    if not own or best.municipality == own or named:
        return best
    for passage in passages[1:]:
        if passage.municipality == own and passage.score >= best.score - OTHER_FUND_MARGIN:
            return passage
    return best


def _target(question: str) -> str:
    """The municipality the question is about: one it names, else the active fund's."""
    if other := services.named_fund(question):
        from rules.profiles import load_profile

        return str(load_profile(other).municipality)
    return municipality()


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
    rule = services.rule_answer(question)
    response = response if response is not None else services.search(question, k=ANSWER_CANDIDATES)
    passages = list(getattr(response, "passages", None) or [])
    answerable = bool(getattr(response, "answerable", False)) and bool(passages)
    choice = services.choose_answer(question, passages, _target(question)) if answerable else None
    if rule is not None and not (choice is not None and services.rule_gives_way(question, rule.text, choice)):
        if missing := services.missing_fact(question, rule.text):
            return [unknown_answer(missing)]
        messages = _rule_messages(rule)
        if other := services.named_fund(question):
            from rules.profiles import load_profile

            place = str(load_profile(other).municipality)
            if place.lower() not in messages[0][:80].lower():
                messages[0] = f"I {place}: {messages[0]}"
        return messages
    if not answerable:
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
    others = [p for p in passages if p is not best]
    label = services.passage_label(best)
    further = next((p for p in others if services.passage_label(p) != label), None)
    if further is not None:
        messages.append(f"Läs mer: {services.passage_label(further)}")
    return messages


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
        try:
            messages = answer_messages(question)
        except Exception:  # noqa: BLE001 - a broken index must give an honest answer, not a crash
            logger.exception("Answering failed")
            messages = ["Jag kan inte söka i fondens dokument just nu. " + coordinator_text()]
        for message in messages:
            dispatcher.utter_message(text=message)
        return []
