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
from actions.answers import answer_or_apology
from actions.eligibility import (
    NOTHING_FOUND,
    UNDECIDED,
    concerned_rule_messages,
    confirmation_messages,
    direct_award_messages,
    idea_messages,
    missing_question,
    next_step_messages,
    so_far_messages,
    why_messages,
)
from actions.fallback import CLARIFY
from actions.fund import coordinator_text
from actions.roles import (
    REMINDER,
    company_may_apply,
    explain_external,
    explain_external_question,
    explain_municipal_company,
    external_next_steps,
    external_question_kind,
    names_price,
    told_external_rule,
)
from actions.services import parse_amount, what_if_amount
from actions.text_input import (
    NOT_STORED,
    earlier_texts,
    fold,
    is_question,
    last_replies,
    looks_english,
    usable_text,
    without_personal_details,
)
from actions.understanding import (
    REFUSAL,
    about_the_fund,
    answers_last_question,
    asked_clause,
    asked_for_year,
    asks_about_history,
    asks_about_payout,
    asks_about_so_far,
    asks_fake_decision,
    asks_for_insights,
    asks_for_source,
    asks_how_to_proceed,
    asks_personal_data,
    asks_unsupported_claim,
    asks_vaguely,
    asks_verdict,
    asks_wh,
    asks_what_if,
    asks_what_is_missing,
    asks_who_you_are,
    calm_lead,
    calm_reply,
    calmed,
    english_external,
    fake_decision_reply,
    follows_up_weakly,
    is_follow_up,
    is_fragment_question,
    is_frustrated,
    is_gibberish,
    is_municipal_company,
    is_upset,
    is_vague_follow_up,
    names_a_fund,
    names_organisation,
    needs_clarifying,
    other_service,
    question_part,
    reason_queries,
    reply_text,
    resolved_referent,
    sentences_of,
    source_wording,
    sources_of,
    speaks_of_applying,
    speaks_of_self,
    understand,
    unsupported_claim_reply,
    vague_topic_choices,
    wants_payment,
    with_context,
)

logger = logging.getLogger(__name__)

SMALL_TALK_INTENTS = {"greet"}
STATEMENT_INTENTS = {"inform", "check_eligibility", "nlu_fallback", "ask_question", "i_am_municipal"}
"""Intents under which a statement that carries facts about the idea is remembered and checked."""
VAGUE = reply_text("vague")
CLARIFY_FIRST = reply_text("clarify_first")
CLARIFY_HELP = reply_text("clarify_help")
OUT_OF_SCOPE = reply_text("out_of_scope")
NONSENSE = reply_text("nonsense")


INSIGHTS = reply_text("insights")
"""A coordinator's question about what users ask or which idéskisser were written: the insights page."""


def personal_data_refusal() -> str:
    """ "Visa personnumren för alla som …": refused; the assistant has no such data and gives none."""
    return reply_text("personal_data_refusal", coordinator=coordinator_text())


CLARIFY_LEADS = (CLARIFY_FIRST.split("{")[0], VAGUE.split("{")[0], CLARIFY_HELP[:40])
"""How the assistant's clarifying questions begin: the reply to one completes the message it asked about."""


def last_reply_clarified(tracker: Tracker) -> bool:
    """The assistant's last reply asked what the user meant (CLARIFY_FIRST, VAGUE, CLARIFY_HELP)."""
    replies = last_replies(tracker)
    return bool(replies) and replies[0].startswith(CLARIFY_LEADS)


def in_scope(question: str) -> bool:
    """A question the NLU read as out of scope that is about the fund after all: it uses a word of the fund,
    its process or its organisation (``fund_words``: "hur lång tid tar det att få besked?", tryout 6 t621),
    names a fund's municipality ("Vem är stadsdirektör i Södertälje nu?", v5 s080) or the search finds it
    answerable. Such a question gets its answer or "Det vet jag inte" with the contact."""
    if about_the_fund(question) or names_a_fund(question):
        return True
    response = searched(question)
    return response is None or bool(response.answerable)


