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
def _data() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def fund_terms(common: bool = False) -> dict[str, tuple[re.Pattern[str], ...]]:
    """Each municipality's terms as compiled patterns over folded text: those proper to it, or with
    ``common`` every term (everyday words such as "ledningsgrupp" too)."""
    return {
        str(place): tuple(
            re.compile(str(term["pattern"])) for term in terms or () if common or not term.get("common")
        )
        for place, terms in (_data().get("municipalities") or {}).items()
    }


@lru_cache(maxsize=1)
def own_markers() -> tuple[re.Pattern[str], ...]:
    """Words by which the asker calls a body their own ("vår", "vi", "hos oss"), over lower-cased text."""
    return tuple(re.compile(str(p)) for p in _data().get("own_markers") or ())


def term_municipality(question: str) -> str | None:
    """The one municipality whose own bodies or forms the question names ("beredningsgruppen" ->
    "Södertälje"); None when it names none, only everyday words ("ledningsgrupp"), the asker calls the
    body their own ("vår beredningsgrupp"), or it names words of more than one municipality (a comparison)."""
    if any(p.search(question.lower()) for p in own_markers()):
        return None
    folded = fold(question)
    proper = [place for place, patterns in fund_terms().items() if any(p.search(folded) for p in patterns)]
    named = [place for place, patterns in fund_terms(True).items() if any(p.search(folded) for p in patterns)]
    return proper[0] if len(proper) == 1 and len(named) == 1 else None
