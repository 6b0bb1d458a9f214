from fondassistenten.privacy import MASK, mask_personnummer


def test_personnummer_in_every_common_shape_is_masked() -> None:
    for number in (
        "850709-1234",
        "19850709-1234",
        "8507091234",
        "850769-1234",
        "850709+1234",
        "198507091234",
    ):
        assert mask_personnummer(f"Mitt nummer är {number}, tack") == f"Mitt nummer är {MASK}, tack"


def test_amounts_dates_and_phone_numbers_are_kept() -> None:
    for text in ("Budget 1 200 000 kr", "700000 kr", "2026-03-01", "20260301", "Ring 08-523 063 78"):
        assert mask_personnummer(text) == text
