"""Give back å/ä/ö to OCR text that lost them ("forebyggande" -> "förebyggande").

A document needs repair when far fewer of its letters are å/ä/ö than in Swedish text (about 3 %). Each word is
then compared, with å/ä/ö/é folded away, to the words of the clean documents of the same corpus; when a clean
spelling is clearly the more common one, it replaces the OCR spelling. Words no clean document uses (names,
garbled tokens) stay as they are.
"""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[A-Za-zÅÄÖåäöéÉ]+")
_OCR_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "a", "Å": "a", "Ä": "a", "Ö": "o", "É": "a"})
SWEDISH_MARK_SHARE = 0.01
"""Below this share of å/ä/ö among letters, a Swedish text has lost its diacritics."""


def lost_diacritics(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    marks = sum(c in "åäöÅÄÖ" for c in letters)
    return len(letters) > 500 and marks / len(letters) < SWEDISH_MARK_SHARE


def _key(word: str) -> str:
    return word.lower().translate(_OCR_FOLD)


class DiacriticRestorer:
    def __init__(self, clean_texts: list[str]) -> None:
        counts = Counter(w.lower() for text in clean_texts for w in _WORD.findall(text))
        self.counts = counts
        best: dict[str, tuple[int, str]] = {}
        for word, n in counts.items():
            key = _key(word)
            if key not in best or n > best[key][0]:
                best[key] = (n, word)
        self.best = best

    def word(self, token: str) -> str:
        found = self.best.get(_key(token))
        if not found:
            return token
        n, word = found
        lower = token.lower()
        if word == lower or n < 2 or self.counts.get(lower, 0) * 3 >= n:
            return token
        if token.isupper() and len(token) > 1:
            return word.upper()
        return word.capitalize() if token[0].isupper() else word

    def text(self, text: str) -> str:
        return _WORD.sub(lambda m: self.word(m.group(0)), text)
