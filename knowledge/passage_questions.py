"""Synthetic questions per passage (doc2query): everyday phrasings as extra search keys of a passage.

``knowledge/passage_questions/<document>.yaml`` lists, for one corpus document, verbatim quotes of it and
questions a reader might ask that the quoted text answers:

    - quote: 'Insatserna som fonden stödjer ska syfta till att utveckla bestående förbättringar …'
      questions:
      - Vad ska insatserna som får pengar leda till?

When the index is built every quote is located in the passages of its document (words compared folded, so
markup, punctuation and OCR repair's added colons do not matter; a table row quoted with tabs belongs to the
passage holding all its cells; a quote that crosses a passage boundary
belongs to every passage holding a run of ``RUN_WORDS`` of its words) and the questions are embedded as e5
queries. A quote found in no passage stops the build with a message naming the file and the quote. At query
time a passage may score by its best synthetic question's cosine to the user's question
(``knowledge/search.yaml`` → ``passage_questions``), and its questions' words can be added to its BM25 text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.ingest import Passage, load_manifest
from knowledge.textnorm import fold

QUESTIONS_DIR = Path(__file__).with_name("passage_questions")
RUN_WORDS = 6
"""Consecutive quote words a passage must hold to own a quote that no single passage holds whole."""
_TAG = re.compile(r"<[^>]{0,200}>")
_WORD = re.compile(r"\w+")
_CELL = re.compile(r"\t|\n|\|")


class QuoteNotFoundError(ValueError):
    """A synthetic-question quote that matches no passage of its document."""


@dataclass(frozen=True)
class QuestionEntry:
    file: str
    """The corpus document (manifest file name)."""
    quote: str
    questions: tuple[str, ...]
    source: str
    """The YAML file it came from, for error messages."""


@dataclass
class ResolvedQuestions:
    """What the index stores: each synthetic question and the passage (index) it belongs to.

    A question whose quote lies in two passages appears once per passage."""

    questions: list[str] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"questions": self.questions, "owners": self.owners}

    @classmethod
    def from_json(cls, data: dict) -> ResolvedQuestions:
        return cls(list(data["questions"]), [int(o) for o in data["owners"]])


def question_files(folder: Path | None = QUESTIONS_DIR) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(folder.glob("*.yaml"))


def files_fingerprint(folder: Path | None = QUESTIONS_DIR) -> str | None:
    """One hash over every question file's name and content (None when there are none)."""
    files = question_files(folder)
    if not files:
        return None
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_entries(corpus_dir: Path, folder: Path | None = QUESTIONS_DIR, say=print) -> list[QuestionEntry]:
    """Every entry of every question file; the file's name (without .yaml) names the corpus document.

    A file for a document the corpus lacks (a test's small corpus) is skipped with a note."""
    documents = {Path(doc.file).stem: doc.file for doc in load_manifest(corpus_dir)}
    documents.update({doc.file: doc.file for doc in load_manifest(corpus_dir)})
    entries: list[QuestionEntry] = []
    for path in question_files(folder):
        document = documents.get(path.stem)
        if document is None:
            say(f"  Obs: {path.name} hör inte till något dokument i korpusens manifest och används inte")
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for item in data:
            questions = tuple(str(q).strip() for q in item.get("questions", []) if str(q).strip())
            entries.append(QuestionEntry(document, str(item["quote"]), questions, str(path)))
    return entries


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(_TAG.sub(" ", text)))


def locate(entry: QuestionEntry, passages: list[Passage]) -> list[int]:
    """Indices of the passages of the entry's document that hold its quote (see the module docstring)."""
    quote = _words(entry.quote)
    if not quote:
        return []
    own = [
        (i, " " + " ".join(_words(p.text)) + " ")
        for i, p in enumerate(passages)
        if p.document_file == entry.file
    ]
    whole = " " + " ".join(quote) + " "
    found = [i for i, text in own if whole in text]
    if found:
        return found
    # a table row quoted with its tabs: ingestion writes the column headers between the cells
    cells = [" " + " ".join(_words(cell)) + " " for cell in _CELL.split(entry.quote) if _words(cell)]
    if len(cells) > 1:
        found = [i for i, text in own if all(cell in text for cell in cells)]
        if found:
            return found
    run = min(RUN_WORDS, len(quote))
    grams = {" " + " ".join(quote[s : s + run]) + " " for s in range(len(quote) - run + 1)}
    return [i for i, text in own if any(g in text for g in grams)]


def resolve(entries: list[QuestionEntry], passages: list[Passage]) -> ResolvedQuestions:
    """Link every entry's questions to its passages; raises :class:`QuoteNotFoundError` on a lost quote."""
    resolved = ResolvedQuestions()
    lost = []
    for entry in entries:
        owners = locate(entry, passages)
        if not owners:
            lost.append(f"{entry.source}: {entry.quote!r}")
            continue
        for owner in owners:
            for question in entry.questions:
                resolved.questions.append(question)
                resolved.owners.append(owner)
    if lost:
        raise QuoteNotFoundError(
            "Citat ur frågefilerna hittades inte i något stycke av sitt dokument (rätta citatet så att det "
            "återger dokumentets text ordagrant):\n  " + "\n  ".join(lost)
        )
    return resolved