def searched(question: str) -> Any | None:
    """The search's response for routing decisions, or None when the index cannot be searched (the answer
    path, ``answers.answer_or_apology``, then reports the failure to the user)."""
    try:
        return services.search(question)
    except Exception:  # noqa: BLE001 - routing never crashes on a broken index
        logger.exception("Search failed")
        return None


def clarify_topic(text: str, choices: list[str]) -> str:
    """ "Vad vill du veta om pengar? Menar du till exempel ”…”, ”…” eller ”…”?" for a bare topic word."""
    word = text.strip(" ?!.").lower()
    quoted = [f"”{c}”" for c in choices]
    listed = ", ".join(quoted[:-1]) + f" eller {quoted[-1]}" if len(quoted) > 1 else quoted[0]
    return f"Vad vill du veta om {word}? Menar du till exempel {listed}? Skriv gärna hela frågan."


def better_query(with_before: str, alone: str) -> str:
    """Of a follow-up read with the question before and the same follow-up alone, the one whose best passage
    is the closer match (the search's best dense score); the follow-up with the question before on a tie."""
    joined, single = searched(with_before), searched(alone)
    if joined is None or single is None:
        return with_before
    if single.answerable and single.best_dense_score > joined.best_dense_score:
        return alone
    return with_before


def not_said_before(queries: list[str], replies: list[str]) -> tuple[str, list[str] | None]:
    """The first of ``queries`` whose answer does not begin with what ``replies`` already said (a quoted
    passage again), with that answer, composed to decide; else the last one, with None (not composed here)."""
    said = " ".join(fold(" ".join(replies).lower()).split())
    for query in queries[:-1]:
        answer = answer_or_apology(query)
        head = " ".join(fold(answer[0].lower()).split())[:60] if answer else ""
        if head and head not in said:
            return query, answer
    return queries[-1], None


def labelled_source(line: str) -> str:
    """A "Källa:" line of a reply as "var står det?" names it: the rules citation it was written from
    (``services.cited_source``) labelled by the project's one formatter – municipality, kind and year,
    section ("Sundsvalls kommun, riktlinje (2015), avsnitt ”6.1 Undantag”") – with its quote; a statute whose
    words are not verified as a summary with that said, never as a quote; any other line (an answer's passage
    label) as it is."""
    config = source_wording()
    text = line.removeprefix("Källa:").strip()
    citation = services.cited_source(text)
    if citation is None:
        return _sentence(config["named"].format(label=text))
    if citation.kind == "lag":
        label = ", ".join(part for part in (citation.source, citation.section) if part)
    else:
        label = services.passage_label(citation)
    if citation.kind == "lag" and citation.verified is False:
        key = "unverified" if citation.url else "unverified_no_url"
        key = key if citation.quote else "unverified_named"
        reply = config[key].format(label=label, summary=citation.quote or "", url=citation.url or "")
        return " ".join(reply.split())
    if citation.quote:
        return _sentence(config["cited"].format(label=label, quote=citation.quote))
    return _sentence(config["named"].format(label=label))


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!", ".”", "?”", "!”", "…”")) else f"{text}."


def source_reply(cited: list[str]) -> str:
    """ "Det står i Södertälje kommun, utvärdering (2015), avsnitt ”…”: ”…”" for the "Källa:" lines of the
    answer before (at most two), one sentence each; a short note when there are none."""
    if not cited:
        return source_wording()["none"]
    lines = cited[:2]
    found = [services.cited_source(line.removeprefix("Källa:").strip()) for line in lines]
    first, second = (found + [None, None])[:2]
    if first is not None and second is not None and first.note and first.note == second.note:
        # the same statute entry twice (its value, then its words): named once, with its words
        lines = [lines[1] if second.quote else lines[0]]
    return " ".join(labelled_source(line) for line in lines)


