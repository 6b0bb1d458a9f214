"""Rule questions answered from the rules' data: dated, cited, for the active fund, first sentence answers."""

from __future__ import annotations

from datetime import date

import pytest

from fondassistenten.settings import get_settings
from rules.answers import answer_rule_question, rule_topic, superseded_note

NBSP = "\u00a0"


def _first_sentence(text: str) -> str:
    return text.split(". ")[0].replace(NBSP, " ")


@pytest.mark.parametrize(
    "question",
    [
        "Under vilket belopp får man direktupphandla?",
        "under vilket belopp far man direktupphandla",
        "Vad är direktupphandlingsgränsen?",
        "När måste vi upphandla?",
    ],
)
def test_direct_award_limit_is_answered_from_the_parameters(question: str) -> None:
    answer = answer_rule_question(question, "sodertalje", date(2025, 3, 1))
    assert answer is not None and answer.topic == "direktupphandlingsgrans" and answer.known
    assert _first_sentence(answer.text) == "Direktupphandlingsgränsen är 700 000 kr (från 2022-02-01)"
    assert any(c.kind == "lag" and c.section and "19 kap." in c.section for c in answer.citations)
    assert "271" not in answer.text  # never the 2015 figure


def test_direct_award_limit_before_2022_is_the_one_then() -> None:
    answer = answer_rule_question("Vad är gränsen för direktupphandling?", "sodertalje", date(2019, 6, 1))
    assert answer is not None
    assert _first_sentence(answer.text) == "Direktupphandlingsgränsen är 586 907 kr (2018-01-01–2019-12-31)"


def test_past_the_verified_date_an_open_ended_limit_is_stated_with_the_check_date_as_a_note() -> None:
    # The 700 000 kr row has no end date: the law's fixed sum is in force until it is changed. Past the date
    # it was last checked (2025-12-31) the answer states the figure first and the check date as a note at
    # the end, not as a doubt in the first sentence (blind v5: "jag vet inte säkert att den gäller …").
    answer = answer_rule_question(
        "Under vilket belopp får man direktupphandla?", "sodertalje", date(2026, 11, 23)
    )
    assert answer is not None and answer.known
    assert _first_sentence(answer.text) == "Direktupphandlingsgränsen är 700 000 kr (från 2022-02-01)"
    assert "vet inte" not in answer.text
    assert answer.text.rstrip().endswith(
        "senast kontrollerad mot källan 2025-12-31. Kontrollera det aktuella värdet hos "
        "Upphandlingsmyndigheten innan ni bestämmer er."
    )
    within = answer_rule_question(
        "Under vilket belopp får man direktupphandla?", "sodertalje", date(2025, 3, 1)
    )
    assert within is not None and "senast kontrollerad" not in within.text  # no note while verified


def test_eu_threshold_past_the_table_gives_the_last_known_value() -> None:
    answer = answer_rule_question("Vad är tröskelvärdet för EU-upphandling?", "sundsvall", date(2026, 11, 23))
    assert answer is not None and answer.topic == "eu_troskelvarde" and not answer.known
    # a closed row ended 2025-12-31 and no later one is in the table: "Det vet jag inte" first
    assert answer.text.startswith("Det vet jag inte: underlaget har inget EU-tröskelvärde för 2026-11-23.")
    assert f"2{NBSP}389{NBSP}585" in answer.text
    within = answer_rule_question("Vad är tröskelvärdet?", "sundsvall", date(2025, 5, 1))
    assert within is not None and within.known
    assert _first_sentence(within.text) == "EU-tröskelvärdet är 2 389 585 kr (2024-01-01–2025-12-31)"


def test_bilaga_2_threshold() -> None:
    answer = answer_rule_question("Vad gäller för sociala tjänster enligt bilaga 2?", None, date(2025, 5, 1))
    assert answer is not None and answer.topic == "sociala_tjanster"
    assert "8 109 450 kr" in _first_sentence(answer.text)
    assert "direktupphandlas upp till tröskelvärdet" in answer.text


