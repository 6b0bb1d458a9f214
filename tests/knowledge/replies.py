"""The reply the chat gives to a question, without the servers (``actions.answers.answer_messages``), for
the answer tests."""

from __future__ import annotations


def reply_to(question: str) -> str:
    """All the reply's messages to ``question``, joined by newlines."""
    from actions.answers import answer_messages

    return "\n".join(answer_messages(question))
