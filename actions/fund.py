"""The active fund: its profile (municipality, coordinator) as the rules package loads it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fondassistenten.settings import get_settings


@lru_cache
def active_profile() -> Any:
    from actions.services import load_profile

    return load_profile(get_settings().fund)


def fund_id() -> str:
    return get_settings().fund


def municipality() -> str:
    return str(getattr(active_profile(), "municipality", "") or "")


def _coordinator() -> Any:
    contact = getattr(active_profile(), "contact", None)
    return getattr(contact, "coordinator", None) or contact


def coordinator_text() -> str:
    """One Swedish sentence with the coordinator's name, role, e-mail and phone from the fund profile."""
    person = _coordinator()
    if person is None:
        return f"Kontakta {municipality()} kommuns samordnare för den sociala investeringsfonden."
    parts = [getattr(person, key, None) for key in ("name", "role")]
    reach = [getattr(person, key, None) for key in ("email", "phone")]
    who = ", ".join(p for p in parts if p)
    how = " eller ".join(r for r in reach if r)
    # A profile without a named person says "fondens samordnare" itself; do not say it twice.
    lead = "Kontakta" if who.lower().startswith("fondens samordnare") else "Kontakta fondens samordnare"
    text = f"{lead} {who}".rstrip()
    return f"{text}: {how}." if how else f"{text}."