def test_fund_size_known_and_unknown() -> None:
    sodertalje = answer_rule_question("Hur stor är fonden?", "sodertalje", date(2026, 1, 1))
    assert sodertalje is not None and "24 miljoner kronor" in _first_sentence(sodertalje.text)
    sundsvall = answer_rule_question("Hur mycket pengar finns i fonden?", "sundsvall", date(2026, 1, 1))
    assert sundsvall is not None and not sundsvall.known
    assert sundsvall.text.startswith("Det vet jag inte – ")
    # what the guideline does say (the yearly amount is the budgeted resultatanslag) is the second sentence
    assert "resultatanslag" in " ".join(sundsvall.text.split(". ")[:2])
    assert "Samordningsfunktionen för sociala investeringar" in sundsvall.text
    assert sundsvall.citations


def test_who_decides_and_process_are_the_active_funds_own() -> None:
    sodertalje = answer_rule_question("Vem beslutar om pengarna?", "sodertalje", date(2026, 1, 1))
    assert sodertalje is not None and _first_sentence(sodertalje.text).startswith("Kommunstyrelsen beslutar")
    process = answer_rule_question("Hur går ansökningsprocessen till?", "sodertalje", date(2026, 1, 1))
    assert process is not None and process.topic == "process"
    assert "beredningsgruppen" in process.text and "strategiska verksamhetsnätverket" not in process.text
    sundsvall = answer_rule_question("Hur går ansökningsprocessen till?", "sundsvall", date(2026, 1, 1))
    assert sundsvall is not None and "idéprövningsblankett" in sundsvall.text.lower()
    assert all(c.municipality == "Sundsvall" for c in sundsvall.citations)


def test_stockholms_proposed_guidelines_are_presented_as_a_proposal() -> None:
    answer = answer_rule_question("Vem beslutar?", "stockholm", date(2026, 1, 1))
    assert answer is not None and answer.proposal
    assert answer.text.startswith("Enligt förslaget till riktlinjer")
    assert all(c.proposal and c.kind == "yttrande" for c in answer.citations)


def test_contact_is_a_role_not_the_person_named_in_2015() -> None:
    answer = answer_rule_question("Vem ska jag kontakta?", "sodertalje", date(2026, 1, 1))
    assert answer is not None and answer.topic == "kontakt"
    assert answer.text.startswith("Kontakta fondens samordnare")
    assert "Somers" not in answer.text and "@" not in answer.text


def test_who_may_apply() -> None:
    answer = answer_rule_question("Kan en förening söka pengar själv?", "sodertalje", date(2026, 1, 1))
    assert answer is not None and answer.topic == "vem_far_soka"
    assert "nämnd" in _first_sentence(answer.text)


@pytest.mark.parametrize(
    "question", ["Hur mycket kan man max få?", "Vad räknas som tidiga insatser?", "Vad är klockan?", ""]
)
def test_other_questions_are_left_to_search(question: str) -> None:
    assert rule_topic(question) is None
    assert answer_rule_question(question, "sodertalje", date(2026, 1, 1)) is None


def test_superseded_law_in_the_2015_passage_is_flagged_as_history() -> None:
    corpus = get_settings().corpus_dir
    text = (corpus / "sodertalje-utvardering-sociala-investeringsfonden-2015.md").read_text(encoding="utf-8")
    passage = next(line for line in text.splitlines() if "271 964" in line)
    note = superseded_note(passage, date(2025, 6, 1))
    assert note is not None and note.startswith("Texten beskriver lagen som den var 2015")
    assert f"700{NBSP}000{NBSP}kr" in note
    assert superseded_note("<sup>7</sup> Lag om offentlig upphandling (2007:1091) (LOU).") is not None
    current = (corpus / "sundsvall-riktlinje-sociala-investeringar-2015.md").read_text(encoding="utf-8")
    assert superseded_note(current[:5000]) is None


@pytest.mark.parametrize(
    "question", ["Vilken målgrupp har fonden?", "vilka ska projekten rikta sig till, vilken aldersgrupp?"]
)
def test_target_group_is_the_active_funds_own(question: str) -> None:
    own = answer_rule_question(question, "sodertalje")
    assert own is not None and own.topic == "malgrupp"
    assert own.text.startswith("Fondens målgrupp är barn och unga."), own.text
    assert own.citations and "barn och unga" in own.citations[0].quote
    stockholm = answer_rule_question(question, "stockholm")
    assert stockholm is not None and stockholm.proposal
    assert "förslag" in stockholm.text and "samtliga målgrupper" in stockholm.text, stockholm.text


# --- session 5: what the question itself names (retired blind v4 chat s033, s115, s116, s117, s120) ---


