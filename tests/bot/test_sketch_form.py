"""The idéskiss form with real rasa-sdk trackers: answers vs digressions, validation, checks, drafts."""

from __future__ import annotations

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.parsing import parse_bool
from actions.sketch_form import (
    ActionChangePart,
    ActionRestoreDraft,
    ActionShowSummary,
    ActionSketchDone,
    ActionSkipPart,
    ValidateSketchForm,
)
from actions.sketch_state import NO_ACTOR
from tests.bot.conftest import make_tracker, run_action, slot_events

FILLED = {
    "role": "kommun",
    "title": "Föräldrastöd i Hovsjö",
    "applicant": "Socialnämnden",
    "contact": "Anna Andersson, anna.andersson@example.se",
    "department_head_on_board": True,
    "committee_informed": True,
    "problem": "Var femte elev i årskurs 9 saknar gymnasiebehörighet",
    "target_group": "Cirka 60 barn i åldern 10–15 år och deras föräldrar",
}


def answer(domain, requested: str, text: str, intent: str = "inform", slots: dict | None = None):
    tracker = make_tracker(
        text, intent, slots={**(slots or {}), "requested_slot": requested}, form_active=True
    )
    return run_action(ValidateSketchForm(), tracker, domain)


def test_a_statement_answers_the_requested_part(domain):
    texts, events = answer(domain, "title", "Föräldrastöd i Hovsjö", slots={"role": "kommun"})
    assert slot_events(events)["title"] == "Föräldrastöd i Hovsjö"
    assert not texts, "a valid title needs no correction"


def test_a_question_in_the_middle_is_not_taken_as_an_answer(domain):
    texts, events = answer(domain, "target_group", "Vad menas med målgrupp?", "ask_question", FILLED)
    assert "target_group" not in slot_events(events)


def test_a_statement_misread_as_a_question_intent_still_answers(domain):
    text = "Unga vuxna 18–24 år som varken arbetar eller studerar"
    _, events = answer(domain, "target_group", text, "ask_question", {"role": "kommun"})
    assert slot_events(events)["target_group"] == text


def test_amounts_are_read_as_kronor_and_non_amounts_are_refused(domain):
    _, events = answer(domain, "budget_sek", "1,2 miljoner kronor", slots=FILLED)
    assert slot_events(events)["budget_sek"] == 1_200_000
    texts, events = answer(domain, "budget_sek", "ganska mycket", slots=FILLED)
    assert slot_events(events)["budget_sek"] is None
    assert any("belopp" in t for t in texts)


def test_yes_no_parts_need_a_yes_or_a_no(domain):
    _, events = answer(
        domain, "department_head_on_board", "Ja, kontorschefen står bakom", slots={"role": "kommun"}
    )
    assert slot_events(events)["department_head_on_board"] is True
    texts, events = answer(domain, "department_head_on_board", "kanske", slots={"role": "kommun"})
    assert slot_events(events)["department_head_on_board"] is None
    assert any("ja eller nej" in t for t in texts)


def test_an_end_date_before_the_start_is_refused(domain):
    slots = {**FILLED, "start_date": "2026-09-01"}
    texts, events = answer(domain, "end_date", "1 mars 2026", slots=slots)
    assert slot_events(events)["end_date"] is None
    assert any("efter startdatumet" in t for t in texts)
    _, events = answer(domain, "end_date", "30 juni 2028", slots=slots)
    assert slot_events(events)["end_date"] == "2028-06-30"


def test_rent_for_existing_operations_is_flagged_as_soon_as_it_is_said(domain):
    texts, events = answer(domain, "funding_purpose", "Hyra för den befintliga fritidsgården", slots=FILLED)
    flagged = [t for t in texts if "Befintlig verksamhet" in t]
    assert flagged and "Källa:" in flagged[0]
    assert any(key.startswith("befintlig_verksamhet:") for key in slot_events(events)["announced_checks"])
    # the same verdict is not repeated on the next answer
    announced = slot_events(events)["announced_checks"]
    slots = {
        **FILLED,
        "funding_purpose": "Hyra för den befintliga fritidsgården",
        "announced_checks": announced,
    }
    texts, _ = answer(domain, "human_effects", "Färre barn med hög skolfrånvaro", slots=slots)
    assert not any("Befintlig verksamhet" in t for t in texts)


def test_every_answer_updates_the_saved_draft(domain, isolated_drafts):
    answer(domain, "title", "Föräldrastöd i Hovsjö", slots={"role": "kommun"})
    assert isolated_drafts.load("test-user")["title"] == "Föräldrastöd i Hovsjö"


def test_no_external_actor_skips_the_actor_details(domain):
    _, events = answer(domain, "external_actor_name", "nej", "deny", FILLED)
    assert slot_events(events)["external_actor_name"] == NO_ACTOR
    assert slot_events(events)["requested_slot"] not in ("external_actor_service", "external_actor_value_sek")


