"""Free text that changes a stated procurement field, amounts per period or per contract in free text,
the kind of service read from its words, and who applies read from the applicant's own name (session 7).

Own wordings of the classes behind blind v6's misses (retired; the set's sentences are not used here): the
real checks, the real pattern files, the real spaCy pipeline.
"""

from __future__ import annotations

from datetime import date

import pytest

from rules.checks import run_checks
from rules.extract import contract_values, parse_number, parse_number_word_amount
from rules.sketch import IdeaSketch

AS_OF = date(2026, 3, 1)


def _upphandling(description: str | None = None, **actor: object) -> tuple[str, str]:
    actor = {"kind": "konsultfirma", "service": "utbildning av personal", **actor}
    sketch = IdeaSketch(
        title="Idé", applicant="Socialnämnden", description=description, external_actors=[actor]
    )
    res = run_checks(sketch, "sodertalje", as_of=AS_OF, only=["upphandling"])[0]
    return res.status, res.explanation.replace("\xa0", " ")


def _forankring(**fields: object) -> tuple[str, str]:
    sketch = IdeaSketch(title="Idé", **fields)
    res = run_checks(sketch, "sodertalje", as_of=AS_OF, only=["forankring"])[0]
    return res.status, res.explanation


@pytest.mark.parametrize(
    "sentence",
    [
        "Vi köpte redan i våras liknande uppdrag av samma firma för 300 000 kr.",
        "vi har redan kopt samma tjanst av dem i ar for 250 000",
        "Föreningen har redan fått löfte om uppdraget.",
        "Vi har sagt till konsulten att hon får jobbet.",
        "Avtalet kan förlängas två år till.",
        "Vi räknar med att de fortsätter även nästa år också.",
        "sen vill vi forlanga avtalet med dem",
    ],
)
def test_a_sentence_that_changes_the_stated_purchase_is_never_a_pass(sentence: str) -> None:
    status, text = _upphandling(sentence, form="direktupphandling", value_sek=350_000)
    assert status == "warn"
    assert sentence.rstrip(".")[:30] in text
    assert "det ändrar det som står om köpet" in text


@pytest.mark.parametrize(
    "sentence",
    ["Föreningen har redan fått löfte om uppdraget.", "Det är klart att föreningen ska få uppdraget."],
)
def test_a_promised_assignment_is_no_open_procurement(sentence: str) -> None:
    status, text = _upphandling(sentence, form="upphandling", value_sek=600_000)
    assert status == "warn"
    assert "kan inte lovas bort" in text


def test_continuing_the_work_itself_is_no_extension_of_the_contract() -> None:
    status, _ = _upphandling(
        "Verksamheten ska fortsätta i ordinarie regi efter projektet.",
        form="direktupphandling",
        value_sek=350_000,
    )
    assert status == "pass"


@pytest.mark.parametrize(
    "sentence", ["Vi har inte köpt något liknande tidigare i år.", "Avtalet ska inte förlängas."]
)
def test_a_negated_reading_does_not_qualify_the_purchase(sentence: str) -> None:
    # other readings may still ask about the sentence; this one does not say it changes the purchase
    _, text = _upphandling(sentence, form="direktupphandling", value_sek=350_000)
    assert "det ändrar det som står om köpet" not in text


def test_a_negation_in_another_clause_does_not_undo_the_reading() -> None:
    """Review 7: the whole sentence was dropped for any negation in it, so the earlier purchase passed."""
    sentence = "Vi har redan köpt samma tjänst av byrån i år, och det har inte varit några problem."
    status, text = _upphandling(sentence, form="direktupphandling", value_sek=350_000)
    assert status == "warn"
    assert "det ändrar det som står om köpet" in text


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("Konsulten tar 45 000 kr i månaden under två år.", 1_080_000),
        ("fyra avtal på 200 000 kr vardera", 800_000),
        ("tvahundrafemtiotusen kr per ar i tre ar", 750_000),
        ("Byrån kostar 180 tkr/år och avtalet löper i fyra år", 720_000),
        ("Vi har köpt för 400 000 i år.", 400_000),
    ],
)
def test_contract_values_over_the_whole_period(text: str, total: int) -> None:
    assert max(v.total for v in contract_values(text)) == total


def test_number_words_in_compounds_and_without_a_ring() -> None:
    assert parse_number_word_amount("sjuhundratusen") == 700_000
    assert parse_number_word_amount("trehundrafemtiotusen") == 350_000
    assert parse_number_word_amount("kampanj") is None
    assert parse_number("tva") == 2.0
    assert parse_number("åtta") == 8.0


def test_a_price_per_month_in_the_text_beats_a_smaller_stated_value() -> None:
    status, text = _upphandling(
        "Apputvecklaren tar 45 000 kr i månaden under två år.",
        kind="apputvecklare",
        service="utveckling av app",
        form="direktupphandling",
        value_sek=45_000,
    )
    assert status == "fail"
    assert "1 080 000 kr" in text


def test_contracts_counted_in_the_text_are_summed() -> None:
    status, text = _upphandling("Vi tecknar fyra avtal på 200 000 kr vardera.", service="ny webbplats")
    assert status != "pass"
    assert "800 000 kr" in text


def test_a_project_budget_per_year_is_no_contract_value() -> None:
    status, text = _upphandling(
        "Projektet kostar 300 000 kr per år i tre år.", form="direktupphandling", value_sek=200_000
    )
    assert status != "fail"
    assert "900 000" not in text


