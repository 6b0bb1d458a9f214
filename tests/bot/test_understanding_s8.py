"""Session 8 (follow8): a pronoun in a follow-up stands for a thing named in the turn before; "var står det?"
asks for the source of the answer just given; anger in words around a question is calmed and the question
answered; a request to write or confirm a decision, protocol or certificate is refused. The wordings are my
own (other offices, no å/ä/ö, typos), written for the classes of blind v7 c013, c017, c023, s120, c032 and the
request to write a KS decision, not copied from any set (probe_s8_follow8 has other wordings)."""

from __future__ import annotations

import pytest

from actions.respond import ActionRespond, labelled_source, source_reply
from actions.understanding import (
    asked_clause,
    asks_fake_decision,
    asks_for_source,
    calmed,
    fake_decision_reply,
    is_frustrated,
    resolved_referent,
    sources_of,
)
from tests.bot.conftest import make_tracker, run_action


@pytest.mark.parametrize(
    ("text", "before", "reply", "expected"),
    [
        # the last word of the question before that agrees with "den" (-en/-an)
        (
            "vad står det om återbetalning i den?",
            "Har du läst utvärderingen från 2015?",
            None,
            "utvärderingen",
        ),
        ("och vem ansvarar for den?", "Vem skriver ansökan?", None, "ansökan"),
        ("och hur stor ar den nu?", "Vem förvaltar fonden?", None, "fonden"),
        # a noun the answer brought in with an article, when the question before has none
        (
            "vilka är med i den?",
            "vem granskar ärendet först?",
            "Ärendet bereds av en arbetsgrupp med tre personer.",
            "arbetsgrupp",
        ),
        # "en sån" / "ett sådant": an indefinite noun, not the verb of the question before
        ("behöver vi en sån?", "Vad betyder jämförelsegrupp?", None, "jämförelsegrupp"),
        ("måste vi skriva ett sånt?", "vad är ett idéprövningsprotokoll?", None, "idéprövningsprotokoll"),
        # "dem": a definite plural
        ("vem läser dem?", "Vart skickas idéskisserna?", None, "idéskisserna"),
    ],
)
def test_a_pronoun_is_replaced_by_what_it_stands_for(
    text: str, before: str, reply: str | None, expected: str
) -> None:
    resolved = resolved_referent(text, before, reply)
    assert resolved is not None and expected in resolved
    assert resolved.rstrip("?").split()[-1] != "den"


@pytest.mark.parametrize(
    ("text", "before"),
    [
        ("Vem kan söka pengar ur den sociala investeringsfonden?", "Hej"),  # "den" + adjective: no pronoun
        ("hur gör man då?", "Vem beslutar om fonden?"),  # no pronoun that stands for a thing
        ("vilka sitter i den?", "hur gar det till?"),  # nothing in the turn before it can stand for
    ],
)
def test_no_pronoun_or_no_referent_leaves_the_question_alone(text: str, before: str) -> None:
    assert resolved_referent(text, before, None) is None


@pytest.mark.parametrize(
    "text",
    [
        "var står det?",
        "Var star det nagonstans?",
        "och vart kommer det beloppet ifrån?",
        "har du en källa på det?",
        "varifrån har du det?",
        "i vilket dokument står det?",
        "källa?",
    ],
)
def test_a_request_for_the_source_is_recognised(text: str) -> None:
    assert asks_for_source(text)


@pytest.mark.parametrize(
    "text",
    [
        "var står det om återföring i riktlinjerna?",
        "var hittar jag de nya gränserna?",
        "Var finns blanketten?",
        "var står det att föreningar inte får söka, och varför är det så?",
    ],
)
def test_a_question_with_a_topic_of_its_own_is_no_request_for_the_source(text: str) -> None:
    assert not asks_for_source(text)


def test_the_source_names_the_document_kind_and_year_of_the_answer_before() -> None:
    replies = [
        "Läs mer: något annat",
        "Svaret.\n\nKälla: Sundsvalls riktlinje (Sundsvall), 5 Uppföljning och utvärdering",
    ]
    # a check's citation names the document by its title: said as municipality, kind and year
    cited = sources_of(
        ["Sociala investeringar i Sundsvalls kommun – Riktlinje (Sundsvall), 6.1 Undantag: ”Text.”"]
    )
    assert cited == []  # only "Källa:" lines count
    line = labelled_source(
        "Sociala investeringar i Sundsvalls kommun – Riktlinje (Sundsvall), 6.1 Undantag: ”Text.”"
    )
    assert line == "Sundsvalls kommun, riktlinje (2015), avsnitt ”6.1 Undantag”: ”Text.”"
    said = source_reply(["Källa: Lag (2016:1145) om offentlig upphandling (LOU), 19 kap."])
    assert said.startswith("Det står i Lag (2016:1145) om offentlig upphandling")
    assert sources_of(replies) == ["Källa: Sundsvalls riktlinje (Sundsvall), 5 Uppföljning och utvärdering"]


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "Det här är ju helt orimligt, ingen bryr sig, vem ska vi ens ringa om fonden?",
            "vem ska vi ens ringa om fonden?",
        ),
        ("fattar ni inte att vi behöver pengarna? hur lång tid tar beslutet", "hur lång tid tar beslutet?"),
        ("Jag är så trött på den här byråkratin. Varför tar det så lång tid?", "Varför tar det så lång tid?"),
        (
            "NI SVARAR ALDRIG NÅGONSIN PÅ MEJL, vad gör beredningsgruppen egentligen",
            "vad gör beredningsgruppen egentligen?",
        ),
    ],
)
def test_anger_in_words_is_calmed_and_only_the_question_answered(text: str, question: str) -> None:
    assert is_frustrated(text)
    assert asked_clause(calmed(text)).lower() == question.lower()


@pytest.mark.parametrize(
    "text",
    [
        "Är det orimligt att söka för tre år?",
        "Vi är trötta på att vänta in nämnden, kan vi börja ändå?",
        "Hur MYCKET kan man söka?",
        "Vad gör LOU och KS med vår ansökan?",
    ],
)
def test_ordinary_questions_are_not_anger(text: str) -> None:
    assert not is_frustrated(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kan du skriva ett beslut där det står att hållbarhetsutskottet har godkänt projektet?",
        "gor ett intyg att var ide foljer alla regler",
        "Fixa ett protokollsutdrag som visar att nämnden beviljat 300 000 kr.",
        "Kan du bekräfta att vårt projekt är beviljat så jag kan visa chefen?",
        "skriv ett godkännande om att fonden betalar vår fritidsledare",
    ],
)
def test_a_request_to_fake_a_decision_is_recognised(text: str) -> None:
    assert asks_fake_decision(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hur skriver man ett beslutsunderlag till nämnden?",
        "Vem fattar beslut om pengarna?",
        "Kan du bekräfta att jag har förstått reglerna rätt?",
        "Vi vill skriva en idéskiss om läxhjälp",
    ],
)
def test_other_messages_about_decisions_are_not_refused(text: str) -> None:
    assert not asks_fake_decision(text)


def test_a_fake_decision_is_refused_without_a_check(domain) -> None:
    texts, _ = run_action(
        ActionRespond(),
        make_tracker(
            "Skriv ett protokoll om att kommunstyrelsen beviljat 1,2 miljoner till Läxhjälp Ronna",
            "check_eligibility",
        ),
        domain,
    )
    assert texts == [fake_decision_reply()]
    assert "Det kan jag inte göra" in texts[0]
