"""The idéskiss form over the REST channel, against the real Rasa server, action server and web app, in the
ways the blind v6 conversations (run once, retired to tuning as tests/tuning/chat_conversations_s6.yaml) lost
their users, tried with new wordings (form7, session 7): the first message's name and nämnd, going to a named
part ahead of the order, a contact named as such, a job title or a nämnd given for the wrong part, an answer
with a question in one message, an outside actor with its fee, and "ändra till: …"."""

from __future__ import annotations

from tests.e2e.conftest import Chat
from tests.e2e.test_form_corrections import summary_line

TITLE_QUESTION = "Vad heter er idé?"
APPLICANT_QUESTION = "Vilken nämnd eller förvaltning"
CONTACT_QUESTION = "Vem är kontaktperson"
HEAD_QUESTION = "Står kontorschefen eller förvaltningschefen bakom idén?"


def test_the_first_message_fills_the_name_and_the_applicant_and_the_next_part_is_asked(chat: Chat) -> None:
    reply = chat.say("ny ideskiss: titel Rastaktiviteter, sokande Utbildningsnamnden")
    assert CONTACT_QUESTION in reply and TITLE_QUESTION not in reply, reply
    assert summary_line(chat, "Idéns namn") == "• Idéns namn: Rastaktiviteter"
    assert summary_line(chat, "Sökande nämnd eller förvaltning") == (
        "• Sökande nämnd eller förvaltning: Utbildningsnämnden"
    )


def test_going_to_a_named_part_asks_it_and_the_form_goes_on_after_it(chat: Chat) -> None:
    chat.say("jag vill skriva en idéskiss")
    chat.say("Trygga vägar hem")
    reply = chat.say("kan vi hoppa direkt till budgeten?")
    assert "Hur mycket pengar söker ni" in reply and "hoppar över" not in reply, reply
    reply = chat.say("ungefär 1,2 miljoner kronor")
    assert "När planerar ni att starta" in reply, reply  # the part after the budget, not the applicant
    budget = summary_line(chat, "Sökt belopp (kr)")
    assert "1 200 000" in budget, budget


def test_a_nämnd_for_the_title_a_contact_named_as_such_and_a_job_title_land_right(chat: Chat) -> None:
    chat.say("ideskiss tack")
    reply = chat.say("Socialnamnden")
    assert "Sökande nämnd eller förvaltning" in reply and TITLE_QUESTION in reply, reply
    chat.say("Stark start")
    reply = chat.say("kontaktperson blir jag själv, kurator på Wasaskolan")
    assert HEAD_QUESTION in reply and "prata med en människa" not in reply, reply
    assert summary_line(chat, "Kontaktperson") == "• Kontaktperson: Jag själv, kurator på Wasaskolan"
    other = Chat(chat.base_url)
    try:
        other.say("jag vill börja på en idéskiss")
        other.say("Läsande familjer")
        reply = other.say("jag jobbar som bibliotekarie på stadsbiblioteket")
        assert APPLICANT_QUESTION in reply and CONTACT_QUESTION not in reply, reply
        assert CONTACT_QUESTION in other.say("det blir kultur- och fritidsnämnden som söker")
        assert summary_line(other, "Sökande nämnd eller förvaltning") == (
            "• Sökande nämnd eller förvaltning: Kultur- och fritidsnämnden"
        )
    finally:
        other.close()


def test_an_answer_and_a_question_in_one_message_are_both_taken(chat: Chat) -> None:
    reply = chat.say("jag vill skriva en idéskiss för projektet 'Sommarskolan'")
    assert APPLICANT_QUESTION in reply and TITLE_QUESTION not in reply, reply
    reply = chat.say("Utbildningsnämnden. Men vem är det som beslutar om pengarna till slut?")
    assert "kommunstyrelsen" in reply.lower() and CONTACT_QUESTION in reply, reply
    assert summary_line(chat, "Sökande nämnd eller förvaltning").endswith("Utbildningsnämnden")


def test_an_outside_actor_with_its_fee_gets_the_procurement_rule_at_once(chat: Chat) -> None:
    chat.say("ny idéskiss: titel Simma lugnt, sökande Kultur- och fritidsnämnden")
    reply = chat.say("skulle vi kunna ta de externa aktörerna först?")
    assert "extern aktör" in reply and "hoppar över" not in reply, reply
    reply = chat.say("vi tänker ha med livräddningssällskapet, de får ungefär 300 000 kr för simlärarna")
    reply = reply.replace("\xa0", " ")  # amounts are written with non-breaking spaces
    assert "300 000 kr" in reply and "700 000 kr" in reply and "dokumenteras" in reply, reply
    assert summary_line(chat, "Extern aktör") == "• Extern aktör: Livräddningssällskapet"


def test_a_part_pointed_back_at_and_changed_with_a_colon_keeps_the_new_words(chat: Chat) -> None:
    chat.say("idéskiss: Unga ledare i Ronna, socialnämnden söker")
    chat.say("vad menas med implementeringsplan?")
    reply = chat.say("okej då skriver vi den nu: verksamheten tas över av fritidskontoret efter två år")
    assert "Implementering i ordinarie verksamhet" in reply and CONTACT_QUESTION in reply, reply
    reply = chat.say("ändra till: fritidskontoret tar över efter tre år och betalar personalen")
    assert "tre år" in reply, reply
    assert summary_line(chat, "Implementering i ordinarie verksamhet").endswith("betalar personalen")
