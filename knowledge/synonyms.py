"""Lay-term -> official-term query expansion from ``knowledge/synonyms.yaml``.

Terms are compared word by word as folded lemmas (``knowledge.textnorm.lemma_tokens``), so inflections and
typing without å/ä/ö do not matter; a phrase matches only as the whole phrase, stop words included.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.textnorm import lemma_tokens

SYNONYMS_FILE = Path(__file__).with_name("synonyms.yaml")


@dataclass(frozen=True)
class SynonymGroup:
    lay: tuple[tuple[str, ...], ...]
    """Each lay term as its folded lemma sequence."""
    official: tuple[str, ...]


def _contains(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return n > 0 and any(tuple(tokens[i : i + n]) == phrase for i in range(len(tokens) - n + 1))


class QueryExpander:
    def __init__(self, groups: list[SynonymGroup]) -> None:
        self.groups = groups
        self.lay_tokens = frozenset(t for g in groups for phrase in g.lay for t in phrase)

    @classmethod
    def load(cls, path: Path = SYNONYMS_FILE) -> QueryExpander:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        groups = [
            SynonymGroup(
                lay=tuple(tuple(lemma_tokens(term)) for term in group["lay"]),
                official=tuple(group["official"]),
            )
            for group in data["groups"]
        ]
        return cls(groups)

    def official_terms(self, query: str) -> list[str]:
        """Official terms for every lay term in ``query``, in file order, without duplicates."""
        tokens = lemma_tokens(query)
        terms: list[str] = []
        for group in self.groups:
            if any(_contains(tokens, phrase) for phrase in group.lay):
                terms += [t for t in group.official if t not in terms]
        return terms


@lru_cache(maxsize=1)
def default_expander() -> QueryExpander:
    return QueryExpander.load()
