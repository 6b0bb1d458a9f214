"""One way to name a passage's source wherever it is shown: municipality, kind, year, proposal, section.

    Sundsvalls kommun, riktlinje (2015), avsnitt ”3.1.1 Vem får ansöka?”
    Södertälje kommun, utvärdering (2015), förslag, avsnitt ”Externa aktörers roll”

A proposal says "förslag" so it is never read as an adopted rule.
"""

from __future__ import annotations

from typing import Any

from knowledge.ingest import SECTION_SEPARATOR
from knowledge.sources import source_rules


def section_heading(section: str) -> str:
    """The nearest heading of a passage's heading path, without trailing punctuation."""
    parts = [p.strip() for p in (section or "").split(SECTION_SEPARATOR) if p.strip()]
    if parts and parts[-1] == "Fotnoter" and len(parts) > 1:
        return f"{parts[-2].rstrip(' .:')}, fotnot"
    return parts[-1].rstrip(" .:") if parts else ""


def source_label(passage: Any) -> str:
    """ "Sundsvalls kommun, riktlinje (2015), avsnitt ”…”" for a passage (``knowledge.ingest.Passage`` or any
    object with municipality, kind, year, proposal and section)."""
    rules = source_rules()
    text = rules.municipality_name(str(getattr(passage, "municipality", "") or "").strip())
    kind = rules.kind(str(getattr(passage, "kind", "") or ""))
    year = getattr(passage, "year", None)
    if kind:
        text = f"{text}, {kind}" if text else kind
        if year:
            text += f" ({year})"
    if getattr(passage, "proposal", False):
        text += ", förslag"
    heading = section_heading(str(getattr(passage, "section", "") or ""))
    return f"{text}, avsnitt ”{heading}”" if heading else text
