"""The coordinators' FAQ entries and uploaded documents: saving with verification, the change log with undo,
and publishing both to the live search file (``knowledge/live.py``) that the web app and the action server
read without a restart."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fondassistenten.db import Document, FaqChange, FaqEntry, documents_dir, utcnow
from knowledge.faq import Locator, locate
from knowledge.ingest import DocumentInfo, passages_for_document
from knowledge.live import live_path, write_live
from knowledge.search import get_searcher
from knowledge.textnorm import fold

KINDS = {
    "riktlinje": "Riktlinje (antagen)",
    "utvardering": "Utvärdering",
    "yttrande": "Yttrande",
    "utlatande": "Utlåtande",
}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class InvalidInput(ValueError):
    """A Swedish message for the coordinator; nothing was saved."""


# --- FAQ ---------------------------------------------------------------------------------------------------


@dataclass
class FaqDraft:
    title: str
    questions: list[str]
    answer: str
    passages: list[dict[str, str]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "questions": self.questions,
            "answer": self.answer,
            "passages": self.passages,
        }


def parse_locator_lines(text: str) -> list[dict[str, str]]:
    """ "fil | citat" per line."""
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if "|" not in line:
            raise InvalidInput(f"Raden ”{line.strip()[:60]}” saknar ”|” mellan dokumentfil och citat.")
        file, quote = line.split("|", 1)
        found.append({"file": file.strip(), "quote": quote.strip()})
    return found


def verify(draft: FaqDraft) -> FaqDraft:
    """Check the draft; every quote must occur word for word in a passage of its document."""
    errors = []
    if not draft.title.strip():
        errors.append("Skriv en rubrik.")
    if not draft.questions:
        errors.append("Skriv minst en formulering av frågan.")
    if not draft.passages:
        errors.append("Välj minst ett stycke ur dokumenten som svaret vilar på.")
    searcher = get_searcher()
    searcher.search("samordnare", k=1)  # applies the newest live additions before the quotes are checked
    for p in draft.passages:
        if len(p["quote"].split()) < 3:
            errors.append(f"Citatet ”{p['quote']}” är för kort; välj minst tre ord.")
        elif not locate(Locator(p["file"], p["quote"]), searcher.passages):
            errors.append(
                f"Citatet ”{p['quote'][:80]}” finns inte ordagrant i {p['file']}. Kopiera det ur dokumentet."
            )
    if errors:
        raise InvalidInput(" ".join(errors))
    return draft


def _snapshot(entry: FaqEntry) -> dict[str, Any]:
    return {
        "title": entry.title,
        "questions": list(entry.questions),
        "answer": entry.answer,
        "passages": list(entry.passages),
        "active": entry.active,
    }


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")[:50] or "fraga"


def save_faq(session: Session, draft: FaqDraft, who: str, entry_id: int | None = None) -> FaqEntry:
    verify(draft)
    if entry_id is None:
        entry = FaqEntry(topic_id="", title="", questions=[], answer="", passages=[], active=True)
        session.add(entry)
        session.flush()
        entry.topic_id = f"samordnare_{entry.id}_{_slug(draft.title)}"
        before = None
        action = "skapad"
    else:
        found = session.get(FaqEntry, entry_id)
        if found is None:
            raise InvalidInput("FAQ-posten finns inte.")
        entry = found
        before = _snapshot(entry)
        action = "ändrad"
    entry.title, entry.questions, entry.answer = draft.title.strip(), draft.questions, draft.answer.strip()
    entry.passages, entry.active = draft.passages, True
    entry.updated_at, entry.updated_by = utcnow(), who
    session.add(FaqChange(entry_id=entry.id, action=action, who=who, before=before, after=_snapshot(entry)))
    session.flush()
    publish(session)
    return entry


def delete_faq(session: Session, entry_id: int, who: str) -> None:
    entry = session.get(FaqEntry, entry_id)
    if entry is None or not entry.active:
        raise InvalidInput("FAQ-posten finns inte eller är redan borttagen.")
    before = _snapshot(entry)
    entry.active = False
    session.add(
        FaqChange(entry_id=entry.id, action="borttagen", who=who, before=before, after=_snapshot(entry))
    )
    session.flush()
    publish(session)


def undo_change(session: Session, change_id: int, who: str) -> FaqEntry:
    """Put the entry back as it was before the change; the undo is itself logged."""
    change = session.get(FaqChange, change_id)
    if change is None:
        raise InvalidInput("Ändringen finns inte.")
    if change.undone_by is not None:
        raise InvalidInput("Ändringen är redan ångrad.")
    entry = session.get(FaqEntry, change.entry_id)
    if entry is None:
        raise InvalidInput("FAQ-posten finns inte.")
    before = _snapshot(entry)
    if change.before is None:
        entry.active = False
    else:
        old = change.before
        entry.title, entry.questions, entry.answer = old["title"], old["questions"], old["answer"]
        entry.passages, entry.active = old["passages"], bool(old.get("active", True))
    entry.updated_at, entry.updated_by = utcnow(), who
    undo = FaqChange(entry_id=entry.id, action="ångrad", who=who, before=before, after=_snapshot(entry))
    session.add(undo)
    session.flush()
    change.undone_by = undo.id
    publish(session)
    return entry


# --- documents ---------------------------------------------------------------------------------------------


def extract_text(filename: str, data: bytes) -> tuple[str, str]:
    """(text, suffix): Markdown kept as it is, DOCX headings as Markdown headings, PDF as plain text."""
    suffix = Path(filename).suffix.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInput("Filen är större än 20 MB.")
    if suffix in (".md", ".markdown", ".txt"):
        try:
            return data.decode("utf-8"), ".md" if suffix != ".txt" else ".txt"
        except UnicodeDecodeError as error:
            raise InvalidInput("Textfilen är inte sparad som UTF-8.") from error
    if suffix == ".docx":
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as error:
            raise InvalidInput(
                "Word-filen gick inte att läsa. Spara den som .docx och försök igen."
            ) from error
        lines = []
        for paragraph in document.paragraphs:
            text = paragraph.text.strip()
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "").lower()
            level = re.search(r"(?:heading|rubrik)\s*(\d)", style)
            lines.append(f"{'#' * int(level.group(1))} {text}" if level else text)
        return "\n\n".join(lines), ".md"
    if suffix == ".pdf":
        from pypdf import PdfReader

        try:
            reader = PdfReader(io.BytesIO(data))
            pages = [page.extract_text() or "" for page in reader.pages]
        except Exception as error:
            raise InvalidInput("PDF-filen gick inte att läsa.") from error
        return "\n\n".join(pages), ".txt"
    raise InvalidInput("Välj en fil i formatet PDF, DOCX eller Markdown (.md).")


@dataclass
class DocumentMeta:
    title: str
    municipality: str
    kind: str
    date: dt.date | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    supersedes: str | None


def add_document(session: Session, filename: str, data: bytes, meta: DocumentMeta, who: str) -> Document:
    if not meta.title.strip() or not meta.municipality.strip():
        raise InvalidInput("Ange dokumentets titel och kommun.")
    if meta.kind not in KINDS:
        raise InvalidInput("Välj dokumenttyp.")
    if meta.valid_from and meta.valid_to and meta.valid_to < meta.valid_from:
        raise InvalidInput("”Gäller till” kan inte vara före ”Gäller från”.")
    text, suffix = extract_text(filename, data)
    if len(text.split()) < 20:
        raise InvalidInput("Ingen läsbar text hittades i filen (är det en skannad PDF utan textlager?).")
    stamp = utcnow().strftime("%Y%m%d%H%M%S")
    file = f"uppladdad-{_slug(meta.title)}-{stamp}{suffix}"
    (documents_dir() / file).write_text(text, encoding="utf-8")
    doc = Document(
        file=file,
        original_name=Path(filename).name[:255],
        title=meta.title.strip(),
        municipality=meta.municipality.strip(),
        kind=meta.kind,
        date=meta.date,
        valid_from=meta.valid_from,
        valid_to=meta.valid_to,
        supersedes=meta.supersedes or None,
        uploaded_by=who,
    )
    doc.passages = len(_passages(doc))
    if doc.passages == 0:
        raise InvalidInput("Dokumentet gav inga stycken att söka i.")
    session.add(doc)
    session.flush()
    publish(session)
    return doc


def remove_document(session: Session, document_id: int) -> str:
    """Delete an uploaded document and its text; the search stops citing it at once (and a document it
    superseded is current again). Returns its title."""
    doc = session.get(Document, document_id)
    if doc is None:
        raise InvalidInput("Dokumentet finns inte (det kan redan vara borttaget).")
    title, file = doc.title, doc.file
    session.delete(doc)
    session.flush()
    (documents_dir() / file).unlink(missing_ok=True)
    publish(session)
    return title


def _passages(doc: Document) -> list[dict[str, Any]]:
    info = DocumentInfo(
        file=doc.file,
        municipality=doc.municipality,
        title=doc.title,
        kind=doc.kind,
        date=(doc.date or doc.valid_from or utcnow().date()).isoformat(),
    )
    return [p.to_dict() for p in passages_for_document(documents_dir(), info)]


def publish(session: Session, today: dt.date | None = None) -> None:
    """Write the live search file from the database: active FAQ entries, documents in force, superseded."""
    today = today or utcnow().date()
    entries = session.scalars(select(FaqEntry).where(FaqEntry.active)).all()
    documents = session.scalars(select(Document)).all()
    superseded = {d.supersedes for d in documents if d.supersedes}
    superseded |= {d.file for d in documents if d.valid_to is not None and d.valid_to < today}
    if not entries and not documents and not live_path().exists():
        return  # nothing written yet: no file, so no process rebuilds its searcher for nothing
    write_live(
        {
            "faq": [
                {
                    "id": e.topic_id,
                    "title": e.title,
                    "questions": e.questions,
                    "answer": e.answer,
                    "passages": e.passages,
                }
                for e in entries
            ],
            "documents": [
                {"file": d.file, "passages": _passages(d)}
                for d in documents
                if d.valid_from is None or d.valid_from <= today
            ],
            "superseded": sorted(superseded),
        }
    )
