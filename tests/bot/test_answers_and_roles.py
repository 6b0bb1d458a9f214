"""Questions, eligibility checks, external actors and bad input, through the real actions and components."""

from __future__ import annotations

import pytest

from actions.answers import ActionAnswerQuestion
from actions.eligibility import ActionRunChecks
from actions.fallback import ActionContactCoordinator, ActionFallback
from actions.fund import active_profile
from actions.roles import ActionExplainExternal
from tests.bot.conftest import make_tracker, run_action, slot_events


def coordinator_email() -> str:
    return active_profile().contact.email


def test_guideline_question_is_answered_with_its_source(domain):
    texts, _ = run_action(
        ActionAnswerQuestion(), make_tracker("Vad gäller för återföringen av pengarna?"), domain
    )
    assert "Källa:" in texts[0]
    answer, source = texts[0].split("Källa:", 1)
    assert 40 < len(answer) < 900, "the answer is trimmed to a few sentences"
    assert "avsnitt" in source


def test_question_outside_the_corpus_gets_det_vet_jag_inte_and_the_coordinator(domain):
    texts, _ = run_action(ActionAnswerQuestion(), make_tracker("Vad kostar en glass på månen?"), domain)
    assert texts[0].startswith("Det vet jag inte")
    assert coordinator_email() in texts[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "tomt meddelande"),
        ("<script>alert('x')</script>", "kod"),
        ("Vi vill söka pengar. " * 300, "för långt"),
        ("How do we apply for money from the fund?", "bara svenska"),
        ("!!!???###%%%", "förstod inte"),
    ],
)
def test_bad_input_gets_a_clear_swedish_reply(domain, text, expected):
    for action in (ActionAnswerQuestion(), ActionRunChecks(), ActionFallback()):
        texts, events = run_action(action, make_tracker(text, intent="nlu_fallback"), domain)
        assert len(texts) == 1 and expected in texts[0]
        assert events == []


def test_html_is_stripped_before_searching(domain):
    texts, _ = run_action(ActionAnswerQuestion(), make_tracker("<b>Vem beslutar om ansökningar?</b>"), domain)
    assert "Källa:" in texts[0] and "<b>" not in texts[0]


def test_paying_driving_licences_fails_the_equality_check_with_the_statute(domain):
    tracker = make_tracker(
        "Kan vi söka för att betala körkort åt några ungdomar som saknar jobb?", "check_eligibility"
    )
    texts, events = run_action(ActionRunChecks(), tracker, domain)
    verdict = next(t for t in texts if t.startswith("Uppfylls inte: Likställighet"))
    assert "Kommunallagen" in verdict and "2 kap. 3 §" in verdict
    assert "Så kan ni göra:" in verdict
    assert texts[-1].startswith("För att kunna bedöma mer behöver jag veta")
    assert "eligibility_facts" in slot_events(events)


def test_the_check_the_user_asked_about_is_explained_with_its_sources(domain):
    text = "Vi vill anlita en konsult för 750 000 kr under två år, hur gör vi?"
    texts, _ = run_action(ActionRunChecks(), make_tracker(text, "check_eligibility"), domain)
    procurement = next(t for t in texts if "Upphandling enligt LOU" in t).replace("\xa0", " ")
    assert "750 000 kr" in procurement and "700 000 kr" in procurement
    assert "Källa: Lag (2016:1145) om offentlig upphandling" in procurement
    assert not any(t.startswith("Uppfyllt:") and "Upphandling" in t for t in texts)


def test_fails_and_warns_come_before_passes(domain):
    tracker = make_tracker("Kan vi få pengar till hyran för vår befintliga fritidsgård?", "check_eligibility")
    texts, _ = run_action(ActionRunChecks(), tracker, domain)
    problems = [i for i, t in enumerate(texts) if t.startswith(("Uppfylls inte", "Observera"))]
    passed = [i for i, t in enumerate(texts) if t.startswith("Uppfyllt:")]
    assert problems, texts
    assert any("Befintlig verksamhet" in texts[i] for i in problems)
    assert not passed or max(problems) < min(passed)


def test_external_actor_learns_it_cannot_apply_and_whom_to_contact(domain):
    texts, events = run_action(
        ActionExplainExternal(), make_tracker("Vi är en förening", "i_am_external"), domain
    )
    explanation = texts[0]
    assert "nämnd" in explanation and "LOU" in explanation and "öppen konkurrens" in explanation
    assert coordinator_email() in explanation
    assert any(t.startswith("Källa:") and "Södertälje" in t for t in texts[1:])
    assert slot_events(events) == {"role": "extern"}


def test_municipal_staff_asking_about_associations_keep_their_role(domain):
    tracker = make_tracker("Kan en förening söka pengar?", "i_am_external", slots={"role": "kommun"})
    texts, events = run_action(ActionExplainExternal(), tracker, domain)
    assert texts[0].startswith("Så här gäller för externa aktörer")
    assert events == []


def test_asking_for_a_human_gives_the_coordinator(domain):
    texts, _ = run_action(
        ActionContactCoordinator(), make_tracker("prata med en människa", "human_handoff"), domain
    )
    profile = active_profile()
    assert profile.contact.name in texts[0] and profile.contact.phone in texts[0]


def test_a_known_external_actor_asking_for_an_idea_sketch_gets_a_short_no(domain):
    tracker = make_tracker("jag vill skriva en idéskiss", "start_sketch", slots={"role": "extern"})
    texts, events = run_action(ActionExplainExternal(), tracker, domain)
    assert len(texts) == 1 and "nämnd" in texts[0] and coordinator_email() in texts[0]
    assert events == []
