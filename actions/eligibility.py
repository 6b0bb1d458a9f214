"""Running the fund's eligibility checks in conversation and explaining the verdicts readably."""

from __future__ import annotations

import logging
from typing import Any

from pydantic_core import to_jsonable_python
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.citations import citation_text
from actions.fund import coordinator_text, fund_id
from actions.sketch_state import build_sketch, label, parts, sketch_dict
from actions.text_input import bad_input_reply, clean_text
from rules.status import STATUS_LABELS

logger = logging.getLogger(__name__)

_STATUS_ORDER = {"fail": 0, "warn": 1, "unknown": 2, "pass": 3}
MAX_MISSING_ASKED = 4
MAX_UNKNOWN_EXPLAINED = 2


def run_checks_on(data: dict[str, Any], only: list[str] | None = None) -> list[Any]:
    from rules.checks import run_checks

    return run_checks(build_sketch(data), fund=fund_id(), only=only)


def verdict_text(result: Any, max_citations: int = 2) -> str:
    """One fail or warn: what, why, how to fix it and where the rule comes from."""
    lines = [f"{STATUS_LABELS[result.status]}: {result.title}. {result.explanation}"]
    if result.fix:
        lines.append(f"Så kan ni göra: {result.fix}")
    for citation in (result.citations or [])[:max_citations]:
        lines.append(f"Källa: {citation_text(citation)}")
    return "\n".join(lines)


def results_messages(results: list[Any], focus: set[str] | None = None) -> list[str]:
    """Fails and warns first, shortest first, each its own message; unknowns and passes as one line each.

    ``focus``: checks whose verdict this message changed (it named an amount, a supplier ...). An unknown
    among them is what the user asked about, so it is explained in full, not counted among the rest.
    """
    focus = focus or set()
    problems = sorted(
        (r for r in results if r.status in ("fail", "warn")),
        key=lambda r: (_STATUS_ORDER[r.status], len(r.explanation or "")),
    )
    messages = [verdict_text(r) for r in problems]
    unknown = [r for r in results if r.status == "unknown"]
    # A check that lacks a single fact usually says which one and why: show those, count the rest.
    nearly = sorted((r for r in unknown if len(r.missing or []) <= 1), key=lambda r: len(r.explanation or ""))
    asked = [r for r in unknown if r.id in focus]
    others = [r for r in nearly if r.id not in focus][: max(0, MAX_UNKNOWN_EXPLAINED - len(asked))]
    explained = asked + others
    messages += [verdict_text(r) for r in asked]
    messages += [f"{STATUS_LABELS['unknown']} – {r.title}: {r.explanation}" for r in others]
    rest = len(unknown) - len(explained)
    if rest:
        more = " till" if explained else ""
        messages.append(f"{rest} kontroller{more} kan jag inte bedöma än, eftersom uppgifter saknas.")
    passed = [r for r in results if r.status == "pass"]
    if passed:
        messages.append(f"{STATUS_LABELS['pass']}: " + ", ".join(r.title for r in passed) + ".")
    return messages


def missing_question(results: list[Any]) -> str | None:
    """Ask for the facts that would let the unknown checks decide, most needed first."""
    counts: dict[str, int] = {}
    for result in results:
        for field in result.missing or []:
            counts[field] = counts.get(field, 0) + 1
    if not counts:
        return None
    order = list(parts())
    fields = sorted(counts, key=lambda f: (-counts[f], order.index(f) if f in order else len(order)))
    names = [label(f).lower() for f in fields[:MAX_MISSING_ASKED]]
    listed = ", ".join(names[:-1]) + f" och {names[-1]}" if len(names) > 1 else names[0]
    return f"För att kunna bedöma mer behöver jag veta: {listed}. Berätta gärna, så prövar jag igen."


def extracted_facts(text: str) -> dict[str, Any]:
    """Facts in the user's own words (amounts, target group, rent ...) via the rules' extractor."""
    from rules.extract import extract_facts

    try:
        return dict(extract_facts(text) or {})
    except Exception:  # noqa: BLE001 - an odd sentence must not break the check
        logger.exception("extract_facts failed")
        return {}


def merge_facts(known: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    merged = dict(known)
    for key, value in new.items():
        if value in (None, "", []):
            continue
        if key == "description" and merged.get("description"):
            merged["description"] = f"{merged['description']}\n{value}"
        else:
            merged[key] = value
    return merged


class ActionRunChecks(Action):
    """ "Kan vi söka för ...?": checks what is known (form slots, earlier facts and this message)."""

    def name(self) -> str:
        return "action_run_checks"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if reply := bad_input_reply(text):
            dispatcher.utter_message(text=reply)
            return []
        text = clean_text(text)
        # Facts stated earlier in the conversation stay known; this message is the idea being asked about
        # (what the money is for), unless the idéskiss already says what the money pays for.
        previous = tracker.get_slot("eligibility_facts") or {}
        facts = merge_facts(previous, extracted_facts(text))
        facts.pop("description", None)
        asked = merge_facts(facts, {"description": text, "funding_purpose": text})
        slots = sketch_dict(tracker.current_slot_values(), tracker.get_slot("skipped_parts"))
        sketch_data = merge_facts(asked, slots)
        try:
            results = run_checks_on(sketch_data)
            before = {r.id: (r.status, r.explanation) for r in run_checks_on(merge_facts(previous, slots))}
        except Exception:  # noqa: BLE001
            logger.exception("run_checks failed")
            dispatcher.utter_message(
                text="Jag kunde inte pröva idén just nu på grund av ett tekniskt fel. " + coordinator_text()
            )
            return []
        dispatcher.utter_message(
            text="Så här ser det ut utifrån det du har berättat (vägledning, inte ett beslut):"
        )
        focus = {r.id for r in results if before.get(r.id) != (r.status, r.explanation)}
        for message in results_messages(results, focus):
            dispatcher.utter_message(text=message)
        if question := missing_question(results):
            dispatcher.utter_message(text=question)
        return [SlotSet("eligibility_facts", to_jsonable_python(facts))]
