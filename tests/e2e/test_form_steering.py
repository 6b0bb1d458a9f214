"""The idéskiss form over the REST channel, against the real Rasa server, action server and web app, in the
ways the blind v4 conversations (run once, retired to tuning) used it and it failed: words taken back
("nej, inte Geneta, jag menade Ronna"), titles given with their explanation or a command, a pause and "var var
vi?", a request for a Word file, an outside actor named while another part is asked, and "Ser du några problem
så här långt?" in the form. Since session 6 the form does not ask the user's role
(tests/e2e/test_form_first_answers.py)."""

from __future__ import annotations

import re

from tests.e2e.conftest import Chat
from tests.e2e.test_form_corrections import answer_until, start_form, summary_line

APPLICANT_QUESTION = "Vilken nämnd eller förvaltning"


def test_words_taken_back_and_titles_with_explanations_end_up_right_in_the_summary(chat: Chat) -> None:
    start_form(chat)
    chat.say("Jag arbetar på utbildningskontoret")
    chat.say("Vi kallar det Läxhjälp på fritids, eftersom barnen saknar studiero hemma")
    assert summary_line(chat, "Idéns namn") == "• Idéns namn: Läxhjälp på fritids"
    chat.say("målgruppen är barn i åk 4-6 i Geneta som saknar studiero hemma")
    reply = chat.say("nej, inte Geneta, jag menade Ronna")
    assert (
        "”Geneta” till ”Ronna”" in reply and APPLICANT_QUESTION in reply
    )  # said, and the pending part again
    assert summary_line(chat, "Målgrupp") == "• Målgrupp: Barn i åk 4-6 i Ronna som saknar studiero hemma"
    chat.say("nej, det ska vara i Hovsjö, inte Ronna")
    assert summary_line(chat, "Målgrupp") == "• Målgrupp: Barn i åk 4-6 i Hovsjö som saknar studiero hemma"
    reply = chat.say("Sätt titeln till 'Läxhjälp Hovsjö'")
    assert APPLICANT_QUESTION in reply
    assert summary_line(chat, "Idéns namn") == "• Idéns namn: Läxhjälp Hovsjö"
    chat.say("kan du ändra titeln till ”Studiero Hovsjö”?")
    assert summary_line(chat, "Idéns namn") == "• Idéns namn: Studiero Hovsjö"
    assert "(inte besvarad än)" in summary_line(chat, "Sökande nämnd eller förvaltning")


def test_a_pause_keeps_the_draft_and_coming_back_says_where_we_are(chat: Chat) -> None:
    start_form(chat)
    chat.say("Vi har tänkt kalla det Sommarskola plus")
    paused = chat.say("Jag måste gå på ett möte nu, kan vi fortsätta sen?")
    assert "sparat ditt utkast" in paused
    assert "Befintlig verksamhet" not in paused and "stämmer det" not in paused  # no checks on a pause
    back = chat.say("nu är jag tillbaka, var var vi?")
    assert "Välkommen tillbaka" in back and "• Idéns namn: Sommarskola plus" in back
    assert back.rstrip().count(APPLICANT_QUESTION) == 1
    assert back.index("Idéns namn") < back.index(APPLICANT_QUESTION)
    assert "Vem är kontaktperson" in chat.say("Jag arbetar på socialkontoret")  # the title is not asked again
    assert summary_line(chat, "Idéns namn") == "• Idéns namn: Sommarskola plus"
    assert summary_line(chat, "Sökande nämnd eller förvaltning").endswith(": Socialkontoret")


def test_a_request_for_a_word_file_gives_the_formats_and_a_link_that_downloads(chat: Chat) -> None:
    start_form(chat)
    chat.say("Sätt titeln till 'Trygga övergångar'")
    reply = chat.say("kan jag få den som word-fil?")
    assert "Word-fil (DOCX)" in reply and "PDF" in reply and "Markdown" in reply
    assert APPLICANT_QUESTION in reply  # the pending question again, nothing stored
    link = re.search(r"(/api/sketch/\S+/export\?format=docx)", reply)
    assert link, reply
    document = chat.client.get(link.group(1))
    assert document.status_code == 200 and document.content[:2] == b"PK"  # a real .docx (a zip)
    markdown = chat.client.get(link.group(1).replace("format=docx", "format=md")).text
    assert "Trygga övergångar" in markdown and "Sätt titeln" not in markdown


