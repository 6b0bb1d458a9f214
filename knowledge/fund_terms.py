"""The fund a question is about by the names of its own bodies and forms (``knowledge/fund_terms.yaml``):
"Vad gör beredningsgruppen?" is about Södertälje's fund in any fund's assistant, "vad är en
idéprövningsblankett" about Sundsvall's. Used when the question names no municipality."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.textnorm import fold

DATA_FILE = Path(__file__).with_name("fund_terms.yaml")


@lru_cache(maxsize=1)
def fund_terms() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Each municipality's own terms as compiled patterns over folded text."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")) or {}
    return {
        str(place): tuple(re.compile(str(term["pattern"])) for term in terms or ())
        for place, terms in (data.get("municipalities") or {}).items()
    }


def term_municipality(question: str) -> str | None:
    """The one municipality whose own bodies or forms the question names ("beredningsgruppen" ->
    "Södertälje"); None when it names none, or terms of more than one municipality (a comparison)."""
    folded = fold(question)
    named = [place for place, patterns in fund_terms().items() if any(p.search(folded) for p in patterns)]
    return named[0] if len(named) == 1 else None
