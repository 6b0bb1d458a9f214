"""The idéskiss as Rasa slots: which parts exist, how slots become an IdeaSketch, and the saved draft."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from actions.fund import active_profile, fund_id
from actions.text_input import fold

logger = logging.getLogger(__name__)

NO_ACTOR = "ingen"
"""Value of `external_actor_name` when the user said no external actor takes part."""

ACTOR_SLOTS = (
    "external_actor_name",
    "external_actor_service",
    "external_actor_value_sek",
    "external_actor_social_service",
)
_ACTOR_FIELDS = {
    "external_actor_name": "name",
    "external_actor_service": "service",
    "external_actor_value_sek": "value_sek",
    "external_actor_social_service": "social_service",
}

_NOTE_FIELD = {
    "department_head_on_board": "anchoring_notes",
    "committee_informed": "anchoring_notes",
    "comparison_group": "evaluation",
    "external_actor_social_service": "external_actor_service",
}
"""Where an unclear yes/no answer is kept in the IdeaSketch (the yes/no field itself stays unknown)."""

_EXTRA_LABELS = {
    "applicant_kind": "Typ av sökande",
    "anchoring_notes": "Förankring",
    "savings_elsewhere": "Besparingar hos andra förvaltningar",
    "external_actors": "Externa aktörer",
    "repayment_start_years": "När återföringen börjar",
    "repayment_years": "Återföringstid",
    "description": "Beskrivning av idén",
}


@dataclass(frozen=True)
class Part:
    slot: str
    label: str
    kind: str
    words: tuple[str, ...]


@lru_cache(maxsize=1)
def sketch_parts_data() -> dict[str, Any]:
    """actions/sketch_parts.yml, read once: the parts, how answers are read (``reading``) and example answers
    per part (``part_examples``)."""
    path = Path(__file__).with_name("sketch_parts.yml")
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@lru_cache
def parts() -> dict[str, Part]:
    """The form's parts in the order they are asked (from sketch_parts.yml)."""
    data = sketch_parts_data()
    return {
        slot: Part(slot, spec["label"], spec["kind"], tuple(spec.get("words", [])))
        for slot, spec in data["parts"].items()
    }


def label(field: str) -> str:
    part = parts().get(field)
    return part.label if part else _EXTRA_LABELS.get(field, field.replace("_", " "))


def _name_variants(part: Part) -> set[str]:
    """Every way a user may name a part: its words, and its label as the bot writes it (with and without
    the bracketed note and a leading "den"/"det"), folded."""
    names = {" ".join(re.findall(r"[a-z0-9]+", fold(word))) for word in part.words}
    for text in (part.label, part.label.split("(")[0]):
        name = " ".join(re.findall(r"[a-z0-9]+", fold(text)))
        names |= {name, name.removeprefix("den ").removeprefix("det ")}
    return {inflected for name in names if name for inflected in _inflections(name)}


_ENDINGS = ("erna", "arna", "orna", "en", "et", "na", "er", "or", "n", "")
"""Swedish endings of a part's name as users write it ("externa aktörer", "utvärderingen", "budgeten"): a
name of at most two words is also known with each word's stem plus one of these (stems of at least four
letters). No verb endings (-a, -ar, -t): "startar", "pengar" in an answer name no part."""


def _inflections(name: str) -> set[str]:
    tokens = name.split()
    if len(tokens) > 2:
        return {name}
    options: list[set[str]] = []
    for token in tokens:
        stem = next(
            (token[: -len(e)] for e in _ENDINGS if e and token.endswith(e) and len(token) - len(e) >= 4),
            token,
        )
        forms = {token}
        if len(stem) >= 4:
            forms |= {stem + ending for ending in _ENDINGS}
        options.append(forms)
    if len(options) == 1:
        return options[0]
    return {f"{first} {second}" for first in options[0] for second in options[1]}


@lru_cache
def part_phrases() -> list[tuple[str, str]]:
    """(folded name, slot) for every part, longest name first, so "besparingar hos andra förvaltningar"
    wins over "besparingar"."""
    pairs = {(name, part.slot) for part in parts().values() for name in _name_variants(part)}
    return sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0]))


def part_named_in(text: str) -> str | None:
    """The part a user names in "ändra målgruppen" or "budgeten är fel"; the longest matching name wins."""
    folded = f" {' '.join(re.findall(r'[a-z0-9]+', fold(text)))} "
    for name, slot in part_phrases():
        if f" {name} " in folded:
            return slot
    return None


UNCLEAR = "Oklart: "
"""Prefix of a yes/no part kept as the user's own words after a clarifying question did not settle it."""


