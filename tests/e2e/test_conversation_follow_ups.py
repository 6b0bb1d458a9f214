"""The conversation answers what was asked, also when it needs the turns before: over the REST channel
through the web app, against the real Rasa server, action server, knowledge index and rules.

One test per failure class of the session-3 blind run that lives in the conversation layer (actions/, bot/):
a question gets its answer rather than the eligibility summary, follow-ups read the turn before, the checks
run on what earlier turns said, an outside actor who wants to be paid hears about procurement, short requests
start the idéskiss, and "how do I go on?" gets the first steps. The messages are my own wording, not the
blind sets'.
"""

from __future__ import annotations

from tests.e2e.conftest import Chat, say

NOTHING_CONFLICTS = "jag ser inget i det du har berättat som strider"
UNDECIDED = "det beror på uppgifter som jag inte har än"


def first_message(reply: str) -> str:
    """The reply's first message (Chat.say joins the bot's messages with newlines)."""
    return reply.split("\n", 1)[0]


def test_a_question_with_an_idea_gets_its_answer_not_the_eligibility_summary(chat: Chat) -> None:
    reply = say(chat, "Vår förskola vill rikta insatsen till föräldrarna i stället för barnen, går det bra?")
    assert NOTHING_CONFLICTS not in reply and UNDECIDED not in reply
    assert "barn" in first_message(reply)


def test_a_question_about_a_rule_is_answered_from_the_documents(chat: Chat) -> None:
    reply = say(chat, "Behöver vi ha med forskningsreferenser när vi beskriver metoden?")
    assert NOTHING_CONFLICTS not in reply and UNDECIDED not in reply
    assert "forskning" in reply and "källa" in reply


def test_a_wh_question_after_a_condition_is_not_turned_into_checks(chat: Chat) -> None:
    reply = say(
        chat,
        "Om besparingarna hamnar hos socialtjänsten fast det är skolan som driver projektet, vem ska då "
        "betala tillbaka?",
    )
    assert not first_message(reply).startswith(("det kan gå", "troligen inte", NOTHING_CONFLICTS))
    assert any(word in reply for word in ("återför", "återbetal", "betala tillbaka"))


def test_a_request_for_a_verdict_still_gets_the_checks(chat: Chat) -> None:
    reply = say(chat, "Vi vill bjuda 15 utvalda ungdomar på körkortsutbildning, går det?")
    assert "likställ" in reply and "uppfyllt" not in reply


def test_a_vague_continuation_gets_a_question_not_a_goodbye(chat: Chat) -> None:
    reply = say(chat, "och sen då?")
    assert "vad menar du" in reply and "?" in reply
    assert "hej då" not in reply
    assert "varsågod" in say(chat, "tack så mycket")
    assert "hej då" in say(chat, "hej då")


def test_a_pronoun_follow_up_is_read_with_the_question_before(chat: Chat) -> None:
    first = say(chat, "När måste återbetalningen starta?")
    assert "fem år" in first
    reply = say(chat, "Kan den efterskänkas?")
    assert "det vet jag inte" not in reply
    assert "prövning" in reply or "upphäv" in reply


def test_an_association_that_asks_what_to_do_concretely_gets_the_steps(chat: Chat) -> None:
    rule = say(chat, "Vi är en idrottsklubb och vill söka pengar till ett projekt för unga.")
    assert "nämnd" in first_message(rule)
    reply = say(chat, "Okej, vad gör vi då rent praktiskt?")
    assert first_message(reply).startswith("konkret")
    assert "nämnd" in reply and "lou" in reply
    assert "enligt ett förslag" not in reply
    # A question about the fund from the same actor is answered, not met with the whole rule again.
    question = say(chat, "okej, och vem bestämmer om pengarna?")
    assert not first_message(question).startswith("nej, ni kan inte söka själva")


def test_asking_for_problems_checks_what_earlier_turns_said(chat: Chat) -> None:
    say(chat, "Vi på socialkontoret har en fritidsgård som vi har drivit sedan 2012.")
    say(chat, "Tanken är att pengarna ska betala hyran och personalen där precis som idag.")
    reply = say(chat, "Finns det några hinder så här långt?")
    assert "befintlig verksamhet" in first_message(reply)
    assert "uppfyllt" not in reply


