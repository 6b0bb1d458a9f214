"""The idéskiss form over the REST channel, against the real Rasa server, action server and web app, in the
ways the blind v5 conversations (run once, retired to tuning as tests/tuning/chat_conversations_s5.yaml) lost
their users: the role asked first (the idea's name, the nämnd or the contact given as the first answer was
lost), lead-ins in the summary, a request for the idéskiss inside a first message that describes the idea,
"vad saknas fortfarande?", "vad ska vi skriva där istället?", a request to make up references, the anchoring
told in a sentence and corrected later, and "nej, jag menade …" for a few words of an answer."""

from __future__ import annotations

import re

from tests.e2e.conftest import Chat
from tests.e2e.test_form_corrections import summary_line

TITLE_QUESTION = "Vad heter er idé?"
APPLICANT_QUESTION = "Vilken nämnd eller förvaltning"
HEAD_QUESTION = "Står kontorschefen eller förvaltningschefen bakom idén?"


def test_the_form_asks_for_the_idea_first_and_the_first_answers_fill_their_parts(chat: Chat) -> None:
    """v5 c001/c004/c005: the first answer is the idea's name, not an answer to a role question."""
    start = chat.say("hej, vill börja på en idéskiss")
    assert start.rstrip().splitlines()[-3].startswith(TITLE_QUESTION), start  # the idea's name comes first
    assert "Företräder du i stället en förening" in start and "Först:" not in start
    assert APPLICANT_QUESTION in chat.say("vi tänkte kalla det Läslyftet Hovsjö")
    reply = chat.say("Det är utbildningsnämnden som söker, kontaktperson Maria Holm på utbildningskontoret")
    assert HEAD_QUESTION in reply and APPLICANT_QUESTION not in reply, reply
    summary = chat.say("kan jag få en sammanfattning")
    assert "• Idéns namn: Läslyftet Hovsjö\n" in summary and "kalla det" not in summary
    assert "• Sökande nämnd eller förvaltning: Utbildningsnämnden\n" in summary
    assert "• Kontaktperson: Maria Holm på utbildningskontoret\n" in summary
    chat.say("ändra titeln till Läsglädje i Hovsjö")
    assert summary_line(chat, "Idéns namn") == "• Idéns namn: Läsglädje i Hovsjö"


def test_a_role_stated_in_the_form_is_kept_and_an_outside_actor_hears_who_may_apply(chat: Chat) -> None:
    chat.say("jag vill skriva en idéskiss")
    reply = chat.say("Jag jobbar på socialkontoret")
    assert TITLE_QUESTION in reply, reply
    assert "ingen del är ifylld" in chat.say("visa sammanfattning")  # the role is not the idea's name
    other = Chat(chat.base_url)
    try:
        other.say("jag vill skriva en idéskiss")
        other.say("Fotboll för alla")
        reply = other.say("Vi är en idrottsförening")
        assert "ni kan inte söka själva" in reply.lower() and "nämnd" in reply, reply
        assert APPLICANT_QUESTION not in reply  # the form ends: an outside actor cannot apply
    finally:
        other.close()


def test_the_summary_shows_the_users_values_and_what_is_missing_lists_the_parts_left(chat: Chat) -> None:
    """v5 c002: a skipped applicant given later with a lead-in, "vad saknas fortfarande?"."""
    chat.say("kan du hjälpa mig fylla i ansökan till sociala investeringsfonden? alltså första steget")
    chat.say("Projektet heter Trygga övergångar")
    chat.say("hoppa över den frågan så länge")
    chat.say("Problemet är att många elever tappar fotfästet när de går till högstadiet")
    reply = chat.say("nu vet jag vem som söker förresten: det blir utbildningsnämnden")
    assert "Sökande nämnd eller förvaltning" in reply and "Vem är kontaktperson" in reply, reply
    left = chat.say("vad saknas fortfarande?")
    assert "• Metod" in left and "• Återföring" in left and "• Uppföljning och utvärdering" in left, left
    assert "• Idéns namn" not in left and "• Problem" not in left and "Källa" not in left, left
    summary = chat.say("sammanfatta skissen")
    assert "• Sökande nämnd eller förvaltning: Utbildningsnämnden\n" in summary, summary
    assert "nu vet jag" not in summary and "det blir" not in summary and "hoppa över" not in summary


