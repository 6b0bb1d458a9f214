"""Read the corpus listed in ``manifest.yaml`` and cut every document into cited passages.

Adding a document is: drop the file into the corpus folder and add its manifest entry. Markdown files use
``#`` headings (and whole-bold paragraphs as minor headings); plain-text files get headings from short
stand-alone lines. Passages keep their document, municipality, kind, heading path and order.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from knowledge.cleaning import (
    clean_inline,
    continues,
    is_toc_line,
    join_fragments,
    join_lines,
    table_rows_to_text,
)
from knowledge.ocr_repair import DiacriticRestorer, lost_diacritics
from knowledge.sources import source_rules, year_of
from knowledge.textnorm import split_sentences

INGEST_VERSION = "7"
"""Bump when parsing, chunking or what is embedded changes, so existing indexes are rebuilt."""

MIN_WORDS = 40
TARGET_WORDS = 80
MAX_WORDS = 130
SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class DocumentInfo:
    file: str
    municipality: str
    title: str
    kind: str
    date: str = ""


@dataclass
class Passage:
    id: str
    text: str
    document_title: str
    document_file: str
    municipality: str
    section: str
    position: int
    kind: str
    """The document's kind in Swedish: riktlinje, utvärdering, yttrande or utlåtande."""
    score: float = 0.0
    year: int | None = None
    """The document's year (from the manifest date)."""
    proposal: bool = False
    """Proposed wording ("Föreslagen lydelse", draft guidelines, a motion), never an adopted rule."""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Block:
    """A paragraph of clean text (or a table row list) under a heading path."""

    sentences: list[str]
    section: tuple[str, ...]
    footnote: bool = False


@dataclass
class _Heading:
    level: int
    text: str


@dataclass
class _State:
    stack: list[_Heading] = field(default_factory=list)

    def push(self, level: int, text: str) -> None:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        self.stack.append(_Heading(level, text))

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(h.text for h in self.stack)


_PLAIN_VALUE = re.compile(r"^(\s*(?:- )?[A-Za-z_]+): (?![\"'>|\[{])(.*: .*)$")


def _quote_colon_values(text: str) -> str:
    """Quote plain values that contain ': ' (invalid YAML a hand-written manifest easily has)."""

    def fix(line: str) -> str:
        m = _PLAIN_VALUE.match(line)
        return f"{m.group(1)}: {json.dumps(m.group(2), ensure_ascii=False)}" if m else line

    return "\n".join(fix(line) for line in text.split("\n"))


def load_manifest(corpus_dir: Path) -> list[DocumentInfo]:
    text = (corpus_dir / "manifest.yaml").read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = yaml.safe_load(_quote_colon_values(text))
    return [
        DocumentInfo(
            file=d["file"],
            municipality=d["municipality"],
            title=d["title"],
            kind=d["kind"],
            date=str(d.get("date", "")),
        )
        for d in data["documents"]
    ]


def _read(path: Path) -> str:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _raw_paragraphs(text: str, markdown: bool) -> list[list[str]]:
    """Split into paragraphs. Plain PDF text where every line is followed by an empty line ("double spaced")
    uses whitespace-only lines as paragraph breaks; elsewhere any blank line is one."""
    lines = text.split("\n")
    empty = sum(1 for line in lines if line == "")
    double_spaced = not markdown and empty > 0.4 * len(lines)
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        is_break = (line.strip() == "" and line != "") if double_spaced else line.strip() == ""
        if double_spaced and line == "":
            continue
        if is_break:
            if current:
                paragraphs.append(current)
            current = []
        else:
            current.append(line)
    if current:
        paragraphs.append(current)
    return paragraphs


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BOLD_ONLY = re.compile(r"^\*\*([^*]+)\*\*$")
_FOOTNOTE = re.compile(r"^<sup>\s*(\d+)\s*</sup>\s*(.*)$", re.DOTALL)
_PAGE_RULE = re.compile(r"^\s*(-{3,}|\*{3,}|_{3,})\s*$")
_SENTENCE_PUNCT = (".", ",", ":", ";", "!", "?", ")", "-", "–", "”", '"')


_CONTINUATION_WORDS = frozenset(
    {
        "för", "och", "i", "av", "att", "till", "med", "om", "som", "på", "den",
        "det", "en", "ett", "de", "från", "eller", "samt", "vid", "under", "mot",
    }
)  # fmt: skip