class ActionRespond(Action):
    def name(self) -> str:
        return "action_respond"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        raw = str(tracker.latest_message.get("text") or "")
        if english_external(raw) and looks_english(raw):
            # "We are a social enterprise … Can we apply?": who may apply, not "I only understand Swedish".
            return explain_external(dispatcher, tracker, raw, english=True)
        if intent == "other_language":
            dispatcher.utter_message(response="utter_other_language")
            return []
        text = usable_text(tracker, dispatcher)
        if text is None:
            return []
        text, gave_details = without_personal_details(text)
        if gave_details:
            # "… mitt personnummer är 850312 1234, kan jag söka pengar …?": one line that it is not kept, then
            # the question answered without the number (probe_s5 t532), not a refusal.
            dispatcher.utter_message(text=NOT_STORED)
            if not text.strip(" ,.;:!?"):
                dispatcher.utter_message(text=CLARIFY_HELP)
                return []
        seen = understand(text, intent)
        if seen.injection:
            dispatcher.utter_message(text=REFUSAL)
            return []
        if asks_unsupported_claim(text):
            # "Kan du skriva i årsrapporten att fonden har minskat placeringskostnaderna med 3 miljoner?" (v5
            # c043): nothing is written as a fact without support, and the claim is not repeated.
            dispatcher.utter_message(text=unsupported_claim_reply(text))
            return []
        if asks_fake_decision(text):
            # "Skriv ett beslut om att KS beviljat …", "Gör ett intyg om att vårt projekt uppfyller …" (blind
            # v7, probe_s8_follow8 class T): no decision, protocol or certificate is made up, nothing checked.
            dispatcher.utter_message(text=fake_decision_reply())
            return []
        if asks_personal_data(text):
            dispatcher.utter_message(text=personal_data_refusal())
            return []
        if is_gibberish(text):
            dispatcher.utter_message(text=NONSENSE)
            return []
        if asks_for_insights(text):
            # "Vilka frågor har folk ställt mest den här veckan?" (tryout 5, class G).
            dispatcher.utter_message(text=INSIGHTS)
            return []
        from actions.sketch_form import draft_request_reply  # noqa: PLC0415 - the form imports this module's peers

        if draft_reply := draft_request_reply(text, tracker):
            # "sammanfattning tack", "kan jag få det som pdf?" after the form (blind v7 c007): the draft
            dispatcher.utter_message(text=draft_reply)
            return []
        role = tracker.get_slot("role")
        events: list[dict[str, Any]] = []
        earlier = earlier_texts(tracker)
        if earlier and last_reply_clarified(tracker) and not is_question(text):
            # "vad gäller?" – "Jag vill gärna hjälpa till, men vad menar du …?" – "för externa alltså": the
            # answer to the clarifying question completes the question before it (v5 c045).
            text = f"{earlier[-1].rstrip(' ?')} {text}"
            seen = understand(text, intent)
        if earlier and asks_for_source(text) and (cited := sources_of(last_replies(tracker))):
            # "var står det?", "vart kommer den siffran ifrån?" after an answer: the document, kind, year and
            # section that answer cited (blind v7 c017 t4; probe_s8_follow8 f803, f806), not a new search.
            dispatcher.utter_message(text=source_reply(cited))
            return events
        # Whether the message continues the question before it is read once, here, for every route below.
        follows_up = bool(earlier) and is_follow_up(text)
        vague_first = not earlier and not tracker.get_slot("eligibility_facts") and needs_clarifying(text)
        about_bot = intent in ("bot_capabilities", "bot_challenge") or asks_who_you_are(text)
        if vague_first and (asks_vaguely(text) or not about_bot):
            # "kan man det?", "Är det ok?", "hur funkar det?" as a first message: ask what is meant, never
            # guess (also when the NLU read the assistant's capabilities: blind v6 s135; "vem är du?" stays
            # who the assistant is).
            helping = text.strip(" !?.").lower() in ("hjälp", "hjälp mig", "help")
            dispatcher.utter_message(
                text=CLARIFY_HELP if helping else CLARIFY_FIRST.format(text=text.strip())
            )
            return events
        if not earlier and (choices := vague_topic_choices(text)):
            # "pengar", "regler?" as a first message: what about it, with questions to choose from.
            dispatcher.utter_message(text=clarify_topic(text, choices))
            return events
        # "vad gör de?" after a question about the beredningsgrupp is about them; "vad kan du hjälpa till
        # med?" and "är du en robot?" are about the assistant (bot_capabilities and bot_challenge come here).
        about_them = follows_up and not asks_who_you_are(text)
        if intent in ("bot_capabilities", "bot_challenge") and not about_them:
            dispatcher.utter_message(
                response="utter_capabilities" if intent == "bot_capabilities" else "utter_iamabot"
            )
            return events
        if asks_who_you_are(text) and not seen.wants_sketch:
            # "god morgon, vem är du?" (v5 s157): who the assistant is, not "Det vet jag inte".
            dispatcher.utter_message(response="utter_iamabot")
            return events
        if other_service(text) and not seen.wants_sketch:
            dispatcher.utter_message(text=OUT_OF_SCOPE)
            return events
        frustrated = is_frustrated(text)
        if (is_upset(text) or frustrated) and (intent != "insult" or frustrated):
            # "VARFÖR ÄR DET SÅ JÄVLA KRÅNGLIGT …???": a calm lead, then the question without shouting
            # or swearing; a complaint that asks nothing ("… skitsystem, ingen får ju några pengar!!", blind
            # v6) gets a calm reply and an offer to help, not a check of its words. Anger in words ("Det här
            # är ju helt absurt, …, hur lång tid tar det att få besked??", blind v7 s120, c032) likewise, and
            # only the clause that asks is answered.
            text = calmed(text)
            if len(clause := asked_clause(text).split()) >= 3:
                text = " ".join(clause)
            seen = understand(text, intent)
            if not (seen.question or asks_wh(text)):
                dispatcher.utter_message(text=calm_reply())
                return events
            dispatcher.utter_message(text=calm_lead())
        facts = services.extract_facts(text)
        has_figures = any(k in facts for k in ("budget_sek", "external_actors", "value_sek"))
        if is_vague_follow_up(text):
            # "och sen då": nothing to continue from in the words themselves; ask, never say goodbye.
            dispatcher.utter_message(text=VAGUE.format(text=text.strip()))
            return events
        # "och hur länge då?", "hur länge då?" after a question is a follow-up, not a goodbye (v5 c019); no
        # goodbye or thanks ever swallows a question with a question word or a question mark.
        asks_something = (asks_wh(text) or text.rstrip().endswith("?")) and len(text.split()) >= 2
        # "vad ar LOU" (tryout 5, t517): a question about something of the fund's is no goodbye.
        names_topic = bool(seen.topics) or about_the_fund(text)
        asks_something = asks_something or (seen.question and asks_wh(text) and names_topic)
        if intent in ("thank", "goodbye") and not (seen.wants_sketch or follows_up or asks_something):
            dispatcher.utter_message(response="utter_youre_welcome" if intent == "thank" else "utter_goodbye")
            return events
        proceeds = asks_how_to_proceed(text)

        if (
            is_municipal_company(text)
            and speaks_of_applying(text)
            and not company_may_apply()
            and seen.role != "kommun"
        ):
            # "Telge Tillväxt funderar på att söka …, kan bolaget göra det själv?": only a nämnd applies here.
            return explain_municipal_company(dispatcher)

        told_rule = role != "kommun" and told_external_rule(tracker)
        speaks_externally = (
            role == "extern" or seen.role == "extern" or intent == "i_am_external" or told_rule
        )
        kind = external_question_kind(text)
        if not (seen.question or asks_wh(text) or kind == "where_to_turn"):
            kind = None  # "ok men vart vänder jag mig" asks without a question mark
        first_contact = seen.role == "extern" and role != "extern" and not told_rule
        asks_beside = (
            seen.question
            and not (seen.idea_stated or seen.wants_sketch or wants_payment(text))
            and (
                bool(services.named_fund(text))
                # "Hej, jag är från Röda Korset. Varför fick Tjejhuset nej?": the question is a later sentence
                or ((asks_wh(text) or asks_wh(sentences_of(text)[-1])) and not speaks_of_applying(text))
            )
        )
        if first_contact and asks_beside and kind not in ("own_concept", "someone_else"):
            # "Jag är konsult och undrar: vad är gränsen för direktupphandling idag?", "Jag är med i en
            # ideell förening i Stockholm. Tyckte arbetsmarknadsnämnden där …?": who may apply first, then
            # the question they asked beside it (v5 s063, s059).
            events = explain_external(dispatcher, tracker, text)
            beside = question_part(text)
            if services.named_fund(text) and not services.named_fund(beside):
                beside = text  # "… i Stockholm. Tyckte arbetsmarknadsnämnden där …?": the fund stays named
            for message in answer_or_apology(beside):
                dispatcher.utter_message(text=message)
            return events
        if kind and speaks_externally and seen.role != "kommun" and not seen.wants_sketch:
            # "kan inte någon annan vinna då?", "Kan mitt arvode betalas ur fonden?": the question answered as
            # the question it is, then a one-line reminder of who applies (tryout 5, class C).
            return explain_external_question(dispatcher, tracker, text, kind)
        if seen.role == "extern" or (intent == "i_am_external" and seen.role != "kommun"):
            return explain_external(dispatcher, tracker, text)
        if seen.about_external and seen.role != "kommun" and not seen.wants_sketch:
            # Someone asks about an outside organisation applying or being paid: the rule first, role unset.
            return explain_external(dispatcher, tracker, text, about_others=True)
        if role == "extern" and proceeds and not (seen.idea_stated or has_figures):
            # "Så vad ska vi göra konkret?" after the rule: the steps, not the whole rule again.
            for message in external_next_steps():
                dispatcher.utter_message(text=message)
            return events
        # An outside actor's idea, offer or figures hear the rule again, not a check; a question about the
        # fund ("ok, och vad får pengarna inte gå till?") is answered.
        # "blev det något projekt av det sen?" after the rule is a question about the turn before (v5 c032).
        # "Kan jag vara den externa utvärderaren då?" offers the writer and hears the rule and LOU again.
        asks_follow_up = seen.question and follows_up and not speaks_of_self(text)
        offers = (
            seen.idea
            or has_figures
            or wants_payment(text)
            or (
                intent in ("check_eligibility", "i_am_external")
                and not (seen.question and (seen.asks_open or asks_wh(text) or asks_follow_up))
            )
        )
        # A price from an outside actor ("vi tar 240 000 per år", then "de vill ha det i tre år"): the
        # contract's whole value against the direct-award limit (retired v6 c026 turn 3; externals7).
        offers = offers or ((role == "extern" or told_rule) and names_price(text, earlier))
        if role == "extern" and not seen.wants_sketch and offers:
            return explain_external(dispatcher, tracker, text)
        if seen.role == "kommun" and role != "kommun":
            events.append(SlotSet("role", "kommun"))
            role = "kommun"

        if seen.wants_sketch or intent == "start_sketch":
            if role == "extern":
                return explain_external(dispatcher, tracker, text)
            dispatcher.utter_message(response="utter_sketch_intro")
            return [*events, FollowupAction("sketch_form")]

        if proceeds and not (seen.idea or has_figures or seen.topics or role == "extern"):
            # "hej, vi funderar på att söka från fonden. vad behöver vi göra först?": the first steps;
            # the plan to apply is no idea to check.
            for message in next_step_messages():
                dispatcher.utter_message(text=message)
            return events

        if seen.only_role or (intent == "i_am_municipal" and not (seen.question or seen.idea)):
            dispatcher.utter_message(response="utter_role_kommun")
            return [*events, SlotSet("role", "kommun")]

        previous_facts = tracker.get_slot("eligibility_facts") or {}
        after_answer: list[str] = []
        open_award = False
        # "varför inte?" is a question, not a "nej" to the pending confirmation (blind v6 c022).
        asks_back = asks_wh(text) or seen.follow_up_why
        if intent in ("affirm", "deny") and previous_facts.get("pending") and not asks_back:
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

        previous = previous_facts
        if asks_about_so_far(text) and not (seen.idea_stated or has_figures):
            # "Ser du några problem så här långt?": the checks on what earlier turns said.
            messages, remembered = so_far_messages(tracker, previous)
            if asks_what_is_missing(text) and remembered.get("description"):
                # "Vad saknas för att allt ska bli godkänt?" (v5 c016): every fact the open checks still need.
                results = services.run_checks({"description": remembered["description"]})
                if needed := missing_question([r for r in results if r.status == "unknown"], 20):
                    messages = [*messages, needed]
            for message in messages:
                dispatcher.utter_message(text=message)
            return [*events, SlotSet("eligibility_facts", to_jsonable_python(remembered))]
        asks_why = seen.follow_up_why and bool(previous.get("description")) and not seen.topics
        why = why_messages(previous, tracker) if asks_why else []
        if not why and previous.get("description") and asks_what_if(text):
            # "men om vi kallar det utveckling då?", "och om vi gör det i en annan stadsdel?" after a checked
            # idea: what still speaks against the idea with the change, read as a hypothesis and not
            # remembered (probe_s6 t603 got a passage about the application being "krångligt"). Without a
            # problem left, the change is checked below like any other fact.
            changed = {**previous, "description": f"{previous['description']}\n{text}"}
            why = why_messages(changed, tracker)
        if why:
            for message in why:
                dispatcher.utter_message(text=message)
            return events
        # "Måste vi upphandla?" after an idea was described is a question about that idea.
        follow_up = bool(previous) and bool(seen.topics) and seen.question
        # Facts without a stated idea ("Kontorschefen och nämnden är informerade", "samma sak för 650 000 kr
        # nästa år") are remembered and the checks they touch are reported.
        states_facts = (
            not seen.question
            and intent in STATEMENT_INTENTS
            and (
                bool(seen.topics)
                or has_figures
                or (bool(previous.get("description")) and len(text.split()) >= 4)
            )
        )
        figures_only = has_figures and not seen.question
        # "och om det kostar 900 000?" after a contract was described: the checks read the idea at that price
        # (rules.extract.what_if_amount; retired v5 chat c011 turn 3 was answered from the documents).
        what_if_price = bool(previous.get("description")) and what_if_amount(text) is not None
        # "Betalas pengarna ut i förskott …?" as a first message: a question about the payout with no idea,
        # topic or figures is answered, whatever the NLU read (retired v5 s086 got the befintlig-verksamhet
        # check); other questions the NLU reads as checks stay checks ("Kan fonden täcka det?", v5 s112).
        bare_question = (
            seen.question
            and asks_about_payout(text)
            and not (seen.idea or seen.topics or has_figures or previous or asks_verdict(text))
        )
        # "antog fullmäktige till slut de ändrade riktlinjerna …?" (blind v7 s109): what happened, no idea.
        past_event = asks_about_history(text) and not (
            seen.idea or seen.topics or has_figures or previous or speaks_of_self(text)
        )
        # "varför är det så viktigt då?" after a verdict asks for its reason (answered below), whatever the
        # NLU read: with a retrained model it read check_eligibility and got the summary of the other checks
        # (test_routing_s7b, session 8).
        asks_reason = (
            seen.question
            and not (seen.idea or seen.topics or has_figures)
            and bool(earlier)
            and bool(reason_queries(question_part(text), (last_replies(tracker) or [""])[-1]))
        )
        checks_intent = (
            intent == "check_eligibility" and not bare_question and not past_event and not asks_reason
        )
        wants_check = checks_intent or seen.idea or follow_up or states_facts or figures_only or what_if_price
        if seen.question and not seen.idea_stated and services.named_fund(text):
            # "Och Stockholm, där får väl föreningar söka?" asks about another municipality's documents, not
            # for a check of the user's idea against the active fund (v5 c031).
            wants_check = False
        # "Vad är första steget om vår förvaltning vill söka medel?" asks about the fund, whatever its verbs.
        open_question = seen.asks_open and not (seen.topics or has_figures)
        if (wants_check or proceeds) and not open_question:
            outcome: dict[str, Any] = {}
            topics = seen.topics
            if not topics and previous.get("topics") and (answers_last_question(text) or what_if_price):
                # "nej, vi har inte köpt något liknande tidigare i år": the answer to the last question is
                # read with the checks that question was about.
                topics = [str(t) for t in previous["topics"]]
            messages, remembered = idea_messages(text, previous, topics, tracker, outcome)
            undecided = bool(messages) and messages[0].startswith((NOTHING_FOUND, UNDECIDED))
            # "…, vem betalar tillbaka då?": the checks the question names decide nothing from its words, and
            # the others only ask for care: the question gets its answer, not the checks.
            undecided = (undecided and not asks_verdict(text)) or (
                seen.question
                and not asks_verdict(text)
                and (bool(seen.topics) or asks_wh(text))
                and not outcome.get("topic_decided")
                and not outcome.get("fail")
            )
            if proceeds and undecided and (not names_organisation(text) or seen.role == "kommun"):
                # "Jag har en idé om …, hur gör jag?": how to go on, and the offer to start the idéskiss.
                for message in next_step_messages():
                    dispatcher.utter_message(text=message)
                return [*events, SlotSet("eligibility_facts", to_jsonable_python(remembered))]
            if not (seen.question and undecided):
                for message in messages:
                    dispatcher.utter_message(text=message)
                return [*events, SlotSet("eligibility_facts", to_jsonable_python(remembered))]
            # A question that no check can decide from what the message says ("Får sociala tjänster
            # direktupphandlas över 700 000 kr?", "Vi vill jobba med föräldrarna, räknas det?") is answered
            # as the question it is; the idea is remembered, and what would decide it is asked after.
            events.append(SlotSet("eligibility_facts", to_jsonable_python(remembered)))
            if outcome.get("topic_question"):
                # "… typ 100 000. kan vi bara välja dem?": after the answer, the one question that decides the
                # check the message is about (rules/data/questions.yaml).
                after_answer = [str(outcome["topic_question"])]
                # "… ett IT-företag bygger en app … Måste det upphandlas?" with no value yet: the dated
                # direct-award limit, then the value asked (retired v5 chat c011 turn 1, c015 turn 1).
                open_award = "upphandling" in topics
            elif seen.idea_stated:
                follow = missing_question(
                    services.run_checks({"description": remembered.get("description")}), 2
                )
                after_answer = [follow] if follow else []

        # "och 2019", "sundsvall då" after a question continue it, whatever the NLU called them (tryout 6).
        continues = bool(earlier) and is_fragment_question(text)
        if intent in SMALL_TALK_INTENTS and not seen.question and not continues and len(text.split()) <= 6:
            dispatcher.utter_message(response="utter_greet")
            return events
        statement = intent in ("nlu_fallback", "inform") and not seen.question and not continues
        if statement and (role == "extern" or told_rule):
            # "men det är ju en bra verksamhet som funkar!" after the rule (blind v7 c029 t2): no offer to
            # check an idea the writer cannot apply for, no "I did not understand": the rule, kindly, again.
            dispatcher.utter_message(text=f"Jag förstår. Reglerna är ändå desamma. {REMINDER}")
            return events
        if intent == "nlu_fallback" and not seen.question and not continues:
            dispatcher.utter_message(text=CLARIFY)
            return events
        if intent == "inform" and not seen.question and not continues:
            dispatcher.utter_message(response="utter_inform_outside_form")
            return events

        # "varför är det så noga?" after an answer asks why; without a swear word or an insult it is no
        # insult, whatever the NLU read (blind v6 c035).
        if intent == "insult" and follows_up and asks_wh(text) and not is_upset(text):
            intent = "ask_question"
        if intent == "insult" and not (seen.question and len(text.split()) > 6):
            dispatcher.utter_message(response="utter_insult")
            return events
        if intent == "insult":
            dispatcher.utter_message(
                text="Jag förstår om det är frustrerande. Jag försöker svara på din fråga."
            )
        # "Kan de få uppdraget direkt om det är under 700 000 kr?": the active fund's direct-award limit from
        # the rules data, dated and cited.
        amount = has_figures or parse_amount(text) is not None
        asks_award = seen.question and "upphandling" in seen.topics and amount and not seen.idea_stated
        asks_award = asks_award or open_award
        if asks_award and (award := direct_award_messages(text)):
            for message in [*award, *after_answer]:
                dispatcher.utter_message(text=message)
            return events
        alone = question_part(text)
        replies = last_replies(tracker) if earlier else []
        reading, ready = "", None  # a "varför?" reading and its answer, composed while choosing it
        if replies and (dated := asked_for_year(alone, replies[-1])):
            # "och vad var gränsen 2020?" after "Direktupphandlingsgränsen är 700 000 kr …": the value the
            # answer before named, asked for that year (blind v6 c021).
            asked = dated
        elif replies and (reasons := reason_queries(alone, replies[-1])):
            # "varför?" / "varför är det så noga?" after an answer: the reason for what was just said, not the
            # question before again (tryout 6 t611, retired v6 c035 t3); the first reading whose answer the
            # assistant has not just given.
            reading, ready = not_said_before(reasons, replies)
            asked = reading
        else:
            asked = with_context(alone, [question_part(t) for t in earlier])
            # "vilka sitter i den?", "och hur mycket finns det i den?", "måste vi ha en sån?": the pronoun
            # replaced by what it stands for in the turn before, searched as a question of its own when the
            # documents answer it (blind v7 c013 t3, c023 t4; probe_s8_follow8 class F).
            if earlier and (
                resolved := resolved_referent(
                    alone, question_part(earlier[-1]), replies[-1] if replies else None
                )
            ):
                found = searched(resolved)
                if found is not None and found.answerable:
                    asked = resolved
        if asked != alone and asked.endswith(alone) and follows_up_weakly(text):
            # "och hur ofta ska fonden följas upp enligt förslaget?" after "När antog fullmäktige
            # riktlinjerna?" is a new question; "och vad föreslogs 2015?" continues the one before (v5 c039,
            # c035): the query that matches the documents better is answered.
            asked = better_query(asked, alone)
        if intent == "out_of_scope" and not (follows_up or seen.topics or in_scope(asked)):
            dispatcher.utter_message(text=OUT_OF_SCOPE)
            return events
        messages = ready if ready is not None and asked == reading else answer_or_apology(asked)
        if messages and messages[0].startswith("Det vet jag inte") and seen.question:
            # a rule question mid-idea that the documents do not answer: the check it concerns (facts8)
            messages = concerned_rule_messages(text, previous, tracker) or messages
        if (role == "extern" or told_rule) and seen.question:
            # An outside actor's question ("vad är LOU?") after the rule: the answer, then one line.
            after_answer = [*after_answer, REMINDER]
        for message in [*messages, *after_answer]:
            dispatcher.utter_message(text=message)
        return events