def test_asking_for_problems_inside_the_form_checks_the_parts_so_far(chat: Chat) -> None:
    assert "?" in say(chat, "jag vill skriva en idéskiss")
    say(chat, "Jag jobbar på kultur- och fritidskontoret")
    say(
        chat,
        "Vi vill att fonden fortsätter betala driften av vår öppna verksamhet för unga, "
        "som vi har haft sedan 2018",
    )
    reply = say(chat, "Hittar du några problem hittills?")
    assert "befintlig verksamhet" in reply and "uppfyllt" not in reply


def test_a_contract_length_given_later_is_counted_with_the_yearly_amount(chat: Chat) -> None:
    say(chat, "Vi på utbildningskontoret vill köpa handledning av en konsultfirma för 300 000 kr per år.")
    reply = say(chat, "avtalet löper i tre år. måste vi upphandla?")
    assert "900 000 kr" in first_message(reply)
    assert "700 000 kr" in first_message(reply) and "2022-02-01" in first_message(reply)


def test_a_yes_or_no_answer_is_read_with_the_checks_of_the_question_before(chat: Chat) -> None:
    first = say(chat, "Vi vill köpa handledning från en konsultfirma för 450 000 kr. Får vi direktupphandla?")
    assert "upphandling enligt lou" in first_message(first)
    reply = say(chat, "nej, vi har inte köpt något liknande av dem tidigare i år")
    assert "upphandling enligt lou" in first_message(reply)
    assert "direktupphandla" in reply and "700 000 kr" in reply and "dokumenter" in reply


def test_an_evaluation_firm_that_wants_the_assignment_hears_about_procurement(chat: Chat) -> None:
    reply = say(chat, "Jag är forskare på ett privat analysföretag och vill utvärdera projekten åt er.")
    assert "nämnd" in first_message(reply)
    assert "upphandl" in reply and "lou" in reply
    again = say(
        chat,
        "Men ni måste ju ha en extern utvärderare enligt riktlinjerna, "
        "kan ni inte bara ge uppdraget till oss?",
    )
    assert "upphandl" in again and "konkurrens" in again and "uppfyllt" not in again


def test_short_requests_start_the_idea_sketch(chat: Chat) -> None:
    reply = say(chat, "en idéskiss, tack")
    assert "arbetar du i kommunen" in reply and "varsågod" not in reply


def test_an_idea_and_how_to_go_on_gets_the_first_steps_and_the_offer(chat: Chat) -> None:
    reply = say(chat, "Jag har en tanke om läxhjälp för nyanlända elever, hur går jag vidare?")
    assert NOTHING_CONFLICTS not in reply
    assert "förankra" in first_message(reply) and "idéskiss" in first_message(reply)
    assert "källa" in reply
    assert "vill du att vi börjar på idéskissen" in reply
    assert "arbetar du i kommunen" in say(chat, "jag vill skriva en idéskiss")


def test_a_direct_award_question_gets_the_limit_from_the_rules_data(chat: Chat) -> None:
    say(chat, "Vad ska jag svara en stiftelse som vill söka ur fonden?")
    reply = say(chat, "Kan de få uppdraget direkt om det kostar under 600 000 kr?")
    first = first_message(reply)
    assert "direktupphandl" in first and "700 000 kr" in first and "2022-02-01" in first
    assert "19 kap. 12 §" in reply


def test_an_answer_in_the_form_that_names_several_parts_fills_each(chat: Chat) -> None:
    assert "arbetar du i kommunen" in say(chat, "jag vill börja på en idéskiss")
    reply = say(chat, "Projektet: Trygga kvällar, kultur- och fritidsnämnden söker")
    assert "idéns namn" in reply and "sökande nämnd" in reply
    summary = say(chat, "visa sammanfattning")
    assert "trygga kvällar" in summary and "kultur- och fritidsnämnden" in summary
