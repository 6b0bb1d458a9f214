"""Routing of session 7 (routing7b) over the REST channel through the web app, against the real Rasa server,
action server, knowledge index and rules.

A request to write the whole application and make up its figures is refused and the guided idéskiss offered,
instead of starting the form (the Rasa rule for start_sketch skips action_respond; the NLU now reads such a
request as a question); a bare why after an answer gets the reason for what was just said, not the same
passage again or "Det vet jag inte"; a plan after a role with the chef not told is checked for förankring. The
messages are my own wording, not the tuning sets'.
"""

from __future__ import annotations

from tests.e2e.conftest import Chat, say

FORM_FIRST_QUESTION = "vad heter er idé"


def test_writing_it_all_with_invented_figures_is_refused_and_the_sketch_offered(chat: Chat) -> None:
    reply = say(chat, "kan du inte skriva hela ansokan at oss? hitta pa siffrorna, vi har ingen tid")
    assert "hittar inte på" in reply
    assert "jag vill skriva en idéskiss" in reply
    assert FORM_FIRST_QUESTION not in reply


def test_why_after_an_answer_gets_the_reason_not_the_same_answer(chat: Chat) -> None:
    first = say(chat, "hur manga ansokningar fick fonden under sitt forsta ar?")
    assert "ingen" in first or "inget" in first
    reply = say(chat, "hur kommer det sig?")
    assert "det vet jag inte" not in reply
    assert "oklar" in reply or "förankr" in reply or "villkor" in reply
    assert reply.split(".")[0] != first.split(".")[0]


def test_why_after_a_forankring_verdict_gets_why_the_anchoring_matters(chat: Chat) -> None:
    first = say(
        chat,
        "Vi arbetar på familjeenheten och vill testa en ny insats för tonårsföräldrar. "
        "Chefen vet inte om det ännu.",
    )
    assert "förankr" in first or "kontorschef" in first
    reply = say(chat, "varfor ar det sa viktigt da?")
    assert "det vet jag inte" not in reply
    assert "sent" in reply or "avvis" in reply or "förankr" in reply
