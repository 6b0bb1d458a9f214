"""The idéskiss form: telling answers from digressions, validating each part, checks as soon as facts are in,
skipping, changing, summarising, resuming and finishing the draft."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.eligibility import missing_question, results_messages, run_checks_on, verdict_text
from actions.fund import coordinator_text
from actions.parsing import parse_bool
from actions.roles import external_explanation
from actions.sketch_state import (
    ACTOR_SLOTS,
    NO_ACTOR,
    build_sketch,
    export_links,
    label,
    load_draft,
    part_named_in,
    parts,
    save_draft,
    sketch_dict,
    slots_from_draft,
    summary_text,
)
from actions.text_input import MAX_MESSAGE_CHARS, bad_input_reply, clean_text, fold, is_question
from rules.extract import parse_amount, parse_date

logger = logging.getLogger(__name__)

FORM = "sketch_form"

CONTROL_INTENTS = {
    "skip_part",
    "change_part",
    "show_summary",
    "stop_sketch",
    "start_sketch",
    "resume_sketch",
    "human_handoff",
    "bot_capabilities",
    "bot_challenge",
    "insult",
    "other_language",
    "greet",
    "goodbye",
    "thank",
}
"""Intents that never answer a form question: they steer the conversation."""

QUESTION_INTENTS = {"ask_question", "check_eligibility", "i_am_external", "out_of_scope"}
"""Intents that are a digression only when phrased as a question (else the text answers the form)."""

_FORM_STEPS = {"action_listen", "action_extract_slots", FORM, f"validate_{FORM}", None}
_EXTERNAL_WORDS = ("forening", "foretag", "stiftelse", "bolag", "extern", "organisation", "ideell", "kyrka")
_MUNICIPAL_WORDS = (
    "kommun",
    "forvaltning",
    "namnd",
    "kontor",
    "skola",
    "socialtjanst",
    "jobbar",
    "arbetar",
    "anstalld",
)


def is_fresh_answer(tracker: Tracker) -> bool:
    """True when the form runs right after a user message (not when it resumes after a digression)."""
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return True
        if kind == "action_execution_rejected":
            return False
        if kind == "action" and event.get("name") not in _FORM_STEPS:
            return False
    return False


def is_digression(intent: str | None, text: str, requested: str | None) -> bool:
    if intent in CONTROL_INTENTS:
        return True
    if requested == "role" and intent in ("i_am_external", "i_am_municipal"):
        return False
    return intent in QUESTION_INTENTS and is_question(text)


def role_from(text: str, intent: str | None) -> str | None:
    if intent == "i_am_external":
        return "extern"
    if intent == "i_am_municipal":
        return "kommun"
    folded = fold(text)
    if any(word in folded for word in _EXTERNAL_WORDS):
        return "extern"
    if any(word in folded for word in _MUNICIPAL_WORDS):
        return "kommun"
    return None


class ValidateSketchForm(FormValidationAction):
    def name(self) -> str:
        return f"validate_{FORM}"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """The parts still to ask: none for an external actor; skipped parts and actor details left out."""
        if tracker.get_slot("role") == "extern":
            return []
        skipped = set(tracker.get_slot("skipped_parts") or [])
        no_actor = tracker.get_slot("external_actor_name") == NO_ACTOR
        return [
            slot
            for slot in domain_slots
            if slot not in skipped and not (no_actor and slot in ACTOR_SLOTS[1:])
        ]

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The user's message answers the requested part unless it is a digression (question, command)."""
        requested = tracker.get_slot("requested_slot")
        if tracker.active_loop_name != FORM or not requested or not is_fresh_answer(tracker):
            return []
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = tracker.latest_message.get("text") or ""
        if is_digression(intent, text, requested):
            return []
        return [SlotSet(requested, text)]

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        candidates = {s: v for s, v in tracker.slots_to_validate().items() if s in parts()}
        if not candidates:
            return []
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        updates: dict[str, Any] = {}
        for slot, value in candidates.items():
            updates.update(self.validate_part(slot, value, intent, dispatcher, tracker))
            tracker.slots.update(updates)
        if any(v is not None for s, v in updates.items() if s != "requested_slot"):
            updates.update(self.after_change(dispatcher, tracker))
        return [SlotSet(slot, value) for slot, value in updates.items()]

    def validate_part(
        self, slot: str, value: Any, intent: str | None, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """The typed value of one answer, or None with a Swedish explanation of what is needed."""
        if not isinstance(value, str):
            return {slot: value}
        part = parts()[slot]
        if reply := bad_input_reply(value):
            dispatcher.utter_message(text=reply)
            return {slot: None}
        text = clean_text(value)[:MAX_MESSAGE_CHARS]
        if part.kind == "role":
            role = role_from(text, intent)
            if role is None:
                dispatcher.utter_message(
                    text="Svara gärna ”jag arbetar i kommunen” eller ”vi är en extern aktör”."
                )
                return {slot: None}
            return {slot: role, "requested_slot": None} if role == "extern" else {slot: role}
        if part.kind == "bool":
            answer = parse_bool(text)
            if answer is None and intent in ("affirm", "deny"):
                answer = intent == "affirm"
            if answer is None:
                dispatcher.utter_message(
                    text="Svara ja eller nej, tack. Du kan lägga till en förklaring efteråt."
                )
            return {slot: answer}
        if part.kind == "amount":
            amount = parse_amount(text)
            if amount is None:
                dispatcher.utter_message(
                    text="Jag hittade inget belopp. Skriv beloppet i kronor, till exempel ”450 000 kr” "
                    "eller ”1,2 miljoner kronor”."
                )
            return {slot: amount}
        if part.kind == "date":
            return self.validate_date(slot, text, dispatcher, tracker)
        if part.kind == "actor" and (parse_bool(text) is False or intent == "deny"):
            return {slot: NO_ACTOR}
        if len(text) < 2:
            dispatcher.utter_message(text=f"Skriv gärna lite mer om {part.label.lower()}.")
            return {slot: None}
        return {slot: text}

    def validate_date(
        self, slot: str, text: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        parsed = parse_date(text)
        if parsed is None:
            dispatcher.utter_message(
                text="Jag förstod inte datumet. Skriv till exempel ”2026-09-01” eller ”september 2026”."
            )
            return {slot: None}
        start = tracker.get_slot("start_date")
        if slot == "end_date" and start and parsed.isoformat() <= str(start):
            dispatcher.utter_message(
                text=f"Slutdatumet måste komma efter startdatumet ({start}). Försök igen."
            )
            return {slot: None}
        return {slot: parsed.isoformat()}

    def after_change(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """Save the draft, then tell at once about any check that now fails or warns (once per verdict)."""
        slots = tracker.current_slot_values()
        data = sketch_dict(slots, tracker.get_slot("skipped_parts"))
        save_draft(tracker.sender_id, build_sketch(data))
        if slots.get("role") == "extern":
            return {}
        announced = list(tracker.get_slot("announced_checks") or [])
        try:
            results = run_checks_on(data)
        except Exception:  # noqa: BLE001 - a failing check must not stop the form
            logger.exception("run_checks failed during the form")
            return {}
        for result in results:
            key = f"{result.id}:{result.status}"
            if result.status in ("fail", "warn") and key not in announced:
                announced.append(key)
                prefix = "Observera – " if result.status == "fail" else ""
                dispatcher.utter_message(text=prefix + verdict_text(result))
        return {"announced_checks": announced}


def _skipped(tracker: Tracker) -> list[str]:
    return list(tracker.get_slot("skipped_parts") or [])


class ActionSkipPart(Action):
    def name(self) -> str:
        return "action_skip_part"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        requested = tracker.get_slot("requested_slot")
        if tracker.active_loop_name != FORM or not requested:
            dispatcher.utter_message(text="Det finns ingen fråga att hoppa över just nu.")
            return []
        name = label(requested)
        dispatcher.utter_message(
            text=f"Okej, vi hoppar över ”{name}” så länge. "
            f"Skriv ”ändra {name.lower()}” när du vill fylla i den."
        )
        return [SlotSet("skipped_parts", [*_skipped(tracker), requested]), SlotSet("requested_slot", None)]


class ActionChangePart(Action):
    """ "ändra målgruppen": clear that part so the form asks it again next."""

    def name(self) -> str:
        return "action_change_part"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        entity = next(tracker.get_latest_entity_values("sketch_part"), None)
        slot = entity if entity in parts() else part_named_in(tracker.latest_message.get("text") or "")
        if slot is None:
            dispatcher.utter_message(
                text="Vilken del vill du ändra? Skriv till exempel ”ändra målgruppen”, ”ändra budgeten” "
                "eller ”ändra metoden”."
            )
            return []
        name = label(slot)
        if tracker.get_slot(slot) is None and slot not in _skipped(tracker):
            dispatcher.utter_message(
                text=f"Du har inte svarat på ”{name}” än – vi kommer dit i tur och ordning."
            )
            return []
        dispatcher.utter_message(text=f"Okej, vi ändrar ”{name}”.")
        events = [
            SlotSet(slot, None),
            SlotSet("skipped_parts", [s for s in _skipped(tracker) if s != slot]),
            SlotSet("announced_checks", []),
            SlotSet("requested_slot", None),
        ]
        cleared = [slot, *(ACTOR_SLOTS[1:] if slot == "external_actor_name" else [])]
        events += [SlotSet(s, None) for s in cleared[1:]]
        remaining = {k: v for k, v in tracker.current_slot_values().items() if k not in cleared}
        save_draft(tracker.sender_id, build_sketch(sketch_dict(remaining, _skipped(tracker))))
        return events


class ActionShowSummary(Action):
    def name(self) -> str:
        return "action_show_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        slots = tracker.current_slot_values()
        if not any(slots.get(s) is not None for s in parts() if s != "role"):
            dispatcher.utter_message(
                text="Du har inte börjat på någon idéskiss än. "
                "Skriv ”jag vill skriva en idéskiss” för att börja."
            )
            return []
        dispatcher.utter_message(text=summary_text(slots, _skipped(tracker), tracker.sender_id))
        return []


class ActionRestoreDraft(Action):
    """Resume ("fortsätt med min idéskiss") from the slots, or from the saved draft if the slots are gone."""

    def name(self) -> str:
        return "action_restore_draft"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        slots = tracker.current_slot_values()
        if any(slots.get(s) is not None for s in parts() if s != "role"):
            dispatcher.utter_message(
                text="Välkommen tillbaka! Vi fortsätter med din idéskiss där du slutade."
            )
            return []
        draft = load_draft(tracker.sender_id)
        restored = slots_from_draft(draft) if draft else {}
        if not restored:
            dispatcher.utter_message(text="Jag hittar inget sparat utkast, så vi börjar från början.")
            return []
        dispatcher.utter_message(
            text="Välkommen tillbaka! Jag har hämtat ditt sparade utkast och vi fortsätter."
        )
        return [SlotSet(slot, value) for slot, value in restored.items()]


class ActionSketchDone(Action):
    """The end of the form: summary, all checks, export links; an external actor gets the explanation."""

    def name(self) -> str:
        return "action_sketch_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.get_slot("role") == "extern":
            for message in external_explanation():
                dispatcher.utter_message(text=message)
            return []
        slots = tracker.current_slot_values()
        skipped = _skipped(tracker)
        data = sketch_dict(slots, skipped)
        save_draft(tracker.sender_id, build_sketch(data))
        dispatcher.utter_message(text="Klart! Här är din idéskiss.")
        dispatcher.utter_message(text=summary_text(slots, skipped, tracker.sender_id, links=False))
        try:
            results = run_checks_on(data)
        except Exception:  # noqa: BLE001
            logger.exception("run_checks failed at the end of the form")
            results = []
        if results:
            dispatcher.utter_message(text="Kontroll mot fondens regler (vägledning, inte ett beslut):")
            for message in results_messages(results):
                dispatcher.utter_message(text=message)
            if question := missing_question(results):
                dispatcher.utter_message(text=question.replace(" Berätta gärna, så prövar jag igen.", ""))
        dispatcher.utter_message(
            text=f"{export_links(tracker.sender_id)}\nNästa steg: förankra idén och skicka idéskissen till "
            f"fonden. {coordinator_text()}"
        )
        return []


class ActionSetRoleKommun(Action):
    def name(self) -> str:
        return "action_set_role_kommun"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_role_kommun")
        return [SlotSet("role", "kommun")]
