"""Session 8 (checksfix8, review 8 §1, §3, §6, §13, §14): no pass-like reading on a guess. A hope, a
condition, a question or a request for information is no yes of the chef and no nämnd informed; the price of a
part is no contract value; "varje X som …" / "varje X i <ort>" is a selection; a spoken range of number words
is never added up; a past duration is no contract length. The review's sentences and own wordings."""

from __future__ import annotations

import pytest

from rules.checks import run_checks
from rules.extract import contract_months, extract_facts, money_spans
from rules.sketch import IdeaSketch


@pytest.mark.parametrize(
    "text",
    [
        # review 8 §1
        "Förvaltningschefen har bett om mer information.",
        "Chefen vill ha mer information innan hon bestämmer sig.",
        "Om chefen säger ja kör vi.",
        "Vi hoppas att chefen säger ja.",
        "Chefen säger ja om vi hittar pengar.",
        "Har chefen sagt ja?",
        "Vi måste få grönt ljus av chefen.",
        "Chefen fick veta det av en slump och blev sur.",
        # own wordings
        "Förhoppningsvis ger avdelningschefen klartecken i nästa vecka.",
        "Ifall kontorschefen står bakom det, söker vi i vår.",
        "Vi tror att förvaltningschefen stödjer idén",
        "har verksamhetschefen sagt ja till det",
        "Enhetschefen begärde mer information om budgeten.",
    ],
)
def test_a_hope_condition_question_or_request_is_no_chefs_yes(text: str) -> None:
    assert extract_facts(text).get("department_head_on_board") is not True


@pytest.mark.parametrize(
    "text",
    [
        # review 8 §1
        "Nämnden efterfrågade information om kostnaderna.",
        "Nämnden behöver information om idén.",
        "Nämnden fick veta om det men sa nej.",
        "Nämnden har tagit del av en annan rapport om barnfattigdom.",
        # own wordings
        "Socialnämnden vill ha mer information innan de tar ställning.",
        "Om nämnden informeras i maj hinner vi söka.",
        "Har utbildningsnämnden fått information om projektet?",
        "Vi hoppas att kultur- och fritidsnämnden blir informerad snart.",
    ],
)
def test_a_request_for_information_or_hearsay_is_no_nämnd_informed(text: str) -> None:
    assert extract_facts(text).get("committee_informed") is not True


@pytest.mark.parametrize(
    ("text", "head", "committee"),
    [
        ("Kontorschefen har gett klartecken och nämnden fick information på sitt möte i maj.", True, True),
        ("Förvaltningschefen står bakom idén. Socialnämnden har fått information om projektet.", True, True),
        ("Nämnden informerades i september.", None, True),
    ],
)
def test_a_stated_yes_and_a_nämnd_told_are_still_read(text: str, head: bool | None, committee: bool) -> None:
    facts = extract_facts(text)
    assert facts.get("department_head_on_board") is head
    assert facts.get("committee_informed") is committee


def _check(check: str, **sketch: object) -> tuple[str, str]:
    (found,) = run_checks(IdeaSketch.model_validate(sketch), fund="sodertalje", only=[check])
    return found.status, found.explanation


@pytest.mark.parametrize(
    "price",
    [
        # review 8 §3
        "Det blir 250 000 kr första året.",
        "Konsulten vill ha 90 000 kr för första terminen.",
        "Det blir 60 000 kr per termin.",
        # own wordings
        "Firman tar 120 000 kr för den första etappen.",
        "De begär 45 000 kr för en termin.",
        "Konsulten tar 300 000 kr forsta aret.",
    ],
)
def test_the_price_of_a_part_is_no_contract_value(price: str) -> None:
    description = f"Vi vill anlita en konsultfirma som handleder personalen på fritidsgården. {price}"
    (actor,) = extract_facts(description)["external_actors"]
    assert actor["value_sek"] is None
    status, explanation = _check(
        "upphandling", applicant="Socialnämnden", applicant_kind="nämnd", description=description
    )
    assert status == "unknown"
    assert "för hela avtalsperioden saknas" in explanation


def test_a_whole_price_with_no_length_is_not_said_to_be_for_the_whole_period() -> None:
    description = "Vi vill anlita en konsultfirma som handleder personalen. Konsulten tar 200 000 kr."
    status, explanation = _check(
        "upphandling", applicant="Socialnämnden", applicant_kind="nämnd", description=description
    )
    assert status != "pass"
    assert "för hela avtalsperioden" not in explanation
    assert "avtalstiden är inte angiven" in explanation


@pytest.mark.parametrize(
    "purpose",
    [
        # review 8 §6
        "Presentkort på 2000 kr till varje barn som socialtjänsten känner till.",
        "Vi betalar körkort till varje ungdom i Ronna som har fyllt 18.",
        # own wordings
        "Ett sommarkort på 800 kr till alla elever på Lunaskolan.",
        "Vi ger ett presentkort till varje familj som har försörjningsstöd.",
        "Körkort till alla ungdomar i Hovsjö som har fyllt 18 år.",
    ],
)
def test_every_x_with_a_restriction_is_a_selection(purpose: str) -> None:
    status, _ = _check(
        "likstallighet",
        applicant="Kultur- och fritidsnämnden",
        applicant_kind="nämnd",
        funding_purpose=purpose,
    )
    assert status == "fail"


@pytest.mark.parametrize(
    ("text", "kronor"),
    [
        ("Det kostar ungefär fem sex hundra tusen kr.", 600_000),  # review 8 §13: was 1 100 000
        ("tio elva tusen kronor", 11_000),
        ("kanske en tre fyra tusen kronor", 4_000),
        ("typ sju åtta hundra tusen kronor för hela året", 800_000),
        ("tjugo fem tusen kronor", 25_000),  # one number, not a range
        ("två hundra femtio tusen kr", 250_000),
    ],
)
def test_a_spoken_range_is_read_as_its_upper_value_never_the_sum(text: str, kronor: int) -> None:
    assert [v for _, _, v in money_spans(text)] == [kronor]


@pytest.mark.parametrize(
    "text",
    [
        "Föreningen har hållit på i fem år.",  # review 8 §14
        "Vi har haft avtalet i fem år.",  # review 8 §14
        "Vi har haft samarbetet med dem i tre år.",
        "Verksamheten har pågått i fyra år.",
        "de har hallit pa i sex ar",
    ],
)
def test_a_past_duration_is_no_contract_length(text: str) -> None:
    assert contract_months(text) is None


def test_a_past_duration_does_not_multiply_a_yearly_price() -> None:
    text = "Föreningen har hållit på i fem år och vi köper tjänsten av föreningen för 150 000 kr per år."
    (actor,) = extract_facts(text)["external_actors"]
    assert actor["value_sek"] != 750_000
    assert contract_months("Avtalet löper i tre år.") == 36
