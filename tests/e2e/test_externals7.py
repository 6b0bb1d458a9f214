"""Outside actors, session 7 (externals7), over the REST channel through the web app, against the real Rasa
server, action server, knowledge index, e5 model and rules.

The failure classes of the retired blind v6 run: kinds of outside organisation the patterns did not list
(a studieförbund, a fritidsgård run by a förening, a social cooperative), an outside actor's price and
follow-ups that got the who-may-apply rule again, and the first reply (the rule with its source, what to do
instead, the contact). The messages are my own wording, not the sets'.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Chat

RULE_MARKERS = ("kan inte själv söka", "ni kan inte söka själva", "kan inte söka själv")


def say(chat: Chat, message: str) -> str:
    """The bot's reply with ordinary spaces (amounts use no-break spaces), for assertions."""
    return chat.say(message).replace("\u00a0", " ")


@pytest.mark.parametrize(
    "message",
    [
        "Studiefrämjandet här – kan vi söka pengar till studiecirklar för unga?",
        "hej, jag är ledare på en fritidsgård som drivs av vår hembygdsförening och vi vill söka pengar "
        "till ett läger",
        "Vi är ett arbetskooperativ för unga vuxna. Får vi söka ur fonden om vi samarbetar med en skola?",
    ],
    ids=["studieforbund_har", "foreningsdriven_fritidsgard", "kooperativ"],
)
def test_a_kind_of_outside_organisation_hears_who_may_apply_first(chat: Chat, message: str) -> None:
    reply = say(chat, message)
    first = reply.split("\n", 1)[0].lower()
    assert any(marker in first for marker in RULE_MARKERS), reply[:300]
    assert "Källa:" in reply and "nämnd eller förvaltning" in reply
    assert "IOP" in reply and "upphandl" in reply.lower() and "samordnare" in reply
    assert "vi skriver idéskissen tillsammans" not in reply.lower()


def test_staff_at_a_fritidsgard_do_not_hear_the_outside_actor_rule(chat: Chat) -> None:
    reply = say(
        chat, "Jag är fritidsledare på fritidsgården i Ronna och vill söka pengar till ett nytt lovprogram."
    )
    assert not any(marker in reply.lower() for marker in RULE_MARKERS), reply[:300]


def test_an_outside_actors_price_is_counted_for_the_whole_contract_not_told_the_rule_again(
    chat: Chat,
) -> None:
    say(
        chat,
        "Vi är ett företag som säljer ett färdigt program mot nätmobbning. Hur får vi pengar från fonden?",
    )
    reply = say(chat, "paketet kostar 180 000 per år och skolan vill ha det i fyra år")
    assert not reply.startswith("Nej, ni kan inte söka"), reply[:300]
    assert reply.startswith("180 000 kr per år i 4 år blir 720 000 kr")
    assert "720 000 kr är över direktupphandlingsgränsen (700 000 kr den 20" in reply
    assert "annan leverantör" in reply


def test_iop_whom_to_contact_and_buying_the_program_are_answered_as_asked(chat: Chat) -> None:
    say(chat, "Hej! Vi är en ideell förening för nyanlända föräldrar och vill söka pengar ur er fond.")
    iop = say(chat, "kan vi få ett IOP i stället?")
    assert iop.startswith("Det avgör nämnden eller förvaltningen") and "IOP" in iop
    assert "inte en regel i fondens riktlinjer" in iop  # Stockholm's statement is said to be that
    contact = say(chat, "ok, vem ska vi kontakta då?")
    assert "nämnd eller förvaltning" in contact and "samordnare" in contact
    buy = say(chat, "kan ni köpa vårt program?")
    assert buy.startswith("Nej, kommunen kan inte bara köpa") and "LOU" in buy
