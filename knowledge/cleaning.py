"""Turn the corpus documents' conversion remnants into clean, readable Swedish text.

The documents were converted from PDF by different tools, so each has its own flaws: Markdown emphasis
(``**``), HTML tags (``<b>``, ``<i>``, ``<p>``, ``<sup>`` footnote markers), tab-separated tables, tables of
contents, words hyphenated across lines and page breaks (``---``) with footnotes in the middle of a paragraph.
"""

from __future__ import annotations

import html
import re

_FOOTNOTE_MARK = re.compile(r"<sup>\s*\d+\s*</sup>")
_TAG = re.compile(r"</?(?:b|i|u|em|strong|p|br|span|sup|sub|div)\b[^>]*>", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:mailto:|https?://)[^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1")
_SPACES = re.compile(r"[ \t\u00a0]+")
_TOC_LINE = re.compile(r"\.{3,}\s*\d+\s*$")
# a word broken at the end of a line: "håll-" + "barhets"; not "barn- och", "social- eller"
_HYPHEN_BREAK = re.compile(r"([A-Za-zÅÄÖåäöéü])-\s*\n\s*(?!(?:och|eller|samt|som)\b)([a-zåäöéü])")
_SENTENCE_END = (".", "!", "?", ":", ";", "”", '"', "»", ")")


def clean_inline(text: str) -> str:
    """Remove Markdown/HTML remnants from running text and collapse whitespace."""
    text = _FOOTNOTE_MARK.sub("", text)
    text = _TAG.sub(" ", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = text.replace("**", "")
    text = html.unescape(text)
    return _SPACES.sub(" ", text).strip()


def join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph, re-joining words hyphenated across line ends."""
    text = "\n".join(line.strip() for line in lines)
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    return re.sub(r"\s*\n\s*", " ", text).strip()


def continues(previous: str, following: str) -> bool:
    """True when ``following`` continues ``previous`` across a page break (no sentence end, lower case)."""
    prev = previous.rstrip()
    return bool(prev) and not prev.endswith(_SENTENCE_END) and following[:1].islower()


def join_fragments(previous: str, following: str) -> str:
    prev = previous.rstrip()
    if re.search(r"[A-Za-zÅÄÖåäö]-$", prev) and not re.match(r"(och|eller|samt|som)\b", following):
        return prev[:-1] + following.lstrip()
    return prev + " " + following.lstrip()


def is_toc_line(line: str) -> bool:
    return bool(_TOC_LINE.search(clean_inline(line)))


def table_rows_to_text(lines: list[str]) -> list[str]:
    """Render a tab-separated table as one readable sentence per row.

    A header row starts with an empty cell; its cells name the columns. Cells holding only an ``X`` list the
    columns that are marked; other cells become "Kolumn: värde".
    """
    rows = [[clean_inline(c) for c in line.split("\t")] for line in lines if line.strip()]
    rows = [r for r in rows if not all(re.fullmatch(r"-*", c) for c in r)]
    header: list[str] | None = None
    if rows and rows[0][0] == "" and len(rows[0]) > 2:
        header = rows[0][1:]
        rows = rows[1:]
    out = []
    for row in rows:
        label, cells = row[0], row[1:]
        if header and all(c in ("", "X", "x") for c in cells):
            marked = [header[i] for i, c in enumerate(cells) if c and i < len(header)]
            out.append(f"{label}: {', '.join(marked) if marked else 'ingen'}.")
        elif header:
            parts = [f"{header[i]}: {c}" for i, c in enumerate(cells) if c and i < len(header)]
            out.append(f"{label} – " + " ".join(p if p.endswith(".") else p + "." for p in parts))
        else:
            value = " ".join(c for c in cells if c)
            out.append(f"{label}: {value}" if value else label)
    return [r for r in out if r.strip()]
