"""Dated parameters (OpenFisca-like): values with validity periods and sources, looked up as of a date.

A date that no period covers is answered with the last known value and ``covered=False``: the caller must warn
and ask the user to verify, never reuse the old figure silently.
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

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Parameter(BaseModel):
    name: str
    label: str
    comparison: str
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

    @property
    def citation(self) -> Citation | None:
        return self.period.source if self.period else None


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
        )