def _looks_like_text_heading(line: str, previous: str | None, following: str | None) -> bool:
    """A short stand-alone line in a plain-text document (e.g. "Ärendets beredning", "BEREDNING")."""
    s = line.strip()
    words = s.split()
    if not (1 <= len(words) <= 6) or len(s) < 4 or s.endswith(_SENTENCE_PUNCT):
        return False
    if not s[0].isupper() or any(ch.isdigit() for ch in s):
        return False
    if words[-1].lower() in _CONTINUATION_WORDS:
        return False
    if previous is not None and not previous.rstrip().endswith((".", ":", "?", "!", "”")):
        return False
    if following is not None and following.strip()[:1].islower():
        return False
    if len(words) >= 2 and all(w[0].isupper() for w in words):
        # names ("Ulrika Gunnarsson", "STEN NORDIN"), not headings, unless a long upper-case word
        return s.isupper() and len(words[0]) >= 6
    return True


def _markdown_items(paragraph: list[str], state: _State, out: list) -> None:
    joined = "\n".join(paragraph).strip()
    if _PAGE_RULE.match(joined):
        out.append("pagebreak")
        return
    heading = _MD_HEADING.match(joined)
    if heading and len(paragraph) == 1:
        text = clean_inline(heading.group(2))
        if text:
            state.push(len(heading.group(1)), text)
            out.append("heading")
        return
    flat = re.sub(r"\s*\n\s*", " ", joined)
    bold = _BOLD_ONLY.match(flat)
    if bold and len(bold.group(1).split()) <= 15:
        # whole-bold paragraph: a minor heading, popped by the next real heading
        state.push(7, clean_inline(bold.group(1)))
        out.append("heading")
        return
    footnote = _FOOTNOTE.match(joined)
    if footnote:
        text = clean_inline(join_lines(footnote.group(2).split("\n")))
        out.append(_Block([f"Fotnot {footnote.group(1)}: {text}"], state.path, footnote=True))
        return
    _body_items(paragraph, state, out)


