"""Naming sources in replies: passages from the knowledge index and citations from the rules."""

from __future__ import annotations

import re
from typing import Any

from actions.text_input import FUNCTION_WORDS, fold

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9”\"(])")


def passage_source(passage: Any) -> str:
    """ "Sundsvalls kommun, riktlinje (2015), avsnitt ”Rubrik”" for a knowledge passage; "förslag" when it is
    proposed wording. The one formatter is ``knowledge.citation.source_label``."""
    from actions.services import source_label

    return source_label(passage)


def citation_text(citation: Any) -> str:
    """ "Källa: X (Kommun), avsnitt ”Y”: ”citat”" for a rules Citation."""
    text = short_title(citation.source)
    if getattr(citation, "municipality", None):
        text += f" ({citation.municipality})"
    if getattr(citation, "section", None):
        text += f", {citation.section}"
    if getattr(citation, "quote", None):
        text += f": ”{shorten(citation.quote, 220)}”"
    return text


def short_title(title: str) -> str:
    """A document title without its trailing parenthesis ("... första året (tjänsteskrivelse, PM ...)")."""
    return re.sub(r"\s*\([^()]*, [^()]{20,}\)\s*$", "", title or "").strip() or title


def shorten(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def answer_excerpt(text: str, query: str, max_sentences: int = 3, max_chars: int = 450) -> str:
    """The two or three sentences of a passage that best match the question, in their original order."""
    sentences = [s.strip() for s in _SENTENCE_END.split(re.sub(r"\s+", " ", text).strip()) if s.strip()]
    if len(sentences) <= 1:
        return shorten(text, max_chars)
    terms = {w for w in re.findall(r"\w+", fold(query)) if w not in FUNCTION_WORDS and len(w) > 2}

    def overlap(sentence: str) -> int:
        folded = fold(sentence)
        return sum(1 for term in terms if term[:6] in folded)

    best = max(range(len(sentences)), key=lambda i: (overlap(sentences[i]), -i))
    chosen = [best]
    for offset in (1, -1, 2, -2):
        index = best + offset
        if len(chosen) >= max_sentences or not 0 <= index < len(sentences):
            continue
        if sum(len(sentences[i]) for i in chosen) + len(sentences[index]) > max_chars:
            continue
        chosen.append(index)
    excerpt = " ".join(sentences[i] for i in sorted(chosen))
    return shorten(excerpt, max_chars + 100)
