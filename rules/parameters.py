"""Dated parameters (OpenFisca-like): values with validity periods and sources, looked up as of a date.

Every period says up to which date its value was verified (``verified_as_of``). A lookup for a later date is
``stale``: the value is still the one the table knows, but the caller must say that it has not been checked
for that date. A date that no period covers is answered with the last known value and ``covered=False``: the
caller must warn and ask the user to verify, never reuse the old figure silently.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from rules.sources import Citation

PARAMETER_DIR = Path(__file__).resolve().parent / "parameters"


class Period(BaseModel):
    start: date
    end: date | None = None
    value: Any
    source: Citation
    verified_as_of: date
    """The last date for which the value was checked against its source."""

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Parameter(BaseModel):
    name: str
    label: str
    comparison: str
    uncertainty_margin: float = 0.0
    """When the value for a date is not known: how far (as a share) from the last known value an amount must
    be
    to be judged the same way anyway (thresholds change by a few per cent between periods)."""
    values: list[Period]


class Lookup(BaseModel):
    """The value of a parameter as of a date."""

    parameter: str
    label: str
    as_of: date
    covered: bool
    value: Any
    """The value in force, or the last known one when ``covered`` is False (None if nothing is known)."""
    period: Period | None
    stale: bool = False
    """True when ``as_of`` is after the date up to which the value was verified."""
    margin: float = 0.0

    @property
    def citation(self) -> Citation | None:
        return self.period.source if self.period else None

    @property
    def certain(self) -> bool:
        """The value is known to be in force on the date (covered and verified up to it)."""
        return self.covered and not self.stale

    def period_text(self) -> str:
        """ "från 2022-02-01" or "2024-01-01–2025-12-31"."""
        if not self.period:
            return ""
        if self.period.end is None:
            return f"från {self.period.start.isoformat()}"
        return f"{self.period.start.isoformat()}–{self.period.end.isoformat()}"

    def clearly_above(self, amount: float) -> bool:
        """``amount`` is over the value even if an unknown new value differs by the parameter's margin."""
        return self.value is not None and amount > self.value * (1 + self.margin)

    def clearly_at_most(self, amount: float) -> bool:
        return self.value is not None and amount <= self.value * (1 - self.margin)


def load_parameters(path: Path) -> dict[str, Parameter]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {name: Parameter(name=name, **body) for name, body in data.items()}


@lru_cache
def _default(name: str) -> dict[str, Parameter]:
    return load_parameters(PARAMETER_DIR / f"{name}.yaml")


class ParameterTable:
    """Parameters of one YAML file (default ``rules/parameters/upphandling.yaml``)."""

    def __init__(self, parameters: dict[str, Parameter]) -> None:
        self.parameters = parameters

    @classmethod
    def from_file(cls, path: Path | None = None) -> ParameterTable:
        return cls(load_parameters(path) if path else _default("upphandling"))

    def at(self, name: str, day: date) -> Lookup:
        param = self.parameters[name]
        for period in param.values:
            if period.covers(day):
                return Lookup(
                    parameter=name,
                    label=param.label,
                    as_of=day,
                    covered=True,
                    value=period.value,
                    period=period,
                    stale=day > period.verified_as_of,
                    margin=param.uncertainty_margin,
                )
        earlier = [p for p in param.values if p.start <= day]
        last = max(earlier, key=lambda p: p.start) if earlier else None
        return Lookup(
            parameter=name,
            label=param.label,
            as_of=day,
            covered=False,
            value=last.value if last else None,
            period=last,
            stale=True,
            margin=param.uncertainty_margin,
        )
