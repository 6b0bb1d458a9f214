"""Reading yes/no answers in the idéskiss form (amounts and dates are read by rules.extract)."""

from __future__ import annotations

from actions.text_input import fold, words

_YES = {
    "ja",
    "japp",
    "jo",
    "jadå",
    "jada",
    "absolut",
    "javisst",
    "visst",
    "stammer",
    "sjalvklart",
    "precis",
    "yes",
}
_NO = {"nej", "nae", "na", "inte", "ej", "icke", "aldrig", "ingen", "inga", "nope"}


def parse_bool(text: str) -> bool | None:
    """Yes or no from the first words of an answer ("Ja, hon är med" -> True, "Nej inte än" -> False)."""
    tokens = words(fold(text))[:4]
    for token in tokens:
        if token in _YES:
            return True
        if token in _NO:
            return False
    return None
