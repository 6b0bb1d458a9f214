"""The idéskiss form's questions state the configured fund's rules with their source (form8b): the real web
app, Rasa server and actions, once with FOND_FUND=sodertalje (the session's services) and once with a second
assistant started with FOND_FUND=sundsvall. Before, every fund heard Södertälje's "Det är en nämnd som ansöker
och ansvarar för insatsen …" and "Initiativ har stoppats sent …", without a source."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fondassistenten.launcher import Ports, Services
from tests.e2e.conftest import TEST_PORTS, Chat

SUNDSVALL_PORTS = Ports(
    web=TEST_PORTS.web + 500, rasa=TEST_PORTS.rasa + 500, actions=TEST_PORTS.actions + 500
)


@pytest.fixture(scope="module")
def sundsvall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    state = tmp_path_factory.mktemp("state-sundsvall")
    with Services(SUNDSVALL_PORTS, state_dir=state, extra_env={"FOND_FUND": "sundsvall"}) as running:
        yield running


def to_the_chefs_question(chat: Chat, applicant: str) -> tuple[str, str]:
    """Start the form and answer the first parts: the replies that ask for the applicant and the chef."""
    reply = chat.say("jag vill skriva en idéskiss")
    assert "Vad heter er idé?" in reply, reply
    asked_applicant = chat.say("Läxhjälp i Nacksta")
    assert "Vilken nämnd eller förvaltning" in asked_applicant, asked_applicant
    reply = chat.say(applicant)
    assert "Vem är kontaktperson" in reply, reply
    asked_chef = chat.say("Anna Andersson, utvecklingsledare")
    assert "Står kontorschefen eller förvaltningschefen bakom idén?" in asked_chef, asked_chef
    return asked_applicant, asked_chef


def test_in_sundsvall_the_form_states_sundsvalls_rules_with_the_guideline_as_source(
    sundsvall: Services,
) -> None:
    chat = Chat(sundsvall.web_url)
    try:
        applicant, chef = to_the_chefs_question(chat, "Barn- och utbildningsförvaltningen")
    finally:
        chat.close()
    assert "alla kommunala förvaltningar" in applicant, applicant
    assert "Sundsvalls kommun, riktlinje (2015), avsnitt ”3.1.1 Vem får ansöka?”" in applicant, applicant
    assert "Det är en nämnd som ansöker" not in applicant and "Södertälje" not in applicant, applicant
    assert "facknämnden tar ställning" in chef.lower() and "Sundsvalls kommun, riktlinje (2015)" in chef, chef
    assert "Initiativ har stoppats sent" not in chef and "Södertälje" not in chef, chef
    assert "beredningsgrupp" not in (applicant + chef).lower()


def test_in_sodertalje_the_form_states_sodertaljes_rules_with_the_evaluation_as_source(chat: Chat) -> None:
    applicant, chef = to_the_chefs_question(chat, "Socialnämnden")
    assert "Det är en nämnd som ansöker och ansvarar för insatsen" in applicant, applicant
    assert "Södertälje kommun, utvärdering (2015), avsnitt" in applicant, applicant
    assert "förvaltningar får söka" not in applicant and "Sundsvall" not in applicant, applicant
    assert "kontorschefer och nämnder" in chef and "Södertälje kommun, utvärdering (2015)" in chef, chef
    assert "facknämnd" not in chef and "Sundsvall" not in chef, chef
