"""Facts with provenance: every fact a check reads is *stated* or *inferred* from free text.

Stated: an API field, a form answer, or a fact the user confirmed in chat. Inferred: read out of free text
(the description, or a field the caller marks as filled from a chat message), with the phrase it came from. A
check passes only on stated facts; on inferred facts it gives at most ``warn`` and asks the user to confirm.

The chat passes a :class:`FactSet` to ``run_checks``: the fields it filled from the user's free text (with the
phrase) and the fields the user has confirmed. The API takes the same as query parameters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.sv.stop_words import STOP_WORDS

from rules.sketch import IdeaSketch, field_label

DATA_FILE = Path(__file__).resolve().parent / "data" / "facts.yaml"

Provenance = Literal["stated", "inferred"]


class FactSet(BaseModel):
    """What the caller knows about where the sketch's facts came from.

    ``inferred``: fields the caller filled from free text (a chat message), each with the phrase it came from
    (or null). ``confirmed``: fields the user has confirmed ("ja, det stämmer"); they count as stated even if
    they were read out of the description.
    """

    inferred: dict[str, str | None] = Field(default_factory=dict)
    confirmed: list[str] = Field(default_factory=list)


class FactUse(BaseModel):
    """One fact a check's verdict rests on, with where it came from."""

    field: str
    label: str
    provenance: Provenance
    phrase: str | None = None
    """For an inferred fact: the words of the free text it was read from."""
    verbatim: bool = False
    """The phrase is a whole sentence of the free text, quoted as written (not a reading of it)."""


@lru_cache
def _data() -> dict[str, Any]:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


@lru_cache
def _cues() -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in _data()["purpose_cues"]]


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def sentences(text: str | None) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text or "") if s.strip()]


def shorten(text: str, limit: int | None = None) -> str:
    limit = limit or int(_data()["max_phrase_chars"])
    text = " ".join(text.split()).strip(" ,;:.!?")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def purpose_phrase(text: str | None) -> str | None:
    """What the money is for, when free text says it plainly: 'Vi söker pengar för att utbilda personal.' ->
    'att utbilda personal'. None when no sentence says it.
    """
    for sentence in sentences(text):
        for cue in _cues():
            found = cue.search(sentence)
            if found:
                return shorten(found.group("p"))
    return None


def sentence_with(text: str | None, phrase: str) -> str | None:
    """The sentence of ``text`` containing ``phrase`` (case-insensitive), shortened for showing back."""
    wanted = phrase.lower()
    for sentence in sentences(text):
        if wanted in sentence.lower():
            return shorten(sentence)
    return None


def readable(text: str | None) -> bool:
    """Looks like Swedish prose that a check can read (not nonsense, markup or another language)."""
    if not text:
        return False
    return _readable(text)


@lru_cache(maxsize=1024)
def _readable(text: str) -> bool:
    cfg = _data()["readable"]
    text = re.sub(r"<(script|style)\b[^>]*>.*?</\1\s*>", " ", text, flags=re.IGNORECASE | re.DOTALL)
    words = [w.lower() for w in _WORD.findall(re.sub(r"<[^>]*>", " ", text))]
    if len(words) < int(cfg["min_words"]) and not (words and _swedish(words[0], cfg, lexicon=False)):
        return False
    if not words:
        return False
    strict = sum(1 for w in words if _swedish(w, cfg, lexicon=False))
    if strict / len(words) >= float(cfg["min_share"]):
        return True
    # the lemma table reads short answers without function words ("Ny metod"), but only when it knows every
    # word: it also holds some English ("pilot", "city"), so "New method pilot" is not read
    return all(_swedish(w, cfg) for w in words)


def _swedish(word: str, cfg: dict[str, Any], lexicon: bool = True) -> bool:
    """A Swedish word: a function word, å/ä/ö, a Swedish ending, or (``lexicon``, for texts of more than one
    word) a word of the Swedish lemma table that is no English function word."""
    return (
        word in STOP_WORDS
        or any(c in word for c in "åäö")
        or (len(word) > 4 and word.endswith(tuple(cfg["suffixes"])))
        or (lexicon and bool(cfg.get("lexicon")) and word not in ENGLISH_STOP_WORDS and _in_lexicon(word))
    )


@lru_cache
def _lexicon() -> tuple[Any, frozenset[str]]:
    """spaCy's Swedish lemma lookup table (spacy-lookups-data, as in ``rules.extract``): its word forms and
    its lemmas."""
    from rules.extract import _pipeline

    nlp, _ = _pipeline()
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]
    return table, frozenset(str(v) for v in table.values())


@lru_cache(maxsize=8192)
def _in_lexicon(word: str) -> bool:
    """A Swedish word form or lemma, or a compound of two ("pilotprojekt", "arbetsmodell")."""
    table, lemmas = _lexicon()

    def known(w: str) -> bool:
        return w in table or w in lemmas

    if known(word):
        return True
    for i in range(3, len(word) - 3):
        head, tail = word[:i], word[i:]
        if known(tail) and (known(head) or (head.endswith("s") and known(head[:-1]))):
            return True
    return False


class Provenances:
    """Provenance of each field of one (effective) sketch."""

    def __init__(
        self,
        sketch: IdeaSketch,
        mined: dict[str, tuple[str, str | None]],
        given: FactSet | None,
    ) -> None:
        """``mined``: fields read out of free text -> (the field they were read from, the sentence)."""
        given = given or FactSet()
        confirmed = set(given.confirmed)
        self._kind: dict[str, Provenance] = {}
        self._phrase: dict[str, str | None] = {}
        for name in IdeaSketch.model_fields:
            if getattr(sketch, name) is None or name == "description" or name in mined:
                continue
            if name in given.inferred and name not in confirmed:
                self._kind[name], self._phrase[name] = "inferred", given.inferred[name]
            else:
                self._kind[name] = "stated"
        for name, (source, phrase) in mined.items():
            from_free_text = source == "description" or self._kind.get(source) == "inferred"
            if from_free_text and name not in confirmed:
                self._kind[name], self._phrase[name] = "inferred", phrase
            else:
                self._kind[name], self._phrase[name] = "stated", phrase

    def of(self, field: str) -> Provenance | None:
        return self._kind.get(field)

    def phrase(self, field: str) -> str | None:
        return self._phrase.get(field)

    def stated(self, field: str) -> bool:
        return self._kind.get(field) == "stated"

    def inferred(self, field: str) -> bool:
        return self._kind.get(field) == "inferred"

    def use(self, field: str, phrase: str | None = None) -> FactUse | None:
        kind = self.of(field)
        if kind is None:
            return None
        return FactUse(
            field=field,
            label=field_label(field),
            provenance=kind,
            phrase=phrase or (self._phrase.get(field) if kind == "inferred" else None),
        )
