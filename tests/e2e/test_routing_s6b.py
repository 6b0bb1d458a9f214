"""Routing fixes of session 6 (routing6b) over the REST channel through the web app, against the real Rasa
server, action server, knowledge index and rules.

Check questions the checks can already answer are sent to them (a wish to hand in the idéskiss before the
chef knows, savings that end up at another office, a hypothetical price after a described contract, giving an
outside actor the assignment, what is still missing for everything to pass), and questions are answered rather
than checked or refused (today's holder of a post in the municipality, when the money is paid out). The
messages are my own wording, not the tuning sets'.
"""

from __future__ import annotations

from tests.e2e.conftest import Chat, say

OUT_OF_SCOPE = "jag hjälper bara till med kommunens sociala investeringsfond"
FORM_INTRO = "vi skriver idéskissen tillsammans"


def test_handing_in_the_sketch_before_the_chef_knows_is_checked_not_the_form(chat: Chat) -> None:
    reply = say(
        chat,
        "Kontorschefen vet inget om det än, men vi vill lämna in idéskissen redan i morgon. Är det okej?",
    )
    assert FORM_INTRO not in reply
    assert "förankr" in reply
    assert "ja, det går bra" not in reply


def test_savings_at_another_office_get_cooperation_and_repayment(chat: Chat) -> None:
    reply = say(
        chat,
        "Insatsen drivs av socialkontoret men besparingarna hamnar hos utbildningskontoret. "
        "Hur gör vi med det?",
    )
    assert "samverk" in reply
    assert "återför" in reply or "återbetal" in reply


def test_a_hypothetical_price_after_a_contract_is_compared_with_the_limit(chat: Chat) -> None:
    say(
        chat,
        "Vi på fritidskontoret vill att ett IT-företag bygger en digital anmälan till fritidsgårdarnas "
        "aktiviteter. Måste det upphandlas?",
    )
    say(chat, "Offerten landar på runt 300 000 kr för hela avtalstiden")
    reply = say(chat, "och om det kostar 850 000?")
    assert "700 000" in reply
    assert "850 000 kr är över direktupphandlingsgränsen" in reply


def test_a_purchase_question_without_a_value_gets_the_limit_and_is_asked_the_value(chat: Chat) -> None:
    reply = say(
        chat,
        "Vi på fritidskontoret vill att ett IT-företag bygger en digital anmälan till fritidsgårdarnas "
        "aktiviteter. Måste det upphandlas?",
    )
    assert "direktupphandlingsgränsen är 700 000 kr" in reply
    assert "värt för hela avtalsperioden" in reply


def test_giving_an_association_the_assignment_is_a_procurement_question(chat: Chat) -> None:
    reply = say(
        chat,
        "Ett studieförbund har visat oss en färdig modell för läxhjälp. "
        "Kan vi söka medel och ge dem uppdraget?",
    )
    assert "upphandl" in reply
    assert "700 000" in reply


def test_what_is_missing_for_everything_to_pass_lists_the_open_checks(chat: Chat) -> None:
    say(
        chat,
        "Socialnämnden vill prova en ny föräldrautbildning som bygger på en svensk studie. "
        "Vi ska inte anlita någon utanför kommunen.",
    )
    reply = say(chat, "Vad saknas för att det ska bli godkänt?")
    assert "det vet jag inte" not in reply
    assert "förvaltningschef" in reply or "kontorschef" in reply
    assert "utvärder" in reply
    assert "återför" in reply or "återbetal" in reply


def test_a_question_about_a_post_in_the_municipality_today_is_unknown_not_out_of_scope(chat: Chat) -> None:
    reply = say(chat, "Vem är kommundirektör i Södertälje i dag?")
    assert OUT_OF_SCOPE not in reply
    assert "det vet jag inte" in reply


def test_when_the_money_is_paid_out_is_answered_not_checked(chat: Chat) -> None:
    reply = say(chat, "Kommer utbetalningen i förskott eller i efterhand?")
    assert "befintlig verksamhet" not in reply
    assert "det vet jag inte" in reply
