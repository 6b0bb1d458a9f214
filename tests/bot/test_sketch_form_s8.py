"""The idéskiss form, session 8 (form8): the order after an answer out of turn, requests for the draft in any
wording, role and contact statements, a question announced mid-form, and the review's findings. Real rasa-sdk
trackers, the real e5 model (rules.signals) and the real sketch_parts.yml; the wordings are form8's own
(tests/tuning/probe_s8_form8.yaml has them over the REST channel)."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.parsing import no_identity, read_change, term_help
from actions.sketch_form import ValidateSketchForm, draft_request, draft_request_reply
from actions.sketch_state import part_phrases
from tests.bot.conftest import make_tracker, run_action, slot_events

NAMED = {"role": "kommun", "title": "Kompisbänken", "applicant": "Utbildningsnämnden"}


def answer(domain, requested: str, text: str, intent: str = "inform", slots: dict | None = None):
    tracker = make_tracker(
        text, intent, slots={**(slots or {}), "requested_slot": requested}, form_active=True
    )
    return run_action(ValidateSketchForm(), tracker, domain)


def next_part(domain, slots: dict) -> str:
    """The part the form asks next with these slots (its required slots, the first still empty)."""
    form = ValidateSketchForm()
    tracker = make_tracker("", "inform", slots=slots, form_active=True)
    required = asyncio.run(
        form.required_slots(form.domain_slots(domain), CollectingDispatcher(), tracker, domain)
    )
    return next(slot for slot in required if slots.get(slot) is None)


def test_a_part_answered_out_of_turn_is_followed_by_the_part_after_it(domain):
    slots = {**NAMED, "contact": "Karin Ek, specialpedagog"}
    texts, events = answer(
        domain,
        "department_head_on_board",
        "Problemet: många barn i lågstadiet läser inte alls hemma",
        slots=slots,
    )
    changed = slot_events(events)
    assert changed["problem"].startswith("Många barn i lågstadiet")
    assert any("”Problem”" in t for t in texts), texts
    assert next_part(domain, {**slots, **changed}) == "target_group"


def test_several_parts_at_once_are_followed_by_the_part_after_the_last(domain):
    slots = {**NAMED, "contact": "Karin Ek"}
    text = "Problemet är ensamhet bland nyanlända tonåringar och målgruppen är ungdomar 13-17 år i Fornhöjden"
    _, events = answer(domain, "department_head_on_board", text, slots=slots)
    changed = slot_events(events)
    assert changed["target_group"] and changed["problem"]
    assert next_part(domain, {**slots, **changed}) == "method"


def test_the_open_name_is_asked_again_before_the_form_moves_on(domain):
    text = "Problemet är ensamhet bland nyanlända tonåringar och målgruppen är ungdomar 13-17 år i Fornhöjden"
    _, events = answer(domain, "title", text, slots={"role": "kommun"})
    changed = slot_events(events)
    assert changed["target_group"] and changed["problem"]
    assert next_part(domain, {"role": "kommun", **changed}) == "title"


def test_a_jump_said_in_the_answer_moves_on_from_the_open_contact(domain):
    text = "Vi hoppar direkt till metoden: en modell för systematisk uppföljning av frånvaro"
    _, events = answer(domain, "contact", text, slots=NAMED)
    changed = slot_events(events)
    assert changed["method"]
    assert next_part(domain, {**NAMED, **changed}) == "knowledge_base"


def test_a_jump_with_its_answer_in_the_next_sentence_stores_the_answer():
    change = read_change(
        "kan vi ta metoden direkt? vi ska ha lärarledd undervisning i små grupper varje sommar",
        part_phrases(),
    )
    assert change is not None and change.part == "method"
    assert change.value == "Vi ska ha lärarledd undervisning i små grupper varje sommar"


def test_the_anchoring_told_in_one_sentence_fills_both_parts(domain):
    _, events = answer(
        domain,
        "department_head_on_board",
        "forvaltningschefen har sagt ja och namnden fick info om det pa sammantradet i september",
        slots={**NAMED, "contact": "Leyla Haddad"},
    )
    changed = slot_events(events)
    assert changed["department_head_on_board"] is True
    assert changed["committee_informed"] is True


@pytest.mark.parametrize(
    "text",
    ["kan du visa vad vi har?", "vad hann vi skriva?", "sammanstallning tack", "hur ser skissen ut nu?"],
)
def test_a_summary_asked_for_in_other_words_shows_the_summary_and_stores_nothing(domain, text):
    texts, events = answer(domain, "contact", text, slots=NAMED)
    assert any("Kompisbänken" in t and "Utbildningsnämnden" in t for t in texts), texts
    assert "contact" not in slot_events(events)


@pytest.mark.parametrize(
    ("text", "fmt"),
    [("ok, ge mig det som en pdf då", "pdf"), ("kan du skicka den som word till mig", "docx")],
)
def test_an_export_asked_for_in_other_words_gives_the_links(domain, text, fmt):
    texts, events = answer(domain, "contact", text, slots=NAMED)
    assert any(f"format={fmt}" in t for t in texts), texts
    assert "contact" not in slot_events(events)


@pytest.mark.parametrize(
    ("requested", "text"),
    [
        ("problem", "Inga fritidsaktiviteter finns hittills i Brunnsäng"),
        ("knowledge_base", "Socialstyrelsens rapport från 2019, finns som pdf"),
    ],
)
def test_a_short_answer_with_a_command_word_is_an_answer(domain, requested, text):
    texts, events = answer(domain, requested, text, slots=NAMED)
    assert slot_events(events)[requested] == text
    assert not any("Sammanfattning" in t or "format=" in t for t in texts), texts


def test_the_draft_is_shown_after_the_form_has_ended():
    tracker = make_tracker("sammanfattning tack", "thank", slots=NAMED, form_active=False)
    reply = draft_request_reply("sammanfattning tack", tracker)
    assert reply is not None and "Kompisbänken" in reply
    assert draft_request_reply("tack så mycket för hjälpen", tracker) is None
    assert draft_request("Vi vill ha läxhjälp på biblioteket") is None


@pytest.mark.parametrize(
    "text",
    [
        "innan jag svarar – får man söka för pensionärer också, fonden gäller ju barn",
        "jag undrar en grej innan vi fortsatter: far man anvanda pengarna till lokalhyra",
        "hmm en sak bara, hur lang tid har man pa sig att betala tillbaka",
    ],
)
def test_an_announced_question_is_answered_and_never_stored(domain, text):
    texts, events = answer(domain, "applicant", text, slots={"role": "kommun", "title": "Stark tillsammans"})
    assert "applicant" not in slot_events(events)
    assert texts, "the question gets an answer"


def test_a_skip_with_another_object_is_an_answer(domain):
    text = "Vi skippar läxhjälpen och satsar på mentorer som träffar eleverna varje vecka"
    texts, events = answer(domain, "method", text, "skip_part", slots=NAMED)
    assert slot_events(events)["method"] == text
    assert not any("hoppar över" in t for t in texts), texts


def test_a_skip_of_the_chef_question_skips_the_anchoring(domain):
    texts, events = answer(
        domain, "department_head_on_board", "hoppa över den, jag måste kolla med chefen först", slots=NAMED
    )
    skipped = slot_events(events)["skipped_parts"]
    assert skipped == ["department_head_on_board", "committee_informed"]


def test_a_name_after_a_yes_is_the_contact(domain):
    assert not no_identity("Ja, Sofia Berg")
    assert no_identity("nej inte än")
    texts, events = answer(domain, "contact", "Ja, Sofia Berg", slots=NAMED)
    assert "Sofia Berg" in slot_events(events)["contact"]
    assert not any("ja- eller nejfråga" in t for t in texts), texts


def test_the_nämnd_and_the_user_as_contact_fill_both(domain):
    _, events = answer(
        domain,
        "applicant",
        "äldreomsorgsnämnden. jag är kontaktperson, Birgitta",
        slots={"role": "kommun", "title": "Digital gemenskap"},
    )
    changed = slot_events(events)
    assert changed["applicant"] == "Äldreomsorgsnämnden"
    assert changed["contact"] == "Birgitta"
    assert next_part(domain, {"role": "kommun", "title": "Digital gemenskap", **changed}) == (
        "department_head_on_board"
    )


def test_two_nämnder_as_the_applicant_get_a_question_which_one(domain):
    texts, events = answer(
        domain, "applicant", "utbildningsnämnden och socialnämnden tillsammans", slots=NAMED
    )
    assert slot_events(events)["applicant"] is None
    assert any("vilken blir det" in t for t in texts), texts


def test_a_start_that_names_a_part_starts_there(domain):
    text = "jag vill skriva en idéskiss men börja med återbetalningen, det är den delen jag är mest osäker på"
    tracker = make_tracker(text, "start_sketch", {"requested_slot": None}, form_active=True)
    _, events = run_action(ValidateSketchForm(), tracker, domain)
    assert slot_events(events)["jumped_to"] == "repayment_plan"
    assert next_part(domain, {"jumped_to": "repayment_plan"}) == "repayment_plan"


def test_term_help_says_its_source_or_that_it_is_general():
    chef = term_help("vad menas med kontorschef?")
    assert chef is not None and "Källa: Södertälje kommun, utvärdering (2015)" in chef
    contact = term_help("vad är en kontaktperson?")
    assert contact is not None and "beredningsgrupp" not in contact and "Södertälje" not in contact


def test_taking_the_pending_part_later_skips_it_and_is_no_pause(domain):
    texts, events = answer(
        domain,
        "title",
        "oj vet inte riktigt vad det ska heta än. kan vi ta det sen?",
        slots={"role": "kommun"},
    )
    assert slot_events(events)["skipped_parts"] == ["title"]
    assert not any("pausar" in t for t in texts), texts