def _unclear_note(slot: str, value: str) -> str:
    return f"{label(slot)}: {value.removeprefix(UNCLEAR)} (oklart)"


def sketch_dict(slots: dict[str, Any], skipped: list[str] | None = None) -> dict[str, Any]:
    """IdeaSketch-compatible dict from the form slots (skipped parts and 'no external actor' left out)."""
    skipped = skipped or []
    data: dict[str, Any] = {}
    notes: dict[str, list[str]] = {}
    for slot in parts():
        value = slots.get(slot)
        if slot == "role" or slot in ACTOR_SLOTS or value is None or slot in skipped:
            continue
        if isinstance(value, str) and value.startswith(UNCLEAR):
            # an unclear yes/no is unknown to the checks, and kept as the user's words beside it
            notes.setdefault(_NOTE_FIELD.get(slot, "anchoring_notes"), []).append(_unclear_note(slot, value))
            continue
        data[slot] = value
    name = slots.get("external_actor_name")
    if name and name != NO_ACTOR:
        actor = {
            _ACTOR_FIELDS[s]: slots.get(s)
            for s in ACTOR_SLOTS
            if slots.get(s) is not None and s not in skipped and not str(slots.get(s)).startswith(UNCLEAR)
        }
        if str(slots.get("external_actor_social_service") or "").startswith(UNCLEAR):
            notes.setdefault("external_actor_service", []).append(
                _unclear_note("external_actor_social_service", slots["external_actor_social_service"])
            )
        if notes.get("external_actor_service"):
            actor["service"] = " ".join(
                [str(actor.get("service") or ""), *notes.pop("external_actor_service")]
            ).strip()
        data["external_actors"] = [actor]
    for slot, said in (slots.get("part_notes") or {}).items():  # the user's words beside a yes/no answer
        if slot in parts() and isinstance(data.get(slot), bool) and slot not in ACTOR_SLOTS:
            notes.setdefault(_NOTE_FIELD.get(slot, "anchoring_notes"), []).append(f"{label(slot)}: {said}")
    for field, lines in notes.items():
        data[field] = "\n".join([*([data[field]] if data.get(field) else []), *lines])
    if slots.get("role") == "extern":
        data.setdefault("applicant_kind", "extern")
    if data.get("repayment_plan"):
        data.update(_repayment_facts(data["repayment_plan"]))
    return data


def _repayment_facts(text: str) -> dict[str, Any]:
    """When repayment starts and how long it lasts, as stated in the free-text repayment plan."""
    from actions.services import extract_facts_or_raise

    facts = extract_facts_or_raise(text)
    return {k: v for k, v in facts.items() if k in ("repayment_start_years", "repayment_years")}


def build_sketch(data: dict[str, Any]) -> Any:
    """An IdeaSketch from a dict; fields the model rejects are dropped (and logged), never a crash."""
    from pydantic import ValidationError

    from actions.services import IdeaSketch

    data = dict(data)
    for _ in range(len(data) + 1):
        try:
            return IdeaSketch.model_validate(data)
        except ValidationError as error:
            bad = {str(e["loc"][0]) for e in error.errors() if e.get("loc")}
            if not bad:
                break
            logger.warning("Dropping sketch fields the model rejects: %s", bad)
            for key in bad:
                data.pop(key, None)
    return IdeaSketch()


def slots_from_draft(draft: dict[str, Any]) -> dict[str, Any]:
    """Form slots from a saved draft (the inverse of sketch_dict) so a lost conversation can resume."""
    slots = {
        slot: draft.get(slot) for slot in parts() if slot not in ACTOR_SLOTS and draft.get(slot) is not None
    }
    actors = draft.get("external_actors") or []
    if actors:
        for slot, field in _ACTOR_FIELDS.items():
            if actors[0].get(field) is not None:
                slots[slot] = actors[0][field]
    if draft.get("applicant_kind") == "extern":
        slots["role"] = "extern"
    elif any(slots.values()):
        slots["role"] = "kommun"
    return slots


def save_draft(sender_id: str, sketch: Any) -> None:
    """Persist the whole draft; a storage error is logged and never breaks the conversation."""
    from actions.services import get_draft_store

    try:
        get_draft_store().save(sender_id, sketch.model_dump(mode="json"), fund_id())
    except Exception:  # noqa: BLE001 - the chat must go on even if the disk is full
        logger.exception("Could not save the draft of %s", sender_id)


def load_draft(sender_id: str) -> dict[str, Any] | None:
    from actions.services import get_draft_store

    try:
        return get_draft_store().load(sender_id)
    except Exception:  # noqa: BLE001
        logger.exception("Could not load the draft of %s", sender_id)
        return None