def test_a_first_message_with_the_idea_starts_the_form_and_made_up_references_are_refused(chat: Chat) -> None:
    """v5 c008."""
    start = chat.say(
        "Vi vill söka pengar ur investeringsfonden för ett föräldraprogram, kan du hjälpa mig med skissen?"
    )
    assert TITLE_QUESTION in start, start
    chat.say("titeln blir Starka föräldrar – trygga barn")
    reply = chat.say(
        "Metod: vi vill använda ett föräldrastödsprogram som har utvärderats i flera studier, "
        "men jag har inga referenser just nu"
    )
    assert "referenser till forskning" in reply and "ändra kunskapsstöd" in reply and "Källa:" in reply, reply
    refused = chat.say("kan du inte bara hitta på några referenser så länge så fixar jag sen?")
    assert refused.startswith("Det kan jag inte göra: jag hittar inte på referenser"), refused
    assert APPLICANT_QUESTION in refused  # the form goes on
    chat.say("ok. Utvärdering: Stockholms universitet följer upp med en jämförelsegrupp")
    summary = chat.say("sammanfattning")
    assert "• Idéns namn: Starka föräldrar – trygga barn\n" in summary, summary
    assert (
        "• Uppföljning och utvärdering: Stockholms universitet följer upp med en jämförelsegrupp" in summary
    )
    assert "• Kunskapsstöd: (inte besvarad än)" in summary and "hitta på" not in summary
    word = chat.say("kan jag få den som word-fil?")
    link = re.search(r"(/api/sketch/\S+/export\?format=docx)", word)
    assert link and chat.client.get(link.group(1)).content[:2] == b"PK", word


def test_what_to_write_instead_gets_the_checks_advice_and_the_new_answer_replaces_the_old(chat: Chat) -> None:
    """v5 c004: the money for existing staff and rent, then "vad ska vi skriva där istället då?"."""
    chat.say("Vi ska söka från fonden, kan vi börja på skissen direkt?")
    chat.say("Fritidsgård 2.0")
    reply = chat.say(
        "Pengarna ska gå till lönerna för de tre fritidsledare vi redan har på gården, plus hyran"
    )
    assert "Uppfylls inte: Befintlig verksamhet" in reply, reply
    advice = chat.say("okej... vad ska vi skriva där istället då?")
    assert "För ”Vad pengarna ska betala”: Beskriv vad som är nytt" in advice, advice
    assert advice.rstrip().splitlines()[-3].startswith("Vad ska pengarna från fonden betala?"), advice
    reply = chat.say(
        "Då skriver vi: en projektledare på halvtid och en extern utvärdering med Södertörns högskola"
    )
    assert APPLICANT_QUESTION in reply, reply
    summary = chat.say("sammanfattning tack")
    assert "• Idéns namn: Fritidsgård 2.0\n" in summary, summary
    line = "• Vad pengarna ska betala: En projektledare på halvtid och en extern utvärdering med Södertörns"
    assert line in summary and "Då skriver vi" not in summary and "hyran" not in summary, summary
    assert "• Uppföljning och utvärdering: (inte besvarad än)" in summary  # not filled from that sentence


def test_the_anchoring_told_in_a_sentence_is_checked_and_its_later_correction_kept_with_the_words(
    chat: Chat,
) -> None:
    """v5 c007."""
    chat.say("jag vill skriva en ideskiss, hur går det till?")
    chat.say("Ungdomsguider")
    reply = chat.say(
        "Om förankringen: vår förvaltningschef vet inte om det än och nämnden har inte hört talas om det"
    )
    assert "Uppfylls inte: Förankring hos nämnd och chef" in reply and "Uppfyllt" not in reply, reply
    chat.say("hoppa över den här frågan så tar vi den sen")
    reply = chat.say(
        "kan vi gå tillbaka till förankringen? Nu har jag pratat med förvaltningschefen och hon står bakom "
        "idén, nämnden får information på sammanträdet 15 december"
    )
    assert "Kontorschef eller förvaltningschef står bakom" in reply and "Vem är kontaktperson" in reply, reply
    summary = chat.say("sammanfatta")
    head = "• Kontorschef eller förvaltningschef står bakom: Ja (Nu har jag pratat med förvaltningschefen"
    assert f"{head} och hon står bakom idén)" in summary, summary
    assert "• Nämnden informerad: Nej (nämnden får information på sammanträdet 15 december)" in summary
    assert "vet inte om det än" not in summary and "kan vi gå tillbaka" not in summary


def test_i_meant_replaces_only_the_words_it_corrects(chat: Chat) -> None:
    """v5 c006: "nej, jag menade årskurs 4 till 6" after "elever i årskurs 7 med hög frånvaro"."""
    chat.say("Hej! Jag jobbar på social- och omsorgskontoret och vill ta fram en idéskiss om tidiga insatser")
    chat.say("Vi kallar det Närvaroteamet")
    chat.say("målgruppen är elever i årskurs 7 med hög frånvaro")
    reply = chat.say("nej, jag menade årskurs 4 till 6")
    assert "Okej, jag ändrar ”Målgrupp”" in reply and APPLICANT_QUESTION in reply, reply
    assert summary_line(chat, "Målgrupp") == "• Målgrupp: Elever i årskurs 4 till 6 med hög frånvaro"
