"""The idea sketch as a document the applicant can hand in: Markdown, DOCX and PDF from one structure.

The document holds every part of the sketch (empty parts are marked, so the applicant sees what is missing)
and the results of the fund's checks with their citations.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docx import Document as DocxDocument
from fpdf import FPDF

from rules.checks import CheckResult, run_checks
from rules.profiles import load_profile
from rules.sketch import ExternalActor, IdeaSketch
from rules.status import STATUS_LABELS

EMPTY = "(inte ifyllt ännu)"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

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
    return SketchDocument(
        title=f"Idéskiss: {sketch.title or 'namnlös idé'}",
        preamble=[
            f"Fond: {profile.name}",
            f"Utkast skapat med Fondassistenten {today.isoformat()}.",
        ],
        sections=sections,
    )


def to_markdown(doc: SketchDocument) -> str:
    lines = [f"# {doc.title}", ""]
    lines += [f"{line}  " for line in doc.preamble] + [""]
    for section in doc.sections:
        lines += [f"## {section.heading}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
    return "\n".join(lines)


def to_docx(doc: SketchDocument) -> bytes:
    document = DocxDocument()
    document.core_properties.title = doc.title
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


def to_pdf(doc: SketchDocument) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(doc.title)
    pdf.set_lang("sv")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 9, doc.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for line in doc.preamble:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    for section in doc.sections:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 7, section.heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        for paragraph in section.paragraphs:
            pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    return bytes(pdf.output())
