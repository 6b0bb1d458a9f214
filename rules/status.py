"""The four verdicts a check can give, and how each reads to a civil servant (chat and exported sketch alike).

A module of its own so the action server can name them without importing the checks (spaCy and the rest).
"""

from __future__ import annotations

from typing import Literal

Status = Literal["pass", "fail", "warn", "unknown"]

STATUS_LABELS: dict[str, str] = {
    "pass": "Uppfyllt",
    "fail": "Uppfylls inte",
    "warn": "Observera",
    "unknown": "Kan inte bedömas än",
}
