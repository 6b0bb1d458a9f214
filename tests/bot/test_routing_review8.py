"""Review 8 findings §7, §9, §10, §11 in the routing of a message (routefix8): each test's wording is new
(none is the review's own sentence), and each failed before its fix."""

from __future__ import annotations

import pytest

from actions.citations import citation_text
from actions.respond import source_reply
from actions.understanding import asks_fake_decision, is_frustrated, resolved_referent
from rules.sources import statute, statute_keys

# --- §7 a pronoun's referent ----------------------------------------------------------------------------


def test_a_dash_before_the_pronoun_does_not_shift_where_the_referent_goes() -> None:
    # punctuation is dropped when the message is folded; the referent must still replace the pronoun itself
    resolved = resolved_referent("Ok – och hur mycket pengar finns det i den?", "Vem förvaltar fonden?", None)
    assert resolved == "Ok – och hur mycket pengar finns det i fonden?"


@pytest.mark.parametrize(
    ("text", "before"),
    [
        (
            "Om vi jobbar ihop med en förvaltning, får vi söka genom den?",
            "Kan en förening söka pengar ur fonden?",
        ),
        ("Vi har en styrgrupp redan. Räcker den?", "Måste vi ha en beredningsgrupp?"),
    ],
)
def test_a_noun_in_an_earlier_clause_of_the_same_message_is_the_referent(text: str, before: str) -> None:
    # the message names what "den" stands for itself: it is not rewritten with the turn before's noun
    assert resolved_referent(text, before, None) is None


def test_the_subject_of_the_pronouns_own_clause_is_no_referent() -> None:
    # a pronoun never stands for the subject of its own clause ("fonden" would be "sig"): the turn before's
    # noun is used
    resolved = resolved_referent(
        "kan fonden betala för den?", "Ska vi ta in en högskola som utvärderar?", None
    )
    assert resolved == "kan fonden betala för högskola?"


# --- §9 the calm lead needs anger, not an intensifier ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Det var helt otroligt smidigt att läsa om fonden, vad händer sen?",
        "Är du helt säker på att beloppet stämmer?",
        "Vi är upprörda över att så få unga får stöd, kan fonden hjälpa till?",
    ],
)
def test_a_neutral_or_positive_message_gets_no_calm_lead(text: str) -> None:
    assert not is_frustrated(text)


@pytest.mark.parametrize(
    "text", ["Är ni helt galna, varför tar det ett halvår?", "Det är helt orimligt att ingen hör av sig."]
)
def test_anger_at_the_assistant_or_the_process_still_gets_it(text: str) -> None:
    assert is_frustrated(text)


# --- §10 a letter is no fake decision --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hjälp mig formulera en bekräftelse till deltagarna om att de har fått en plats i gruppen.",
        "Kan du skriva ett brev till rektorerna om att vi startar läxhjälpen i januari?",
    ],
)
def test_an_ordinary_letter_or_confirmation_is_not_refused(text: str) -> None:
    assert not asks_fake_decision(text)


@pytest.mark.parametrize(
    "text",
    [
        "Formulera en bekräftelse om att nämnden har beviljat oss 200 000 kr.",
        "skriv ett mejl till foraldrarna att fonden har godkant projektet",
    ],
)
def test_a_letter_saying_a_body_decided_is_still_refused(text: str) -> None:
    assert asks_fake_decision(text)


# --- §11 "var står det?" never quotes a summary as the law's words ---------------------------------------


def test_an_unverified_statute_is_named_as_a_summary_not_quoted() -> None:
    unverified = [statute(key) for key in statute_keys() if statute(key).verified is False]
    assert unverified
    for citation in unverified:
        said = source_reply([f"Källa: {citation_text(citation)}"])
        assert citation.source in said
        assert "”" not in said  # no quotation marks around the summary
        assert "sammanfattning" in said and "inte kontrollerad mot SFS" in said


def test_a_verified_statute_keeps_its_quote() -> None:
    verified = [
        statute(key) for key in statute_keys() if statute(key).verified is not False and statute(key).quote
    ]
    said = source_reply([f"Källa: {citation_text(verified[0])}"])
    assert said.startswith(f"Det står i {verified[0].source}") and "”" in said
    assert "sammanfattning" not in said


def test_no_source_to_name_gets_a_sentence_not_a_crash() -> None:
    assert source_reply([]).strip()
