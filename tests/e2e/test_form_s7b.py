"""What a valid answer in the idéskiss form looks like, over the REST channel with the real Rasa server,
action server and web app (form7b, session 7; the class of the fresh-eyes tryout probe_s7's t745–t748, tried
with new wordings): a bare yes or no is no contact person or applicant, a nämnd no word list knows is an
applicant, and a user who does not know what a kontorschef is hears it explained, with nothing stored as "nej"
and no check failing on it."""

from __future__ import annotations

from tests.e2e.conftest import Chat
from tests.e2e.test_form_corrections import summary_line

CONTACT_QUESTION = "Vem är kontaktperson"
HEAD_QUESTION = "Står kontorschefen eller förvaltningschefen bakom idén?"


def test_a_yes_or_not_yet_is_no_contact_and_an_unknown_namnd_is_the_applicant(chat: Chat) -> None:
    chat.say("jag vill börja på en ideskiss")
    chat.say("Belysta gangvagar")
    reply = chat.say("stadsbyggnadsnamnden")
    assert CONTACT_QUESTION in reply and "förstod inte" not in reply, reply
    for said in ("japp", "nä inte ännu"):
        reply = chat.say(said)
        assert CONTACT_QUESTION in reply and HEAD_QUESTION not in reply, reply
    assert HEAD_QUESTION in chat.say("Maria Berg, trafikplanerare")
    assert summary_line(chat, "Kontaktperson") == "• Kontaktperson: Maria Berg, trafikplanerare"
    assert summary_line(chat, "Sökande nämnd eller förvaltning") == (
        "• Sökande nämnd eller förvaltning: Stadsbyggnadsnamnden"
    )


def test_not_knowing_what_a_kontorschef_is_is_explained_and_never_a_no(chat: Chat) -> None:
    chat.say("ny ideskiss: titel Familjecentral i Geneta, sokande Socialnamnden")
    reply = chat.say("vet inte riktigt vad en förvaltningschef är, min chef heter Maria")
    assert "hela kontoret" in reply and CONTACT_QUESTION in reply, reply
    assert "Uppfylls inte" not in reply, reply
    chat.say("Maria Berg, enhetschef")
    reply = chat.say("ingen aning faktiskt vem som är kontorschef hos oss")
    assert HEAD_QUESTION in reply and "Uppfylls inte" not in reply, reply
    line = summary_line(chat, "Kontorschef eller förvaltningschef står bakom")
    assert "Nej" not in line, line
