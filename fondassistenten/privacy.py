"""The one masking module: personal data is replaced by a marker before anything is written.

Masked: Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer) in every
form a person types them, e-mail addresses and Swedish phone numbers. Every place that stores or logs what a
user wrote calls :func:`mask_personal_data` (or :func:`mask_value` for structured data): the chat proxy
(``webapp/routers/chat.py``), Rasa's REST channel (``bot/channels.py``, so the tracker store never sees the
number even when a client talks to Rasa directly), the draft store (``fondassistenten/drafts.py``) and the
exports (``webapp/sketch_document.py``).

Deliberately no checksum test: a mistyped number is still personal data and must not be stored.
"""

from __future__ import annotations

import re
from typing import Any

MASK = "[personnummer borttaget]"
EMAIL_MASK = "[e-postadress borttagen]"
PHONE_MASK = "[telefonnummer borttaget]"

# Every dash a keyboard, a word processor or a phone can produce: hyphen-minus, hyphen, non-breaking hyphen,
# figure dash, en dash, em dash, horizontal bar, minus sign, small and full-width hyphen-minus.
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
# Between the date and the last four digits: nothing, a dash or "+" (100 years or older), with or without
# spaces (also non-breaking) around it, or only spaces.
_SEP = rf"(?:\s*[{_DASHES}+]\s*|\s+)?"
# Inside the date (85-03-12, 85 03 12, 1985.03.12): an optional dash, dot or space.
_DATE_SEP = rf"[{_DASHES}.\s]?"
_MONTH = r"(?:0[1-9]|1[0-2])"
# Day 01-31, or 61-91 for a samordningsnummer (day + 60).
_DAY = r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"

_PERSONNUMMER = re.compile(
    rf"(?<![\d{_DASHES}])(?<!\d\s)"  # not the tail of a longer number
    rf"(?:(?:18|19|20){_DATE_SEP})?\d{{2}}{_DATE_SEP}{_MONTH}{_DATE_SEP}{_DAY}"
    rf"{_SEP}\d{{4}}"
    rf"(?!\d|\s*[{_DASHES}]\s*\d)"  # not the start of a longer number or a date range
)

_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)

# Swedish numbers: 070-123 45 67, 0701234567, 08-123 456 78, 08/12 34 56, +46 70 123 45 67, 0046 8 123 456.
# After the trunk prefix (0, +46 or 0046) come 7 to 9 digits with optional spaces, dashes or a slash.
_PHONE = re.compile(
    rf"(?<![\w+{_DASHES}/.])(?<!\d\s)(?:\+46|0046|\(0\)|0)\s*(?:\(0\)\s*)?[1-9](?:[\s{_DASHES}/]{{0,3}}\d){{6,9}}"
    rf"(?!\d|[{_DASHES}/.]\d)"
)


def mask_personnummer(text: str) -> str:
    """Replace anything shaped like a personnummer or samordningsnummer with :data:`MASK`."""
    return _PERSONNUMMER.sub(MASK, text)


def mask_personal_data(text: str) -> str:
    """Mask personnummer, samordningsnummer, e-mail addresses and Swedish phone numbers in ``text``."""
    if not text:
        return text
    text = _PERSONNUMMER.sub(MASK, text)
    text = _EMAIL.sub(EMAIL_MASK, text)
    return _PHONE.sub(PHONE_MASK, text)


def mask_value(value: Any) -> Any:
    """:func:`mask_personal_data` on every string in a JSON-like structure (dicts, lists, strings)."""
    if isinstance(value, str):
        return mask_personal_data(value)
    if isinstance(value, dict):
        return {key: mask_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_value(item) for item in value]
    return value


def contains_personal_data(text: str) -> bool:
    """True when ``text`` still holds something :func:`mask_personal_data` would mask."""
    return mask_personal_data(text) != text
