"""The idea sketch as a document the applicant can hand in: Markdown, DOCX and PDF from one structure.

The document holds every part of the sketch (empty parts are marked, so the applicant sees what is missing)
and the results of the fund's checks with their citations.

Whatever a user typed, the export is made and is inert: control characters, non-XML code points and
direction overrides are removed and personal data masked (:func:`clean_text`, on every string of the
document); the Markdown escapes Markdown and HTML so that a field is always text and cannot start a heading,
a link, an image or a verdict of its own; the Word file's title property is cut to the format's limit; the PDF
uses DejaVu Sans (Debian's ``fonts-dejavu-core``, or the copy in matplotlib from the Rasa environment's lock
file) and prints ``[U+XXXX]`` where the font has no glyph, with a note saying so.
"""

from __future__ import annotations

import glob
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from docx import Document as DocxDocument
from fontTools.ttLib import TTFont
from fpdf import FPDF

from fondassistenten.privacy import mask_personal_data
from fondassistenten.settings import ROOT
from rules.checks import CheckResult, run_checks
from rules.profiles import load_profile
from rules.sketch import ExternalActor, IdeaSketch
from rules.status import STATUS_LABELS

EMPTY = "(inte ifyllt ännu)"
FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian: fonts-dejavu-core
    *(
        Path(p)
        for p in sorted(
            glob.glob(str(ROOT / ".venv*/lib/python3*/site-packages/matplotlib/mpl-data/fonts/ttf"))
        )
    ),
]
DOCX_TITLE_MAX = 255
"""The OOXML core property ``title`` holds at most 255 characters (python-docx raises beyond)."""

MISSING_GLYPH_NOTE = (
    "Tecken som typsnittet i PDF-filen saknar visas som [U+ och tecknets kod]. Word- och Markdown-filerna "
    "innehåller dem."
)

# Not allowed in XML 1.0 (and so in DOCX), or invisible ways to reorder or forge text: C0 and C1 controls
# except tab and newline, surrogates, U+FFFE/U+FFFF and the other noncharacters, bidi embeddings and
# overrides.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)


