"""The one masking module: every form a person types a personnummer, e-mail or phone number is masked, and
the numbers and dates an idéskiss is made of are kept."""

import pytest

from fondassistenten.privacy import (
    EMAIL_MASK,
    MASK,
    PHONE_MASK,
    mask_personal_data,
    mask_personnummer,
    mask_value,
)

PERSONNUMMER = [
    "850709-1234",
    "19850709-1234",
    "8507091234",
    "198507091234",
    "850709+1234",  # 100 years or older
    "850769-1234",  # samordningsnummer (day + 60)
    "19850791-1234",
    "850312\u20131008",  # en dash
    "850312\u20141008",  # em dash
    "850312\u20111008",  # non-breaking hyphen
    "850312\u22121008",  # minus sign
    "19850312 - 1010",  # spaces around the dash
    "19850312\u00a0-\u00a01010",  # non-breaking spaces around it
    "850312 1009",
    "85-03-12-1009",
    "1985-03-12-1009",
    "85 03 12-1009",
    "050312-1009",  # born in the 2000s
    "20050312-1009",
]


@pytest.mark.parametrize("number", PERSONNUMMER)
def test_personnummer_in_every_typed_form_is_masked(number: str) -> None:
    assert mask_personnummer(f"Mitt nummer är {number}, tack") == f"Mitt nummer är {MASK}, tack"
    assert mask_personal_data(f"pnr:{number}.") == f"pnr:{MASK}."


@pytest.mark.parametrize(
    "text",
    [
        "Budget 1 200 000 kr",
        "700000 kr",
        "1200000000 kr",
        "2026-03-01",
        "20260301",
        "2026-03-01 - 2026-12-31",
        "2026-03-01–2026-12-31",
        "Projektet pågår 2026-03-01 till 2027-02-28.",
        "300 000 kr per år i 3 år",
        "Dnr KS 2025/1234",
        "10 ungdomar 13–19 år",
    ],
)
def test_amounts_dates_and_case_numbers_are_kept(text: str) -> None:
    assert mask_personal_data(text) == text


@pytest.mark.parametrize(
    "email", ["anna.svensson@sodertalje.se", "bo+fond@example.com", "åsa_öberg@kommun.example.se"]
)
def test_email_addresses_are_masked(email: str) -> None:
    assert mask_personal_data(f"Skriv till {email} i morgon") == f"Skriv till {EMAIL_MASK} i morgon"


@pytest.mark.parametrize(
    "phone",
    [
        "070-123 45 67",
        "0701234567",
        "070 123 45 67",
        "08-523 063 78",
        "08/523 063 78",
        "+46 70 123 45 67",
        "+46701234567",
        "+46 (0)8 523 063 78",
        "0046 8 523 063 78",
        "08\u2013523 063 78",
    ],
)
def test_swedish_phone_numbers_are_masked(phone: str) -> None:
    masked = mask_personal_data(f"Ring {phone} efter lunch")
    # 0701234567 is also shaped like a personnummer (070123-4567): masked either way.
    assert masked in (f"Ring {PHONE_MASK} efter lunch", f"Ring {MASK} efter lunch")


def test_structured_values_are_masked_everywhere_and_other_types_kept() -> None:
    draft = {
        "title": "Idé",
        "contact": "Bo Berg, bo.berg@example.se, 070-123 45 67",
        "budget_sek": 1_200_000,
        "external_actors": [{"name": "Kalle 850312–1008", "value_sek": 300000}],
    }
    masked = mask_value(draft)
    assert masked["contact"] == f"Bo Berg, {EMAIL_MASK}, {PHONE_MASK}"
    assert masked["external_actors"][0] == {"name": f"Kalle {MASK}", "value_sek": 300000}
    assert masked["budget_sek"] == 1_200_000 and masked["title"] == "Idé"
