"""Swedish text normalisation for lexical matching: folding, lemmas, stop words.

Both the OCR text (which has lost most of its å/ä/ö) and users typing without them ("ansokan", "forening")
must meet the clean text, so every token is lower-cased, folded to ASCII letters and then lemmatised with
spaCy's Swedish lookup table, itself folded the same way.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

import spacy

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u", "æ": "a", "ø": "o"})
LEMMA_TABLE = "sv_lemma_lookup.json.gz"
_TOKEN = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case and drop the diacritics Swedish OCR and keyboards lose: 'Återföring' -> 'aterforing'."""
    return unicodedata.normalize("NFC", text).lower().translate(_FOLD)


def quote_key(text: str) -> str:
    """Folded, whitespace-collapsed text for locating a quoted sentence inside a passage."""
    return " ".join(fold(text).replace("’", "'").split())


@lru_cache(maxsize=1)
def _sentence_nlp() -> spacy.language.Language:
    nlp = spacy.blank("sv")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph, by spaCy's rule-based Swedish sentencizer."""
    return [s.text.strip() for s in _sentence_nlp()(text).sents if s.text.strip()]


@lru_cache(maxsize=1)
def _folded_lemmas() -> tuple[dict[str, str], frozenset[str]]:
    # spaCy's own Table keeps only hashes of the forms, so the raw table is read from spacy-lookups-data
    raw = json.loads(
        gzip.decompress((resources.files("spacy_lookups_data") / "data" / LEMMA_TABLE).read_bytes())
    )
    lemmas: dict[str, str] = {}
    for form, lemma in raw.items():
        folded = fold(form)
        # the first form wins when folding makes two forms collide (rare, e.g. 'far'/'får')
        lemmas.setdefault(folded, fold(lemma))
    stop = frozenset(fold(w) for w in spacy.blank("sv").Defaults.stop_words)
    return lemmas, stop


def lemma_tokens(text: str) -> list[str]:
    """Folded, lemmatised tokens of ``text``, stop words included (for matching phrases word by word)."""
    lemmas, _ = _folded_lemmas()
    return [lemmas.get(token, token) for token in _TOKEN.findall(fold(text))]


def lexical_tokens(text: str) -> list[str]:
    """Folded, lemmatised content tokens of ``text`` for BM25."""
    lemmas, stop = _folded_lemmas()
    out = []
    for token in _TOKEN.findall(fold(text)):
        if token in stop or len(token) < 2:
            continue
        out.append(lemmas.get(token, token))
    return out
