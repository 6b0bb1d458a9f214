"""Low NLU confidence, bad input and asking for a human."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fund import coordinator_text
from actions.text_input import bad_input_reply

CLARIFY = (
    "Jag är inte säker på att jag förstod. Vill du ställa en fråga om fondens regler, pröva om en idé kan få "
    "pengar eller skriva en idéskiss? Formulera dig gärna på ett annat sätt, till exempel "
    "”Vem kan söka pengar ur fonden?”."
)


class ActionFallback(Action):
    """Explains unusable input (empty, too long, code, other language, nonsense) or asks to clarify."""

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        dispatcher.utter_message(text=bad_input_reply(text) or CLARIFY)
        return []


class ActionContactCoordinator(Action):
    def name(self) -> str:
        return "action_contact_coordinator"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        from actions.understanding import asks_for_contact, asks_for_person, role_in

        text = tracker.latest_message.get("text") or ""
        outside_form = not tracker.active_loop_name
        # "Vi är en förening. Vilket telefonnummer har samordnaren?": an outside actor heard the first time
        # hears who may apply before the answer (action_respond; probe_s8_follow8 u807).
        introduces_outside = role_in(text) == "extern" and tracker.get_slot("role") != "extern"
        if outside_form and (introduces_outside or not (asks_for_contact(text) or asks_for_person(text))):
            # "Jag är samordnare. Hur svarar jag om …?": a role word misled the NLU; the question is answered.
            from actions.respond import ActionRespond

            return await ActionRespond().run(dispatcher, tracker, domain)
        from actions import services

        if outside_form and (reason := services.missing_fact(text, "")):
            # "vilket telefonnummer har samordnaren idag?": a fact no document gives (a phone number, an
            # e-mail address); "Det vet jag inte" and the role to contact, as for any unanswerable question.
            dispatcher.utter_message(
                text=f"Det vet jag inte – {services.unknown_reason(reason)}, och jag vill inte gissa. "
                + coordinator_text()
            )
            return []
        if asks_for_person(text):
            dispatcher.utter_message(
                text="Det vet jag inte: fondens dokument nämner roller, inte namn eller kontaktuppgifter "
                "till enskilda personer. " + coordinator_text()
            )
            return []
        from actions.roles import external_contact_messages

        if outside_form and (turn_to := external_contact_messages(tracker, text)):
            # "ok, vem ska vi kontakta då?" from an outside actor who has heard who may apply: the nämnd or
            # förvaltning first, then the fund's contact (externals7).
            for message in turn_to:
                dispatcher.utter_message(text=message)
            return []
        from actions.text_input import earlier_texts, is_question
        from actions.understanding import refers_back

        asked = [t for t in earlier_texts(tracker) if is_question(t)]
        if outside_form and asked and refers_back(text):
            # "vem ska jag kontakta om det?": the contact for the question before, named so it can be
            # passed on.
            dispatcher.utter_message(
                text=f"Om din fråga ”{asked[-1].strip()}” kan du prata med en människa. {coordinator_text()}"
            )
            return []
        dispatcher.utter_message(text="Du kan prata med en människa om fonden. " + coordinator_text())
        return []