def display_value(value: Any) -> str:
    if value is True:
        return "Ja"
    if value is False:
        return "Nej"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", " ") + " kr"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_STAGE_TEXT = {"idéskiss": "i idéskissen", "ansökan": "i ansökan"}


def required_by_fund() -> dict[str, str]:
    """Parts the active fund requires, with the stage that requires them (from the fund profile)."""
    return {part.field: part.stage for part in active_profile().required_parts}


def summary_text(
    slots: dict[str, Any],
    skipped: list[str],
    sender_id: str,
    links: bool = True,
    pending: dict[str, str] | None = None,
) -> str:
    """The draft as one message: every part with its answer, skipped or still empty, and export links.

    An empty or skipped part that the active fund requires says so, with the stage that requires it.
    ``pending``: yes/no parts whose answer was unclear and is being asked again, with the user's words.
    """
    pending = pending or {}
    required = required_by_fund()
    lines = ["Sammanfattning av din idéskiss:"]
    for part in parts().values():
        if part.slot == "role":
            continue
        value = slots.get(part.slot)
        if part.slot in skipped:
            shown = "(överhoppad)"
        elif value is None and part.slot in pending:
            shown = f"oklart än, du skrev: ”{pending[part.slot]}”"
        elif value is None:
            shown = "(inte besvarad än)"
        elif part.slot == "external_actor_name" and value == NO_ACTOR:
            shown = "Ingen extern aktör"
        else:
            shown = display_value(value)
            if isinstance(value, bool) and (said := (slots.get("part_notes") or {}).get(part.slot)):
                shown += f" ({said})"  # "Nej (nämnden får information på sammanträdet 15 december)"
        if part.slot in ACTOR_SLOTS[1:] and slots.get("external_actor_name") == NO_ACTOR:
            continue
        if part.slot in required and (part.slot in skipped or value is None):
            stage = required[part.slot]
            shown += f" – fonden kräver detta {_STAGE_TEXT.get(stage, stage)}"
        lines.append(f"• {part.label}: {shown}")
    if links:
        lines.append(export_links(sender_id))
    return "\n".join(lines)


def _export_base(sender_id: str) -> str:
    return f"/api/sketch/{quote(sender_id, safe='')}/export"


def export_links(sender_id: str) -> str:
    base = _export_base(sender_id)
    return f"Ladda ned utkastet: Word {base}?format=docx, PDF {base}?format=pdf, Markdown {base}?format=md"


def export_text(sender_id: str) -> str:
    """The answer to "kan jag få den som Word-fil?": the formats there are and where to get each."""
    base = _export_base(sender_id)
    return (
        "Du kan ladda ned idéskissen som Word-fil (DOCX), som PDF eller som Markdown, med fondens "
        "kontroller bifogade:\n"
        f"• Word (DOCX): {base}?format=docx\n"
        f"• PDF: {base}?format=pdf\n"
        f"• Markdown: {base}?format=md\n"
        "Filen har det du har fyllt i hittills; utkastet sparas efter varje svar, så du kan ladda ned det "
        "igen när skissen är klar."
    )


MAX_PROGRESS_LINES = 8
"""How many filled parts "var var vi?" lists with their answers before it only counts the rest."""


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def progress_text(slots: dict[str, Any], skipped: list[str]) -> str:
    """Where the draft stands, for someone coming back: the parts filled in (with the answers), how many
    are left and which were skipped."""
    no_actor = slots.get("external_actor_name") == NO_ACTOR
    filled: list[str] = []
    left = 0
    for part in parts().values():
        if part.slot == "role" or (no_actor and part.slot in ACTOR_SLOTS[1:]) or part.slot in skipped:
            continue
        value = slots.get(part.slot)
        if value is None:
            left += 1
            continue
        shown = "Ingen extern aktör" if part.slot == "external_actor_name" and value == NO_ACTOR else value
        filled.append(f"• {part.label}: {_short(display_value(shown))}")
    lines = (
        ["Så här långt har du fyllt i:", *filled[:MAX_PROGRESS_LINES]]
        if filled
        else ["Ingen del av idéskissen är ifylld än."]
    )
    if len(filled) > MAX_PROGRESS_LINES:
        lines.append(f"• … och {len(filled) - MAX_PROGRESS_LINES} delar till (skriv ”visa sammanfattning”).")
    if skipped:
        lines.append("Överhoppat: " + ", ".join(f"”{label(slot)}”" for slot in skipped) + ".")
    lines.append(f"Kvar att fylla i: {left} {'del' if left == 1 else 'delar'}.")
    return "\n".join(lines)