def test_an_outside_actor_named_while_the_applicant_is_asked_is_a_purchase_not_the_users_role(
    chat: Chat,
) -> None:
    start_form(chat)
    chat.say("Vi har tänkt kalla det Idrott för alla Södertälje")
    reply = chat.say(
        "Föreningen Idrott utan gränser ska genomföra aktiviteterna, vi betalar dem 1,5 miljoner över två år"
    )
    assert "Upphandling enligt LOU" in reply and "direktupphandl" in reply
    assert "ni kan inte söka själva" not in reply and APPLICANT_QUESTION in reply  # the form goes on
    assert summary_line(chat, "Extern aktör") == "• Extern aktör: Föreningen Idrott utan gränser"
    assert summary_line(chat, "Uppdragets värde (kr, utan moms)").endswith("1 500 000 kr")


def test_problems_so_far_in_the_form_are_the_conversations_answer_and_the_form_goes_on(chat: Chat) -> None:
    answer_until(chat, start_form(chat), "Vad ska pengarna")
    chat.say("Att fortsätta driva fritidsgården precis som idag, hyra och personal")
    reply = chat.say("Ser du några problem så här långt?")
    assert reply.startswith("Ja, utifrån det du har berättat hittills"), reply
    assert "Befintlig verksamhet" in reply and "Källa:" in reply
    assert "Vilka effekter för människorna" in reply  # the pending part, asked again
    assert "(inte besvarad än)" in summary_line(chat, "Effekter för människor")  # the question is no answer


def test_after_pausa_coming_back_resumes_the_form_where_it_was(chat: Chat) -> None:
    start_form(chat)
    chat.say("Jag jobbar på socialkontoret")
    chat.say("Projektet heter Läsglädje och handlar om läsning i förskoleklass")
    assert "sparat ditt utkast" in chat.say("pausa")
    back = chat.say("nu är jag tillbaka, var var vi?")
    assert "Välkommen tillbaka" in back and "• Idéns namn: Läsglädje" in back
    assert back.index("Idéns namn") < back.index(
        APPLICANT_QUESTION
    )  # where we are, then the pending question
    assert "Vem är kontaktperson" in chat.say("Socialnämnden")


def test_answers_and_corrections_land_in_the_part_they_belong_to_and_questions_keep_the_form(
    chat: Chat,
) -> None:
    """Tryout 5, class F: the nämnd and the contact in one answer, a corrected nämnd typed without å/ä/ö,
    "ok" after a question, "vilka delar har jag kvar?", a rules question and a correction of an earlier
    part."""
    start_form(chat)
    chat.say("jag jobbar på utbildningskontoret")
    chat.say("Läsfrämjande i Ronna")
    reply = chat.say("Utbildningsnämnden, kontaktperson är Karin Berg, utvecklingsledare")
    assert APPLICANT_QUESTION not in reply and "kontorschef" in reply, reply
    reply = chat.say("nej forresten, det ar socialnamnden som star bakom, inte utbildningsnamnden")
    assert "kontorschef" in reply, reply  # the pending question again
    assert (
        summary_line(chat, "Sökande nämnd eller förvaltning")
        == "• Sökande nämnd eller förvaltning: Socialnämnden"
    )
    assert summary_line(chat, "Kontaktperson").startswith("• Kontaktperson: Karin Berg")
    reply = chat.say("hur lang tid har vi pa oss att betala tillbaka om det blir besparingar?")
    assert "fem år" in reply and "jag vill skriva en idéskiss" not in reply, reply
    assert "kontorschef" in reply, reply  # the form goes on
    reply = chat.say("ok")
    assert "kontorschef" in reply, reply
    assert "(inte besvarad än)" in summary_line(chat, "Kontorschef eller förvaltningschef står bakom")
    left = chat.say("vilka delar har jag kvar?")
    assert "• Problem" in left and "• Idéns namn" not in left and "• Kontaktperson" not in left, left
    reply = chat.say("förresten, besparingarna hamnar hos socialkontoret, inte det jag skrev där")
    assert "Besparingar hos andra förvaltningar" in reply and "kontorschef" in reply, reply
    line = summary_line(chat, "Besparingar hos andra förvaltningar")
    assert line == "• Besparingar hos andra förvaltningar: Besparingarna hamnar hos socialkontoret"
    assert "(inte besvarad än)" in summary_line(chat, "Kontorschef eller förvaltningschef står bakom")