@pytest.mark.parametrize(
    "question",
    [
        "får man dela upp ett avtal i flera mindre för att hamna under gränsen för direktupphandling?",
        "Kan vi dela upp konsultuppdraget i två avtal på 400 000 kr vardera så vi slipper upphandla?",
        "Är det ok att dela upp köpet på två leverantörer så att vi håller oss under beloppsgränsen?",
    ],
)
def test_splitting_a_contract_to_stay_under_the_limit_is_not_allowed(question: str) -> None:
    answer = answer_rule_question(question, "sodertalje", date(2026, 11, 24))
    assert answer is not None and answer.topic == "dela_upp_avtal"
    assert "inte tillåtet att dela upp" in answer.text
    assert any(c.section == "Lagen om offentlig upphandling" for c in answer.citations)


def test_split_parts_are_summed_against_the_limit() -> None:
    question = "Kan vi dela upp konsultuppdraget i två avtal på 400 000 kr vardera så vi slipper upphandla?"
    answer = answer_rule_question(question, "sodertalje", date(2026, 11, 24))
    assert answer is not None
    assert "800 000 kr, mer än direktupphandlingsgränsen" in answer.text.replace(NBSP, " ")
    assert answer.text.startswith("Nej, det är inte tillåtet")  # the first sentence answers


def test_a_threshold_for_a_year_the_table_does_not_cover_is_not_known() -> None:
    question = (
        "Ett tjänsteköp på 2,3 miljoner ska avtalas i januari 2027 – ligger vi under EU:s tröskelvärde?"
    )
    answer = answer_rule_question(question, "sodertalje", date(2026, 11, 24))
    assert answer is not None and answer.topic == "eu_troskelvarde" and not answer.known
    text = answer.text.replace(NBSP, " ")
    assert answer.as_of == date(2027, 1, 1)
    assert "2 389 585 kr (2024-01-01–2025-12-31)" in text  # the last known value, with its period
    assert "kan inte säga om ni ligger under" in text  # 2,3 mnkr is too near the old value to say
    assert "ja, ni ligger under" not in text.lower()


def test_a_social_service_in_2027_gets_the_last_known_bilaga_2_threshold() -> None:
    question = (
        "Vi vill köpa familjebehandling (en social tjänst) av en privat utförare för 2,8 miljoner, avtalet "
        "startar i mars 2027. Vilket tröskelvärde gäller och får vi direktupphandla?"
    )
    answer = answer_rule_question(question, "sodertalje", date(2026, 11, 24))
    assert answer is not None and answer.topic == "sociala_tjanster" and not answer.known
    text = answer.text.replace(NBSP, " ")
    assert "8 109 450 kr" in text and "2027-03-01" in text


@pytest.mark.parametrize(
    ("fund", "said"),
    [
        ("sodertalje", "inget undantag"),  # repayment starts at the latest five years after the start
        ("sundsvall", "kontrollgrupper"),  # very early efforts may be exempted beyond ten years
        ("stockholm", "förslag"),  # the six-year exemption is proposed wording
    ],
)
def test_savings_after_twelve_years_are_weighed_against_the_funds_limit(fund: str, said: str) -> None:
    question = "Vårt projekt ger besparingar först om ungefär tolv år. Kan vi ändå få pengar?"
    answer = answer_rule_question(question, fund, date(2026, 11, 24))
    assert answer is not None and answer.topic == "aterforing"
    assert answer.text.startswith("Besparingar") and "12 år" in answer.text
    assert said in answer.text
    if fund == "sodertalje":
        assert "fem år" in answer.text


def test_a_direct_award_answer_names_the_social_services_threshold_for_the_date() -> None:
    """Retired v6 s122: buying treatment for young people for 3 million in 2025 may be a bilaga 2 service,
    whose own threshold (8 109 450 kr in 2024–2025) decides; "ett eget, högre tröskelvärde" left it unsaid."""
    answer = answer_rule_question(
        "Socialkontoret vill köpa behandlingsinsatser för unga för 3 miljoner under 2025. "
        "Kan det direktupphandlas?",
        "sodertalje",
    )
    assert answer is not None
    assert "8 109 450 kr" in answer.text and "bilaga 2" in answer.text
    assert any(c.source == "Upphandlingsmyndigheten" for c in answer.citations), "the value's source is cited"
    # Where the table has no row for the date, no value is made up.
    today = answer_rule_question("Vad är gränsen för direktupphandling?", "sodertalje", date(2026, 11, 23))
    assert today is not None and "8 109 450" not in today.text
