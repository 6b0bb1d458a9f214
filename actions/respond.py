"""One reply to a message outside the idéskiss form, built from everything the message is.

Order: unusable input, an instruction that tries to change the assistant, an outside organisation (who may
apply comes first), a wish to write an idéskiss, an idea to check (only the checks the message touched, never
"Uppfyllt" on a guess), a question (the answer in the first sentence, then the source), small talk.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic_core import to_jsonable_python
from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.answers import answer_messages
from actions.eligibility import confirmation_messages, idea_messages
from actions.fallback import CLARIFY
from actions.fund import coordinator_text
from actions.roles import explain_external
from actions.text_input import usable_text
from actions.understanding import understand

logger = logging.getLogger(__name__)

REFUSAL = (
    "Det kan jag inte göra. Jag följer fondens riktlinjer och kan inte godkänna projekt eller ändra hur jag "
    "arbetar – det är kommunen som prövar och beslutar om ansökningar. Jag hjälper dig gärna med en fråga om "
    "fonden, en prövning av en idé mot reglerna eller en idéskiss."
)
SMALL_TALK_INTENTS = {"greet"}


class ActionRespond(Action):
    def name(self) -> str:
        return "action_respond"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = usable_text(tracker, dispatcher)
        if text is None:
            return []
        seen = understand(text, intent)
        if seen.injection:
            dispatcher.utter_message(text=REFUSAL)
            return []
        role = tracker.get_slot("role")
        events: list[dict[str, Any]] = []

        if seen.role == "extern" or (intent == "i_am_external" and seen.role != "kommun"):
            return explain_external(dispatcher, tracker, text)
        if seen.role == "kommun" and role != "kommun":
            events.append(SlotSet("role", "kommun"))
            role = "kommun"

        if seen.wants_sketch or intent == "start_sketch":
            if role == "extern":
                return explain_external(dispatcher, tracker, text)
            dispatcher.utter_message(response="utter_sketch_intro")
            return [*events, FollowupAction("sketch_form")]

        if seen.only_role or (intent == "i_am_municipal" and not (seen.question or seen.idea)):
            dispatcher.utter_message(response="utter_role_kommun")
            return [*events, SlotSet("role", "kommun")]

        previous_facts = tracker.get_slot("eligibility_facts") or {}
        if intent in ("affirm", "deny") and previous_facts.get("pending"):
            messages, remembered = confirmation_messages(intent == "affirm", previous_facts)
            for message in messages:
                dispatcher.utter_message(text=message)
            return [*events, SlotSet("eligibility_facts", to_jsonable_python(remembered))]
        if intent == "affirm" and not (seen.question or seen.idea):
            dispatcher.utter_message(response="utter_what_next")
            return events
        if intent == "deny" and not (seen.question or seen.idea):
            dispatcher.utter_message(response="utter_anything_else")
            return events

        facts = services.extract_facts(text)
        has_figures = any(k in facts for k in ("budget_sek", "external_actors", "value_sek"))
        previous = tracker.get_slot("eligibility_facts") or {}
        # "Måste vi upphandla?" after an idea was described is a question about that idea.
        follow_up = bool(previous) and bool(seen.topics) and seen.question
        if intent == "check_eligibility" or seen.idea or follow_up or (has_figures and not seen.question):
            messages, remembered = idea_messages(text, previous, seen.topics, tracker)
            for message in messages:
                dispatcher.utter_message(text=message)
            return [*events, SlotSet("eligibility_facts", to_jsonable_python(remembered))]

        if intent in SMALL_TALK_INTENTS and not seen.question and len(text.split()) <= 6:
            dispatcher.utter_message(response="utter_greet")
            return events
        if intent == "nlu_fallback" and not seen.question:
            dispatcher.utter_message(text=CLARIFY)
            return events
        if intent == "inform" and not seen.question:
            dispatcher.utter_message(response="utter_inform_outside_form")
            return events

        if intent == "insult" and not (seen.question and len(text.split()) > 6):
            dispatcher.utter_message(response="utter_insult")
            return events
        if intent == "insult":
            dispatcher.utter_message(
                text="Jag förstår om det är frustrerande. Jag försöker svara på din fråga."
            )
        try:
            if intent == "out_of_scope":
                response = services.search(text)
                if not response.answerable:
                    dispatcher.utter_message(response="utter_out_of_scope")
                    return events
                messages = answer_messages(text, response)
            else:
                messages = answer_messages(text)
        except Exception:  # noqa: BLE001 - a broken index must give an honest answer, not a crash
            logger.exception("Answering failed")
            messages = ["Jag kan inte söka i fondens dokument just nu. " + coordinator_text()]
        for message in messages:
            dispatcher.utter_message(text=message)
        return events
