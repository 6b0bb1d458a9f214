"""Citations: corpus passages, statutes and authorities' figures, read from data files.

A corpus citation carries the document's kind from ``knowledge/corpus/manifest.yaml`` (riktlinje, utvardering,
yttrande, utlatande), its year, and ``proposal: true`` when the quoted words are proposed wording rather than
an adopted rule (set per passage in the YAML data as ``proposal: true``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, computed_field

from fondassistenten.settings import get_settings

DATA_DIR = Path(__file__).resolve().parent / "data"

CitationKind = Literal["riktlinje", "utvardering", "yttrande", "utlatande", "lag", "myndighet"]
DocumentKind = Literal["riktlinje", "utvardering", "yttrande", "utlatande"]

KIND_LABELS: dict[str, str] = {
    "riktlinje": "riktlinje",
    "utvardering": "utvärdering",
    "yttrande": "yttrande",
    "utlatande": "utlåtande",
    "lag": "lag",
    "myndighet": "myndighet",
}


class Citation(BaseModel):
    """Where a rule comes from: a corpus passage (document, section, quote), a statute or an authority."""

    source: str
    municipality: str | None = None
    section: str | None = None
    quote: str | None = None
    kind: CitationKind
    year: int | None = None
    proposal: bool = False
    """True when the quote is proposed wording (a proposal, a consultation draft), not an adopted rule."""
    verified: bool | None = None
    """Statutes only: False when the quote could not be checked against the official text."""
    note: str | None = None
    url: str | None = None
    document_file: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kind_label(self) -> str:
        """The kind in Swedish: 'utvärdering', 'utlåtande', 'lag' ..."""
        return KIND_LABELS[self.kind]

    def label(self) -> str:
        """ "utvärdering 2015", "yttrande 2016, förslag", "lag" – for a reply naming the source."""
        text = self.kind_label + (f" {self.year}" if self.year else "")
        return text + (", förslag" if self.proposal else "")


class SourceRef(BaseModel):
    """A passage in a corpus document, as written in the YAML data files."""

    file: str | None = None
    section: str
    quote: str
    proposal: bool = False


_MARKUP = re.compile(r"<[^>]+>|\*")


def normalise(text: str) -> str:
    """Collapse whitespace and drop inline markup (``*``, HTML tags) to compare quotes with documents."""
    return " ".join(_MARKUP.sub("", text).split())


_MANIFEST_KEY = re.compile(r"^\s*-?\s*(file|municipality|title|date|kind):\s*(.+?)\s*$")


@lru_cache
def corpus_manifest() -> dict[str, dict[str, str]]:
    """File, municipality, title, date and kind of each corpus document, by file name.

    Read line by line: the manifest is input we may not edit, and its free-text ``notes`` are not always valid
    YAML (an unquoted ``: `` inside a value), so a YAML parser would refuse the whole file.
    """
    path = get_settings().corpus_dir / "manifest.yaml"
    docs: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _MANIFEST_KEY.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip().strip('"').strip("'")
        if key == "file":
            current = {"file": value}
            docs[value] = current
        else:
            current[key] = value
    return docs


@lru_cache
def document_kind(file: str) -> DocumentKind:
    kind = corpus_manifest().get(file, {}).get("kind", "riktlinje")
    known = ("riktlinje", "utvardering", "yttrande", "utlatande")
    return kind if kind in known else "riktlinje"  # type: ignore[return-value]


@lru_cache
def document_year(file: str) -> int | None:
    found = re.match(r"(\d{4})", corpus_manifest().get(file, {}).get("date", ""))
    return int(found.group(1)) if found else None


def cite_passage(ref: SourceRef, default_file: str | None = None) -> Citation:
    """A citation for a corpus passage, with the document's kind, year and whether it is a proposal."""
    file = ref.file or default_file
    if file is None:
        raise ValueError(f"source without file: {ref.section!r}")
    return _cite(file, ref.section, ref.quote, ref.proposal)  # shared, treat as read-only


@lru_cache(maxsize=1024)
def _cite(file: str, section: str, quote: str, proposal: bool) -> Citation:
    ref = SourceRef(file=file, section=section, quote=quote, proposal=proposal)
    doc = corpus_manifest().get(file, {})
    return Citation(
        source=doc.get("title", file),
        municipality=doc.get("municipality"),
        section=ref.section,
        quote=ref.quote,
        kind=document_kind(file),
        year=document_year(file),
        proposal=ref.proposal,
        document_file=file,
    )


@lru_cache
def _shared() -> dict:
    return yaml.safe_load((DATA_DIR / "sources.yaml").read_text(encoding="utf-8"))


def shared_passage_refs() -> dict[str, SourceRef]:
    return {key: SourceRef(**value) for key, value in _shared()["passages"].items()}


def passage(key: str) -> Citation:
    """A passage used whatever fund is active (procurement, IOP), by its key in ``data/sources.yaml``."""
    return cite_passage(shared_passage_refs()[key])


def statute(key: str) -> Citation:
    """A statute citation by its key in ``data/sources.yaml`` (quote verbatim, with paragraph)."""
    entry = dict(_shared()["statutes"][key])
    entry.pop("checked_against", None)
    return Citation(kind="lag", **entry)


def statute_keys() -> list[str]:
    return list(_shared()["statutes"])
