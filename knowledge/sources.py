"""What a passage's source is: the document's kind and year, the municipality's name, and whether the passage
is proposed wording rather than an adopted rule. The rules are data in ``knowledge/sources.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.textnorm import fold

SOURCES_FILE = Path(__file__).with_name("sources.yaml")


@dataclass(frozen=True)
class DocumentProposal:
    proposal: bool
    sections: tuple[str, ...]
    """Folded headings whose text is proposed wording (matched anywhere on the heading path)."""
    except_sections: tuple[str, ...]
    """Folded headings: a passage under one of them is not part of the proposal."""


@dataclass(frozen=True)
class SourceRules:
    kinds: dict[str, str]
    municipalities: dict[str, str]
    current_markers: tuple[str, ...]
    proposal_markers: tuple[str, ...]
    adopted_kinds: frozenset[str]
    heading_words: tuple[str, ...]
    documents: dict[str, DocumentProposal]

    @classmethod
    def load(cls, path: Path = SOURCES_FILE) -> SourceRules:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        markers = data["paragraph_markers"]
        return cls(
            kinds={fold(k): str(v) for k, v in data["kinds"].items()},
            municipalities={str(k): str(v) for k, v in data["municipalities"].items()},
            current_markers=tuple(fold(m) for m in markers["current"]),
            proposal_markers=tuple(fold(m) for m in markers["proposal"]),
            adopted_kinds=frozenset(fold(k) for k in data["adopted_kinds"]),
            heading_words=tuple(fold(w) for w in data["heading_words"]),
            documents={
                str(file): DocumentProposal(
                    bool(spec.get("proposal", False)),
                    tuple(fold(s) for s in spec.get("sections", [])),
                    tuple(fold(s) for s in spec.get("except_sections", [])),
                )
                for file, spec in (data.get("documents") or {}).items()
            },
        )

    def kind(self, manifest_kind: str) -> str:
        """The Swedish kind users read: 'utvardering' -> 'utvärdering'."""
        return self.kinds.get(fold(manifest_kind), manifest_kind)

    def municipality_name(self, municipality: str) -> str:
        """'Sundsvall' -> 'Sundsvalls kommun' (the municipality itself when not listed)."""
        return self.municipalities.get(municipality, municipality)

    def paragraph_marker(self, text: str) -> bool | None:
        """True for a paragraph of proposed wording, False for quoted wording in force, None otherwise."""
        start = _strip_markup(fold(text))
        if any(start.startswith(m) for m in self.current_markers):
            return False
        if any(start.startswith(m) for m in self.proposal_markers):
            return True
        return None

    def is_proposal(self, file: str, kind: str, section: tuple[str, ...], marker: bool | None) -> bool:
        """Whether a passage is proposed wording (see the rules in ``knowledge/sources.yaml``)."""
        if marker is not None:
            return marker
        if fold(kind) in self.adopted_kinds:
            return False
        headings = [fold(h).strip(" .:") for h in section]
        nearest = headings[-1] if headings else ""
        if any(re.search(rf"\b{re.escape(w)}\b", nearest) for w in self.heading_words):
            return True
        document = self.documents.get(file)
        if document is None:
            return False
        if any(h in document.sections for h in headings):
            return True
        return document.proposal and not any(h in document.except_sections for h in headings)


def _strip_markup(text: str) -> str:
    return re.sub(r"^[\s*_>\"”-]+", "", text)


@lru_cache(maxsize=1)
def source_rules() -> SourceRules:
    return SourceRules.load()


def year_of(date: str) -> int | None:
    """The year of a manifest date ('2015-10-26' -> 2015)."""
    match = re.match(r"\s*(\d{4})", date or "")
    return int(match.group(1)) if match else None