@pytest.mark.parametrize("service", ["utveckling av en app", "reklamkampanj på bussar", "ny it-plattform"])
def test_a_service_outside_bilaga_2_over_the_limit_fails(service: str) -> None:
    status, _ = _upphandling(None, service=service, form="direktupphandling", value_sek=1_000_000)
    assert status == "fail"


def test_a_service_named_as_bilaga_2_gets_that_threshold() -> None:
    status, text = _upphandling(
        None,
        service="boendestöd, social tjänst enligt LOU bilaga 2",
        form="direktupphandling",
        value_sek=3_000_000,
    )
    assert status in ("pass", "warn")
    assert "bilaga 2" in text


@pytest.mark.parametrize("applicant", ["foreningen Framtid", "Högskolan Dalarna", "Region Sörmland"])
def test_an_applicant_outside_the_municipality_fails(applicant: str) -> None:
    status, text = _forankring(applicant=applicant)
    assert status == "fail"
    assert "kan bara kommunens egna organ söka" in text


@pytest.mark.parametrize("applicant", ["Socialnamnden", "Kultur- och fritidsnamnden"])
def test_a_committee_written_without_a_ring_passes(applicant: str) -> None:
    status, _ = _forankring(applicant=applicant, department_head_on_board=True, committee_informed=True)
    assert status == "pass"


def test_the_stated_applicant_beats_an_association_in_the_description() -> None:
    status, _ = _forankring(
        applicant="Fritidsnämnden",
        description="Föreningar kan vara med i aktiviteterna, men nämnden söker och ansvarar.",
        department_head_on_board=True,
        committee_informed=True,
    )
    assert status == "pass"


def test_handing_in_for_an_association_is_a_warning() -> None:
    status, text = _forankring(
        applicant="Socialkontoret",
        description="Vi skickar in ansökan åt Idrottsföreningen Kulan eftersom de inte kan söka själva.",
    )
    assert status == "warn"
    assert "Kulan" in text


def _check(check: str, **fields: object) -> str:
    sketch = IdeaSketch(title="Idé", applicant="Socialnämnden", **fields)
    return run_checks(sketch, "sodertalje", as_of=AS_OF, only=[check])[0].status


@pytest.mark.parametrize(
    "purpose",
    [
        "Pröva en ny modell för samordnade hembesök under två år. Vanlig verksamhet finansieras som vanligt.",
        "Testa en ny metod för tidiga samtal med föräldrar, som komplement till ordinarie arbete.",
    ],
)
def test_ordinary_work_paid_as_usual_beside_a_new_method_passes(purpose: str) -> None:
    assert _check("befintlig_verksamhet", funding_purpose=purpose) == "pass"


def test_a_description_saying_what_the_money_is_not_and_is_for_is_read() -> None:
    # inferred from the description: at most a warning, but no longer "unknown"
    status = _check(
        "befintlig_verksamhet",
        description="Inte lönerna på fritidsgården utan en ny metod för att nå tjejer som aldrig kommer dit.",
    )
    assert status == "warn"


@pytest.mark.parametrize(
    "purpose",
    [
        "Vi betalar elräkningen för fem familjer som socialtjänsten väljer ut",
        "hyran for tva familjer som vi valt ut",
    ],
)
def test_paying_selected_families_living_costs_fails(purpose: str) -> None:
    assert _check("likstallighet", funding_purpose=purpose) == "fail"


def test_a_company_read_from_free_text_is_named_in_plain_words() -> None:
    sketch = IdeaSketch(
        title="Idé", description="Vi vill köpa in en kurs från ett företag för 450 000 kr över två år."
    )
    results = run_checks(sketch, "sodertalje", as_of=AS_OF)
    upphandling = next(r for r in results if r.id == "upphandling")
    assert "företaget" in upphandling.explanation and "aktiebolag" not in upphandling.explanation
    # buying a course is a purchase, not money to a company
    naringsliv = next(r for r in results if r.id == "naringslivsstod")
    assert "nämner företag" not in naringsliv.explanation


def test_a_mobile_team_is_no_phone_given_to_pupils() -> None:
    text = "Vi vill ha ett mobilt team som jobbar med elever i åk 4-7 med hög skolfrånvaro."
    results = run_checks(IdeaSketch(title="Idé", description=text), "sodertalje", as_of=AS_OF)
    likstallighet = next(r for r in results if r.id == "likstallighet")
    assert "ger något av ekonomiskt värde" not in likstallighet.explanation


@pytest.mark.parametrize("purpose", ["hyra lokal till ett nytt projekt", "lokalhyra för det nya projektet"])
def test_rent_for_a_new_project_is_a_question_not_a_fail(purpose: str) -> None:
    assert _check("befintlig_verksamhet", funding_purpose=purpose) == "warn"


def test_software_for_social_services_is_asked_about_not_taken_as_bilaga_2() -> None:
    """Review 7: 'En app för sociala tjänster' for 2 million as a direct award passed as a social service."""
    status, _ = _upphandling(
        service="En app för sociala tjänster",
        form="direktupphandling",
        value_sek=2_000_000,
        purchase_date="2025-06-01",
    )
    assert status != "pass"


def test_preventive_work_is_no_building_work() -> None:
    """Review 7: 'förebyggande' held 'bygg', so preventive work was read as outside bilaga 2 and failed."""
    status, _ = _upphandling(
        service="Förebyggande arbete mot droger för unga", form="direktupphandling", value_sek=900_000
    )
    assert status != "fail"


def test_how_long_an_organisation_has_existed_is_no_contract_length() -> None:
    """Review 7: 'har funnits i tio år' made a yearly price ten times larger."""
    values = contract_values("Föreningen har funnits i tio år och tar 150 000 kr per år.")
    assert [v.total for v in values] == [150_000]
