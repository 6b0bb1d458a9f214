"""Masking of Swedish personal identity numbers (personnummer, samordningsnummer) before storage."""

from __future__ import annotations

import re

MASK = "[personnummer borttaget]"

# YYMMDD-NNNN, YYYYMMDD-NNNN, with "-", "+", a space or nothing between; day may be +60 (samordningsnummer).
_PERSONNUMMER = re.compile(
    r"(?<![\d])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01]|[6-8]\d|9[01])[-+ ]?\d{4}(?![\d])"
)


def mask_personnummer(text: str) -> str:
    """Replace anything shaped like a personnummer with a marker.

    Deliberately no checksum test: a mistyped number is still personal data and must not be stored.
    """
    return _PERSONNUMMER.sub(MASK, text)
