"""Citations: guideline passages from the corpus, statutes and authorities' figures, read from data files."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel

from fondassistenten.settings import get_settings

DATA_DIR = Path(__file__).resolve().parent / "data"

CitationKind = Literal["riktlinje", "lag", "myndighet"]


class Citation(BaseModel):
    """Where a rule comes from: a guideline passage (document, section, quote), a statute or an authority."""

    source: str
    municipality: str | None = None
    section: str | None = None
    quote: str | None = None
    kind: CitationKind
    url: str | None = None
    document_file: str | None = None


class SourceRef(BaseModel):
    """A passage in a corpus document, as written in the YAML data files."""

    file: str | None = None
    section: str
    quote: str


_MARKUP = re.compile(r"<[^>]+>|\*")


def normalise(text: str) -> str:
    """Collapse whitespace and drop inline markup (``*``, HTML tags) to compare quotes with documents."""
    return " ".join(_MARKUP.sub("", text).split())


_MANIFEST_KEY = re.compile(r"^\s*-?\s*(file|municipality|title):\s*(.+?)\s*$")


@lru_cache
def corpus_manifest() -> dict[str, dict[str, str]]:
    """File, municipality and title of each corpus document, by file name.

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


def cite_passage(ref: SourceRef, default_file: str | None = None) -> Citation:
    """A guideline citation for a corpus passage."""
    file = ref.file or default_file
    if file is None:
        raise ValueError(f"source without file: {ref.section!r}")
    doc = corpus_manifest().get(file, {})
    return Citation(
        source=doc.get("title", file),
        municipality=doc.get("municipality"),
        section=ref.section,
        quote=ref.quote,
        kind="riktlinje",
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
    """A statute citation by its key in ``data/sources.yaml``."""
    entry = _shared()["statutes"][key]
    return Citation(kind="lag", **entry)
