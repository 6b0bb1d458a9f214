"""Dates the procurement table (rules/parameters/upphandling.yaml) has no value for, from the table itself.

The tests of "no value known" (the last known value with its period, "Det vet jag inte", "Kontrollera …")
run on the first month after a parameter's last dated period, so they stay right when the next period is
added (README: *Nya upphandlingsgränser*) and still fail if that behaviour breaks.
"""

from __future__ import annotations

from datetime import date, timedelta

from rules.parameters import ParameterTable, Period

EU = "troskelvarde_varor_tjanster_kommuner"
SOCIAL = "troskelvarde_sociala_tjanster"
NBSP = "\u00a0"
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def last_period(name: str) -> Period:
    """The parameter's last dated period (what a date after the table is answered with)."""
    return max(ParameterTable.from_file().parameters[name].values, key=lambda p: p.start)


def after_the_table(*names: str) -> date:
    """The first day of the first month after the last dated period of every named parameter."""
    days = []
    for name in names:
        last = last_period(name)
        assert last.end is not None, f"{name}: the last period has no end; every later date is covered"
        day = last.end + timedelta(days=1)
        days.append(day if day.day == 1 else (day.replace(day=28) + timedelta(days=4)).replace(day=1))
    return max(days)


def last_value(name: str) -> int:
    return int(last_period(name).value)


def kr(value: float, space: str = NBSP) -> str:
    """``2389585`` as the answers write it: "2 389 585" (no-break spaces)."""
    return f"{int(value):,}".replace(",", space)


def month_text(day: date) -> str:
    """ "januari 2026", as a user names the month of a purchase."""
    return f"{MONTHS[day.month - 1]} {day.year}"
