"""Answering questions about the fund from the knowledge index, short and with the source named."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.citations import answer_excerpt, passage_source
from actions.fund import coordinator_text, municipality
from actions.text_input import bad_input_reply, clean_text

logger = logging.getLogger(__name__)


def search(text: str, k: int = 3) -> Any:
    from knowledge.search import get_searcher

    return get_searcher().search(text, k=k, municipality=municipality() or None)


def unknown_answer() -> str:
    return (
        "Det vet jag inte – jag hittar inget svar på det i fondens riktlinjer och dokument, "
        "och jag vill inte gissa. " + coordinator_text()
    )


def answer_messages(question: str, response: Any) -> list[str]:
    """The best passage trimmed to the sentences that answer, its source, and a second source if any."""
    if not response.answerable or not response.passages:
        return [unknown_answer()]
    best = response.passages[0]
    messages = [f"{answer_excerpt(best.text, question)}\n\nKälla: {passage_source(best)}"]
    others = [p for p in response.passages[1:] if passage_source(p) != passage_source(best)]
    if others:
        messages.append(f"Läs mer: {passage_source(others[0])}")
    return messages


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if reply := bad_input_reply(text):
            dispatcher.utter_message(text=reply)
            return []
        question = clean_text(text)
        try:
            response = search(question)
        except Exception:  # noqa: BLE001 - a broken index must give an honest answer, not a crash
            logger.exception("Search failed for %r", question)
            dispatcher.utter_message(
                text="Jag kan inte söka i fondens dokument just nu. " + coordinator_text()
            )
            return []
        for message in answer_messages(question, response):
            dispatcher.utter_message(text=message)
        return []