def _body_items(paragraph: list[str], state: _State, out: list) -> None:
    lines = [line for line in paragraph if not is_toc_line(line)]
    if not lines:
        return
    if sum("\t" in line for line in lines) >= max(1, len(lines) // 2):
        rows = table_rows_to_text(lines)
        if rows:
            out.append(_Block(rows, state.path))
        return
    # list items stay separate sentences; other lines are one paragraph
    if all(re.match(r"^\s*(?:[-•*]|\d+\.|[a-z]\.)\s", line) for line in lines if line.strip()):
        items = [clean_inline(line) for line in lines]
        out.append(_Block([i for i in items if i], state.path))
        return
    text = clean_inline(join_lines(lines))
    if len(re.sub(r"[^A-Za-zÅÄÖåäö]", "", text)) >= 3:
        out.append(_Block([text], state.path))


def _plain_text_items(paragraph: list[str], state: _State, out: list) -> None:
    """Plain text: split a paragraph at heading-like lines."""
    body: list[str] = []
    for i, line in enumerate(paragraph):
        previous = paragraph[i - 1] if i > 0 else None
        following = paragraph[i + 1] if i + 1 < len(paragraph) else None
        if _looks_like_text_heading(line, previous if body or i > 0 else None, following):
            if body:
                _body_items(body, state, out)
                body = []
            state.push(2, clean_inline(line).capitalize() if line.strip().isupper() else clean_inline(line))
            out.append("heading")
        else:
            body.append(line)
    if body:
        _body_items(body, state, out)


def _merge_page_breaks(items: list) -> list[_Block]:
    """Re-join paragraphs a page break split (footnotes in between keep their own block)."""
    blocks: list[_Block] = []
    last_text: _Block | None = None
    for item in items:
        if item == "heading":
            last_text = None
            continue
        if item == "pagebreak":
            continue
        if item.footnote:
            blocks.append(item)
            continue
        first = item.sentences[0]
        if last_text is not None and len(item.sentences) == 1 and continues(last_text.sentences[-1], first):
            last_text.sentences[-1] = join_fragments(last_text.sentences[-1], first)
            continue
        blocks.append(item)
        last_text = item
    return blocks


def parse_document(path: Path) -> list[_Block]:
    state = _State()
    items: list = []
    markdown = path.suffix.lower() in (".md", ".markdown")
    for paragraph in _raw_paragraphs(_read(path), markdown):
        if markdown:
            _markdown_items(paragraph, state, items)
        else:
            _plain_text_items(paragraph, state, items)
    return _merge_page_breaks(items)


def _words(text: str) -> int:
    return len(text.split())


def _sentence_units(block: _Block) -> list[str]:
    units: list[str] = []
    for part in block.sentences:
        if _words(part) <= 40:
            units.append(part)
        else:
            units.extend(split_sentences(part))
    # a single over-long "sentence" (lists without punctuation) is cut by words
    out: list[str] = []
    for unit in units:
        words = unit.split()
        for start in range(0, len(words), MAX_WORDS):
            out.append(" ".join(words[start : start + MAX_WORDS]))
    return out


def _chunk_section(units: list[str]) -> list[str]:
    """Greedy packing of sentences into passages of about TARGET_WORDS, never over MAX_WORDS."""
    chunks: list[list[str]] = []
    current: list[str] = []
    count = 0
    for unit in units:
        n = _words(unit)
        if current and (count + n > MAX_WORDS or count >= TARGET_WORDS):
            chunks.append(current)
            current, count = [], 0
        current.append(unit)
        count += n
    if current:
        if chunks and count < MIN_WORDS // 2 and sum(map(_words, chunks[-1])) + count <= MAX_WORDS:
            chunks[-1].extend(current)
        else:
            chunks.append(current)
    return [" ".join(c) for c in chunks]


def passages_for_document(corpus_dir: Path, doc: DocumentInfo) -> list[Passage]:
    rules = source_rules()
    blocks = parse_document(corpus_dir / doc.file)
    # group consecutive blocks by section (footnotes apart), then chunk each group; a paragraph that starts
    # with "Nuvarande lydelse"/"Föreslagen lydelse" starts a group of its own (the paragraphs after it in the
    # same section continue that wording), so a passage never mixes the rule in force with a proposal
    groups: list[tuple[tuple[str, ...], bool, list[str], bool | None]] = []
    for block in blocks:
        units = _sentence_units(block)
        marker = None if block.footnote else rules.paragraph_marker(block.sentences[0])
        if groups and groups[-1][0] == block.section and groups[-1][1] == block.footnote and marker is None:
            groups[-1][2].extend(units)  # also continues the wording a marker opened
        elif (
            not block.footnote
            and marker is None
            and len(groups) >= 2
            and groups[-1][1]
            and groups[-2][0] == block.section
            and not groups[-2][1]
        ):
            groups[-2][2].extend(units)  # text continuing after a footnote that interrupted it
        else:
            groups.append((block.section, block.footnote, units, marker))
    stem = Path(doc.file).stem
    kind = rules.kind(doc.kind)
    year = year_of(doc.date)
    passages: list[Passage] = []
    for section, footnote, units, marker in groups:
        section_text = SECTION_SEPARATOR.join(section) if section else doc.title
        if footnote:
            section_text += SECTION_SEPARATOR + "Fotnoter"
        proposal = rules.is_proposal(doc.file, doc.kind, section, marker)
        for text in _chunk_section(units):
            position = len(passages)
            passages.append(
                Passage(
                    id=f"{stem}#{position:03d}",
                    text=text,
                    document_title=doc.title,
                    document_file=doc.file,
                    municipality=doc.municipality,
                    section=section_text,
                    position=position,
                    kind=kind,
                    year=year,
                    proposal=proposal,
                )
            )
    return passages


def load_passages(corpus_dir: Path) -> list[Passage]:
    """All passages of all manifest documents, in manifest and document order."""
    per_doc = [(doc, passages_for_document(corpus_dir, doc)) for doc in load_manifest(corpus_dir)]
    damaged = {doc.file for doc, _ in per_doc if lost_diacritics(_read(corpus_dir / doc.file))}
    if damaged:
        restorer = DiacriticRestorer([p.text for doc, ps in per_doc if doc.file not in damaged for p in ps])
        for doc, ps in per_doc:
            if doc.file in damaged:
                for p in ps:
                    p.text = restorer.text(p.text)
                    p.section = restorer.text(p.section)
    return [p for _, ps in per_doc for p in ps]