def test_an_external_actor_gets_no_form(domain):
    _, events = answer(domain, "role", "Vi är en förening", "i_am_external")
    assert slot_events(events)["role"] == "extern"
    assert slot_events(events)["requested_slot"] is None


def test_skip_then_change_brings_the_part_back(domain):
    tracker = make_tracker(
        "hoppa över", "skip_part", slots={**FILLED, "requested_slot": "method"}, form_active=True
    )
    texts, events = run_action(ActionSkipPart(), tracker, domain)
    assert slot_events(events)["skipped_parts"] == ["method"]
    assert "Metod" in texts[0]
    tracker = make_tracker(
        "ändra metoden", "change_part", slots={**FILLED, "skipped_parts": ["method"]}, form_active=False
    )
    _, events = run_action(ActionChangePart(), tracker, domain)
    assert slot_events(events)["skipped_parts"] == []


def test_change_uses_the_named_part(domain, isolated_drafts):
    entities = [{"entity": "sketch_part", "value": "target_group", "start": 6, "end": 16}]
    tracker = make_tracker("ändra målgruppen", "change_part", slots=FILLED, entities=entities)
    texts, events = run_action(ActionChangePart(), tracker, domain)
    assert slot_events(events)["target_group"] is None
    assert "Målgrupp" in texts[0]
    # the saved draft no longer holds the old answer
    assert "target_group" not in {k for k, v in isolated_drafts.load("test-user").items() if v is not None}
    # without the entity (e.g. "malgruppen" with a typo in the rest) the words in the text are used
    tracker = make_tracker("jag vill andra malgruppen", "change_part", slots=FILLED)
    _, events = run_action(ActionChangePart(), tracker, domain)
    assert slot_events(events)["target_group"] is None


def test_summary_lists_answers_skips_and_export_links(domain):
    slots = {**FILLED, "skipped_parts": ["method"]}
    texts, _ = run_action(
        ActionShowSummary(), make_tracker("visa sammanfattning", "show_summary", slots), domain
    )
    summary = texts[0]
    assert "Föräldrastöd i Hovsjö" in summary
    assert "/api/sketch/test-user/export?format=docx" in summary and "format=pdf" in summary


def test_summary_says_which_missing_parts_the_fund_requires(domain):
    slots = {**FILLED, "skipped_parts": ["method"]}
    texts, _ = run_action(
        ActionShowSummary(), make_tracker("visa sammanfattning", "show_summary", slots), domain
    )
    lines = texts[0].splitlines()
    # Södertälje's guidelines require the method in the idea sketch and the evaluation in the application.
    assert "• Metod: (överhoppad) – fonden kräver detta i idéskissen" in lines
    assert any(
        line.startswith("• Uppföljning och utvärdering: (inte besvarad än) – fonden kräver detta i ansökan")
        for line in lines
    )
    # Answered parts and parts the fund does not require carry no such note.
    assert not any("Målgrupp" in line and "kräver" in line for line in lines)
    assert not any("Idéns namn" in line and "kräver" in line for line in lines)


def test_resume_restores_the_saved_draft_when_the_conversation_is_gone(domain, isolated_drafts):
    isolated_drafts.save("test-user", {"title": "Föräldrastöd i Hovsjö", "budget_sek": 1200000}, "sodertalje")
    texts, events = run_action(
        ActionRestoreDraft(), make_tracker("fortsätt med min idéskiss", "resume_sketch"), domain
    )
    restored = slot_events(events)
    assert restored["title"] == "Föräldrastöd i Hovsjö" and restored["budget_sek"] == 1200000
    assert texts[0].startswith("Välkommen tillbaka")


def test_the_finished_sketch_gets_summary_checks_and_export(domain):
    slots = {**FILLED, "funding_purpose": "Hyra för den befintliga fritidsgården", "end_date": "2028-06-30"}
    texts, _ = run_action(ActionSketchDone(), make_tracker("30 juni 2028", slots=slots), domain)
    joined = "\n".join(texts)
    assert "Sammanfattning av din idéskiss" in joined
    assert "Befintlig verksamhet" in joined and "vägledning, inte ett beslut" in joined
    assert "format=md" in texts[-1]


def test_required_slots_leave_out_skipped_parts_and_actor_details(domain):
    tracker = make_tracker(
        slots={"role": "kommun", "skipped_parts": ["method"], "external_actor_name": NO_ACTOR}
    )
    domain_slots = domain["forms"]["sketch_form"]["required_slots"]
    required = asyncio.run(
        ValidateSketchForm().required_slots(domain_slots, CollectingDispatcher(), tracker, domain)
    )
    assert "method" not in required and "external_actor_value_sek" not in required
    assert "title" in required and "budget_sek" in required


def test_parse_bool_reads_swedish_answers():
    assert parse_bool("Ja, hon är med") is True
    assert parse_bool("jo") is True
    assert parse_bool("Nej inte än") is False
    assert parse_bool("Det vet jag inte riktigt") is False
    assert parse_bool("Kanske") is None
