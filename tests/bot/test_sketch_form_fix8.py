"""Review 8 §2 and §5 (formfix8): in the form, being told about the idea is not the chef's backing and a later
"inte" about the same subject in the same message leaves the part unclear; a general question about
idéskisser is no request for the user's own draft. Real rasa-sdk trackers, the real e5 model and the real
sketch_parts.yml; the wordings are formfix8's own, not the review's."""

from __future__ import annotations

import pytest

from actions.parsing import anchoring_answers
from actions.sketch_form import ValidateSketchForm, draft_request
from tests.bot.conftest import make_tracker, run_action, slot_events

NAMED = {"role": "kommun", "title": "Läxhjälp i Geneta", "applicant": "Barn- och utbildningsnämnden"}


def answer(domain, requested: str, text: str):
    tracker = make_tracker(text, "inform", slots={**NAMED, "requested_slot": requested}, form_active=True)
    return run_action(ValidateSketchForm(), tracker, domain)


@pytest.mark.parametrize(
    "text",
    [
        "Vår kontorschef fick en genomgång av idén i måndags",
        "förvaltningschefen fick info om det på ledningsgruppen",
        "Chefen informerades i förra veckan",
        "kontorschefen har fått en dragning men har inte sagt något",
    ],
)
def test_a_chef_who_was_told_is_no_yes(domain, text):
    texts, events = answer(domain, "department_head_on_board", text)
    assert slot_events(events).get("department_head_on_board") is not True, (text, texts)
    assert anchoring_answers(text).get("department_head_on_board", (None,))[0] is not True


@pytest.mark.parametrize(
    ("slot", "text"),
    [
        ("committee_informed", "Socialnämnden fick information om ett annat förslag, inte om det här"),
        ("committee_informed", "Nämnden är informerad om läxhjälpen i stort, men inte om vår idé"),
        ("department_head_on_board", "chefen stod bakom förra året, men inte längre"),
    ],
)
def test_a_later_negative_about_the_same_subject_overrules_the_yes(domain, slot, text):
    _, events = answer(domain, slot, text)
    assert slot_events(events).get(slot) is not True, text
    assert anchoring_answers(text).get(slot, (None,))[0] is not True


@pytest.mark.parametrize(
    "text",
    [
        "Chefen står bakom idén och nämnden fick information i oktober",
        "ja, förvaltningschefen har sagt ja",
    ],
)
def test_a_plain_backing_is_still_a_yes(text):
    assert anchoring_answers(text)["department_head_on_board"][0] is True


@pytest.mark.parametrize(
    "text",
    [
        "Vad måste stå i en idéskiss?",
        "hur lämnar man in en ideskiss",
        "Vart skickar vi idéskissen när den är klar?",
        "Har ni något exempel på en färdig idéskiss?",
        "Finns ansökningsblanketten som pdf?",
        "Var kan jag ladda ner mallen för idéskissen?",
        "Vad brukar andra kommuner skriva i sina idéskisser?",
        "Hur lång får en idéskiss vara?",
        "hur lamnar vi in var skiss sen",
        "när vi är klara, skickar du in den åt oss då?",
    ],
)
def test_a_general_question_about_ideskisser_is_no_draft_request(text):
    assert draft_request(text) is None, text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("sammanfattning tack", "summary"),
        ("kan jag få det som pdf?", "export"),
        ("vad har du fått in hittills?", "summary"),
        ("visa vad vi har skrivit", "summary"),
        ("kan jag få vår skiss som word?", "export"),
    ],
)
def test_a_request_for_the_own_draft_still_works(text, kind):
    assert draft_request(text) == kind, text