def clean_text(text: str) -> str:
    """``text`` without characters a document cannot hold or should not obey; personal data masked."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _UNSAFE.sub("", text)
    # Noncharacters U+nFFFE and U+nFFFF of the supplementary planes.
    text = "".join(c for c in text if (ord(c) & 0xFFFE) != 0xFFFE)
    return mask_personal_data(text)


# Every part of the sketch in IdeaSketch's own order; the external actors get sections of their own.
SKETCH_PARTS = [name for name in IdeaSketch.model_fields if name != "external_actors"]


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class SketchDocument:
    title: str
    preamble: list[str]
    sections: list[Section]


def _value(value: object) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _actor_lines(actor: ExternalActor) -> list[str]:
    lines = []
    for name, info in ExternalActor.model_fields.items():
        value = getattr(actor, name)
        if value is not None and name != "supplier_key":
            lines.append(f"{info.title}: {_value(value)}")
    return lines


def _check_section(result: CheckResult) -> Section:
    paragraphs = [f"Bedömning: {STATUS_LABELS[result.status]}", result.explanation]
    if result.fix:
        paragraphs.append(f"Att göra: {result.fix}")
    for citation in result.citations:
        where = ", ".join(p for p in (citation.source, citation.municipality, citation.section) if p)
        quote = f" – ”{citation.quote}”" if citation.quote else ""
        paragraphs.append(f"Källa: {where}{quote}")
    return Section(f"{result.title} ({STATUS_LABELS[result.status]})", paragraphs)


def build_document(sketch: IdeaSketch, fund: str, as_of: date | None = None) -> SketchDocument:
    profile = load_profile(fund)
    today = as_of or date.today()
    parts = Section("Idéskissens delar")
    for name in SKETCH_PARTS:
        parts.paragraphs.append(f"{IdeaSketch.model_fields[name].title}: {_value(getattr(sketch, name))}")
    sections = [parts]
    for number, actor in enumerate(sketch.external_actors or [], start=1):
        sections.append(Section(f"Extern aktör {number}", _actor_lines(actor)))
    results = run_checks(sketch, fund=fund, as_of=today)
    summary = Section(
        "Kontroller mot fondens regler",
        [
            "Kontrollerna är vägledning från en automatisk assistent, inte ett beslut. "
            "Fondens samordnare och beredningsgrupp gör den formella prövningen."
        ]
        + [f"{r.title}: {STATUS_LABELS[r.status]}" for r in results],
    )
    sections.append(summary)
    sections.extend(_check_section(r) for r in results)
    title = " ".join(clean_text(sketch.title or "").split()) or "namnlös idé"
    return SketchDocument(
        title=f"Idéskiss: {title}",
        preamble=[
            f"Fond: {profile.name}",
            f"Utkast skapat med Fondassistenten {today.isoformat()}.",
        ],
        sections=[Section(clean_text(s.heading), [clean_text(p) for p in s.paragraphs]) for s in sections],
    )


# --- Markdown: every character that could start markup is escaped, so a field is always plain text ---------

_MD_INLINE = re.compile(r"([\\`*_\[\]<>#|~&!])")
_MD_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def escape_markdown(text: str) -> str:
    """One line of Markdown that renders as exactly ``text``: no emphasis, code, link, image, HTML, entity,
    heading, list, table, quote or autolink. Line breaks in ``text`` become spaces (a field cannot start a
    paragraph, heading or verdict of its own)."""
    text = " ".join(text.split())
    text = _MD_INLINE.sub(r"\\\1", text)
    if text[:1] in ("-", "+", "="):  # list item or setext underline ('>' and '#' are escaped above)
        text = "\\" + text
    text = _MD_LIST_NUMBER.sub(r"\1\\\2", text)
    # Autolinks of GitHub Flavored Markdown (www.…, http://…, mailto:): break the pattern, not the text.
    text = re.sub(r"(?i)\b(https?|ftp|mailto|javascript|data|vbscript|file):", r"\1\\:", text)
    return re.sub(r"(?i)\bwww\.", r"www\\.", text)


def to_markdown(doc: SketchDocument) -> str:
    lines = [f"# {escape_markdown(doc.title)}", ""]
    lines += [f"{escape_markdown(line)}  " for line in doc.preamble] + [""]
    for section in doc.sections:
        lines += [f"## {escape_markdown(section.heading)}", ""]
        for paragraph in section.paragraphs:
            lines += [escape_markdown(paragraph), ""]
    return "\n".join(lines)


def to_docx(doc: SketchDocument) -> bytes:
    document = DocxDocument()
    title = doc.title if len(doc.title) <= DOCX_TITLE_MAX else doc.title[: DOCX_TITLE_MAX - 1] + "…"
    document.core_properties.title = title
    document.core_properties.language = "sv-SE"
    document.add_heading(doc.title, level=0)
    for line in doc.preamble:
        document.add_paragraph(line)
    for section in doc.sections:
        document.add_heading(section.heading, level=1)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def font_dir() -> Path:
    """The first folder with DejaVu Sans (regular and bold)."""
    for folder in FONT_DIRS:
        if (folder / "DejaVuSans.ttf").is_file() and (folder / "DejaVuSans-Bold.ttf").is_file():
            return folder
    raise FileNotFoundError(
        "Typsnittet DejaVu Sans saknas: installera Debians fonts-dejavu-core eller kör scripts/setup.sh."
    )


@lru_cache(maxsize=4)
def _glyphs(path: Path) -> frozenset[int]:
    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def printable(text: str, glyphs: frozenset[int]) -> tuple[str, bool]:
    """``text`` with every character the font cannot draw written as ``[U+XXXX]``; and whether any was."""
    out = []
    missing = False
    for char in text:
        if ord(char) in glyphs or char in "\n\t":
            out.append(char)
        elif unicodedata.category(char) == "Cf" or "\ufe00" <= char <= "\ufe0f":
            continue  # invisible format characters and variation selectors: nothing to print
        else:
            out.append(f"[U+{ord(char):04X}]")
            missing = True
    return "".join(out), missing


def to_pdf(doc: SketchDocument) -> bytes:
    folder = font_dir()
    glyphs = _glyphs(folder / "DejaVuSans.ttf") & _glyphs(folder / "DejaVuSans-Bold.ttf")
    missing = False

    def fit(text: str) -> str:
        nonlocal missing
        text, lacked = printable(text, glyphs)
        missing = missing or lacked
        return text

    pdf = FPDF(format="A4")
    pdf.set_title(fit(doc.title))
    pdf.set_lang("sv")
    pdf.add_font("DejaVu", "", str(folder / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(folder / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 9, fit(doc.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for line in doc.preamble:
        pdf.multi_cell(0, 6, fit(line), new_x="LMARGIN", new_y="NEXT")
    for section in doc.sections:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 7, fit(section.heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        for paragraph in section.paragraphs:
            pdf.multi_cell(0, 5.5, fit(paragraph), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    if missing:
        pdf.ln(3)
        pdf.multi_cell(0, 5.5, MISSING_GLYPH_NOTE, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
