"""The idéskiss form: telling answers from digressions, validating each part, checks as soon as facts are in,
skipping, changing, summarising, resuming and finishing the draft."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.eligibility import missing_question, results_messages, so_far_messages, verdict_text
from actions.fund import coordinator_text, fund_id
from actions.parsing import (
    Change,
    Words,
    anchoring_answers,
    asks_for_parts,
    explanation_after_yes_no,
    is_hedged,
    is_unclear_yes_no,
    known_name,
    merge_meant,
    names_after_yes_no,
    no_identity,
    parse_bool,
    plain_yes_no,
    read_change,
    read_labelled_answers,
    read_taken_back,
    reading,
    says,
    strip_lead_ins,
    term_help,
    title_only,
    user_unsure,
    yes_no_help,
)
from actions.parsing import substitute as substitute_words
from actions.roles import external_explanation
from actions.services import check_titles, parse_amount, parse_date, run_checks, swedish_list
from actions.sketch_state import (
    ACTOR_SLOTS,
    NO_ACTOR,
    UNCLEAR,
    build_sketch,
    display_value,
    export_links,
    export_text,
    label,
    load_draft,
    part_named_in,
    part_phrases,
    parts,
    progress_text,
    save_draft,
    sketch_dict,
    sketch_parts_data,
    slots_from_draft,
    summary_text,
)
from actions.text_input import MAX_MESSAGE_CHARS, bad_input_reply, clean_text, fold, is_question, words
from actions.understanding import (
    REFUSAL,
    is_injection,
    is_keyboard_mash,
    question_part,
    role_in,
    wants_sketch,
)

logger = logging.getLogger(__name__)

FORM = "sketch_form"

CONTROL_INTENTS = {
    "skip_part",
    "change_part",
    "list_parts",
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


_SOCIAL_WORDS = re.compile(
    r"\b(hej|hejsan|hallå|tjena|hej ?då|adjö|vi ses|ha det|tack|tackar|god (morgon|dag|kväll))\b"
)
"""Words of a greeting, thanks or goodbye; without them the intent misread an answer ("Bo Berg, chef")."""


def is_digression(intent: str | None, text: str, requested: str | None) -> bool:
    if intent in ("greet", "goodbye", "thank") and not _SOCIAL_WORDS.search(text.lower()):
        return False
    if intent in CONTROL_INTENTS:
        return True
    if requested == "role" and intent in ("i_am_external", "i_am_municipal"):
        return False
    return intent in QUESTION_INTENTS and is_question(text)


def is_long_answer(intent: str | None, text: str) -> bool:
    """A long statement labelled skip/pause/summary that does not say that command: an answer."""
    config = reading()
    commands = config["command_words"]
    any_length = intent in (config.get("command_words_any_length") or ())
    return (
        intent in commands
        and (any_length or len(words(text)) > int(config["long_answer_words"]))
        and not is_question(text)
        and not re.search(commands[intent], fold(text))
    )


def role_from(text: str, intent: str | None) -> str | None:
    if intent != "i_am_municipal" and re.search(reading()["purchase_not_role"], fold(text)):
        return role_in(text)  # "Vi ska köpa coachning av ett privat bolag": a purchase, not who the user is
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


STATE_SLOTS = (
    "skipped_parts",
    "announced_checks",
    "last_answered_part",
    "unclear_part",
    "prefilled_parts",
    "reopened_part",
    "eligibility_facts",
    "part_notes",
    "jumped_to",
)
"""Slots the form keeps about the conversation itself (not parts of the idéskiss); eligibility_facts as the
conversation outside the form keeps them ("Ser du några problem så här långt?")."""


def _part_words(slot: str) -> tuple[str, ...]:
    return tuple(name for name, part in part_phrases() if part == slot)


def _first_sentence(text: str) -> str:
    """The first sentence: "Skolnärvaro Konsult AB. Vi tänker …" -> "Skolnärvaro Konsult AB"."""
    return re.split(r"(?<=[^\s.]{2})[.!?]\s+(?=[A-ZÅÄÖ])", text, maxsplit=1)[0].strip()


@lru_cache(maxsize=512)
def _facts_in(text: str) -> dict[str, Any]:
    """Form slots that one message states plainly (rules.extract plus the earlier_facts patterns)."""
    from actions.services import extract_facts_or_raise

    found: dict[str, Any] = {}
    try:
        facts = extract_facts_or_raise(text)
    except Exception:  # noqa: BLE001 - a message the extractor cannot read states nothing
        logger.exception("extract_facts failed")
        facts = {}
    found.update(_slots_from_facts(facts))
    if isinstance(name := found.get("external_actor_name"), str):
        found["external_actor_name"] = _whole_name(text, name)
    patterns = reading()["earlier_facts"]
    folded = fold(text)
    if re.search(patterns["comparison_group"], folded):
        found["comparison_group"] = not re.search(patterns["comparison_negation"], folded)
    if re.search(patterns["evaluator_context"], folded) and (match := re.search(patterns["evaluator"], text)):
        found["external_evaluator"] = match.group(1).strip()
    if (match := re.search(patterns["target_group"], folded)) and len(folded) == len(text):
        found["target_group"] = _tidy_value(text[match.start(1) : match.end(1)])
    if re.search(patterns["municipal_role"], folded) and role_from(text, None) == "kommun":
        found["role"] = "kommun"
    if (match := re.search(patterns["applicant_mention"], folded)) and len(folded) == len(text):
        found["applicant"] = _tidy_value(
            text[match.start(1) : match.end(1)]
        )  # "en idéskiss för socialnämnden"
        found.setdefault("role", "kommun")
    labelled = read_labelled_answers(text, part_phrases())[1]
    if labelled:  # "Metod: … inga referenser just nu" names its part, not also the evaluation (v5 c008)
        named = {slot for slot, _ in labelled}
        found = {
            k: v for k, v in found.items() if k in named or k in ACTOR_SLOTS or parts()[k].kind != "text"
        }
    for slot, value in labelled:  # "projektet heter X", "X söker"
        if parts()[slot].kind == "text":
            found.setdefault(slot, value)
    if (
        "applicant" not in found
        and (
            (match := re.search(patterns["applicant_behind"], folded))
            or (match := re.search(patterns["applicant_we_are"], folded))
        )
        and len(folded) == len(text)
    ):  # "Kultur- och fritidsnämnden står bakom" (probe_s7 t743), "Vi är socialkontoret." (v7 c011)
        found["applicant"] = known_name(text[match.start(1) : match.end(1)]) or _tidy_value(
            text[match.start(1) : match.end(1)]
        )
    if "title" not in found:  # "en ideskiss för projektet 'Föräldrakraft Ronna'"
        for pattern in patterns["title_mention"]:
            if match := re.search(pattern, text):
                found["title"] = _tidy_value(title_only(match.group(1)))
                break
    return found


def topic_title(text: str) -> str | None:
    """What the idea is about, said in the message that starts the form ("Kan vi göra en ideskiss tillsammans?
    Det gäller läsfrämjande i lågstadiet"): a working title when no name was given."""
    if not wants_sketch(text):
        return None
    match = re.search(reading()["earlier_facts"]["topic_mention"], text)
    return _tidy_value(title_only(match.group(1))) if match else None


def _answers_elsewhere(slot: str, value: str, slots: dict[str, Any]) -> bool:
    """Whether ``value`` holds the whole answer already given to another part ("Då skriver vi: en
    projektledare …" stored as what the money pays is not also the evaluation; "Södertörns högskola" read
    out of the evaluation's answer may still be the evaluator)."""
    mine = " ".join(words(fold(value)))
    for other, given in slots.items():
        if other == slot or other not in parts() or not isinstance(given, str) or len(given) < 10:
            continue
        theirs = " ".join(words(fold(given)))
        if theirs and theirs in mine:
            return True
    return False


def _whole_name(text: str, name: str) -> str:
    """An organisation's name as the message writes it: "Föreningen Idrott" read by rules.extract from
    "Föreningen Idrott utan gränser ska genomföra …" continues up to the verb (``name_ends``)."""
    at = text.find(name)
    if at < 0:
        return name
    rest = text[at + len(name) :]
    match = re.match(rf"((?:\s+[\wåäöÅÄÖ-]+){{1,3}}?)\s+(?:{reading()['name_ends']})\b", rest)
    return name + match.group(1) if match and "," not in match.group(1) else name


def _without_own_label(text: str, slot: str) -> str:
    """ "Titel: Föräldrakraft Södertälje" answering the title: the answer without the part's own label."""
    match = re.match(r"^\s*([^\W\d][\w ]{1,40}?)\s*[:=]\s*(\S.*)$", text, flags=re.DOTALL)
    if not match:
        return text
    name = " ".join(words(fold(match.group(1))))
    own = part_named_in(match.group(1)) == slot and any(n == name for n, s in part_phrases() if s == slot)
    return match.group(2).strip() if own or reading()["colon_labels"].get(name) == slot else text


def _actor_name(text: str) -> str:
    """The outside actor's name without what the message says about it after a comma ("Simföreningen, de ska
    få 400 000 kr …" -> "Simföreningen")."""
    name = re.split(r"\s*[,;]\s*", text, maxsplit=1)[0].strip()
    return _tidy_value(name) if len(words(name)) >= 1 and len(name) >= 2 else text


def _tidy_value(text: str) -> str:
    text = text.strip().rstrip(",;").strip()
    return text[:1].upper() + text[1:]


def _slots_from_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """Form slots from IdeaSketch-like facts (the eligibility_facts slot or rules.extract)."""
    found = {k: v for k, v in facts.items() if k in parts() and k not in ACTOR_SLOTS and v not in (None, "")}
    for key in ("start_date", "end_date"):
        if found.get(key) is not None:
            found[key] = str(found[key])[:10]
    actors = facts.get("external_actors") or []
    if actors and isinstance(actors[0], dict):
        actor = actors[0]
        for slot, field in (
            ("external_actor_name", "name"),
            ("external_actor_service", "service"),
            ("external_actor_value_sek", "value_sek"),
            ("external_actor_social_service", "social_service"),
        ):
            if actor.get(field) not in (None, ""):
                found[slot] = actor[field]
    return found


def known_facts(tracker: Tracker) -> dict[str, Any]:
    """What the user has already said, as form slots: the eligibility facts and every message so far."""
    known = _slots_from_facts(tracker.get_slot("eligibility_facts") or {})
    for event in tracker.events:
        text = clean_text(event.get("text") or "") if event.get("event") == "user" else ""
        if not text or bad_input_reply(text) or read_change(text, part_phrases()) or user_unsure(text):
            continue  # "jag vet inte vad en kontorschef är, min chef …" states no anchoring (probe_s7 t747)
        if is_question(text):  # "Socialnämnden söker och projektet heter X. Kan vi börja?": the statements
            text = " ".join(s for s in _SENTENCE.split(text) if s.strip() and not is_question(s))
        if text:
            known.update(_facts_in(text[:MAX_MESSAGE_CHARS]))
    if "title" not in known:
        for event in tracker.events:
            said = clean_text(event.get("text") or "") if event.get("event") == "user" else ""
            if said and (topic := topic_title(said[:MAX_MESSAGE_CHARS])):
                known["title"] = topic
                break
    return known


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def asks_for_summary(text: str, intent: str | None) -> bool:
    """ "sammanfattning tack" read as thanks (retired v3 conversation c010): a short message that says the
    summary command in so many words shows the summary whatever the intent."""
    commands = reading()["command_words"]
    return (
        intent != "show_summary"
        and len(words(text)) <= 7  # "visa vad vi skrivit hittills", "kan jag få se en sammanställning?"
        and bool(re.search(commands["show_summary"], fold(text)))
        and not re.search(commands["stop_sketch"], fold(text))
    )


def asks_for_check(text: str) -> bool:
    """ "Ser du några problem så här långt?", "Funkar den återbetalningsplanen med reglerna?": a question
    about how the draft so far stands against the fund's rules."""
    config = reading()["asks_for_check"]
    folded = " ".join(words(fold(text)))
    return is_question(text) and bool(
        re.search(config["what"], folded) and re.search(config["about"], folded)
    )


def checks_so_far(text: str, tracker: Tracker) -> tuple[list[str], dict[str, Any]]:
    """The checks on what has been said so far, as the same question gets outside the form
    (actions.eligibility.so_far_messages, without its closing question: the form asks its own); a question
    that names a part ("Funkar återbetalningsplanen med reglerna?") also gets that part's check in full when
    the answer does not already show it. Returns the messages and the eligibility facts to keep."""
    previous = tracker.get_slot("eligibility_facts") or {}
    messages, facts = so_far_messages(tracker, previous, ask=False)
    focus = reading()["asks_for_check"]["part_checks"].get(part_named_in(text) or "")
    if focus:
        data = sketch_dict(tracker.current_slot_values(), tracker.get_slot("skipped_parts"))
        try:
            chosen = [r for r in run_checks(data) if r.id == focus]
        except Exception:  # noqa: BLE001 - a failing check must not stop the form
            logger.exception("run_checks failed for a question in the form")
            chosen = []
        messages += [verdict_text(r) for r in chosen if not any(r.title in m for m in messages[1:])]
    return messages, facts


PAUSED = (
    "Inga problem, vi pausar här. Jag har sparat ditt utkast, så det ligger kvar. När du är tillbaka, även "
    "en annan dag, svarar du på frågan nedan eller skriver ”var var vi?”, så berättar jag hur långt vi har "
    "kommit."
)


def text_answers(tracker: Tracker) -> dict[str, str]:
    """The parts answered in words so far (part -> text), where "nej, inte Geneta, jag menade Ronna" may
    replace words."""
    return {
        slot: value
        for slot in parts()
        if isinstance(value := tracker.get_slot(slot), str) and parts()[slot].kind in ("text", "actor")
    }


def _parts_named(text: str) -> set[str]:
    """The parts a message names by their words, a group word ("förankringen") naming all of its parts."""
    folded = f" {' '.join(re.findall(r'[a-z0-9]+', fold(text)))} "
    named = {slot for name, slot in part_phrases() if f" {name} " in folded}
    for word, group in (reading().get("part_groups") or {}).items():
        if f" {word} " in folded:
            named.update(group)
    return named


def _group_of(slot: str) -> list[str]:
    """The other parts named together with ``slot`` by a group word (``part_groups``)."""
    groups = (reading().get("part_groups") or {}).values()
    others = [other for group in groups if slot in group for other in group if other != slot]
    return list(dict.fromkeys(others))  # several group words name the same parts


def pending_group(text: str, requested: str, tracker: Tracker) -> list[str]:
    """The still open parts skipped with the pending one ("hoppa över förankringen": both yes/no parts)."""
    named = _parts_named(text)
    return [
        slot
        for slot in parts()
        if slot in named and slot != requested and slot != "role" and tracker.get_slot(slot) is None
    ]


def parts_to_skip(text: str, requested: str | None) -> list[str]:
    """ "metoden och forskningen vet jag inte än, kan vi hoppa över det så länge?": a skip that names other
    parts than the pending one; those parts, in form order (empty when no other part is named)."""
    if not says("skip_named", text):
        return []
    named = _parts_named(text)
    if not named or requested in named:
        return []
    return [slot for slot in parts() if slot in named and slot != "role"]


def skips_pending(text: str, requested: str | None) -> bool:
    """ "hoppa över förankringen så länge, vet inte vad rektorn sagt": a skip in so many words
    (``skip_pending``) that names the pending part or no part, never an answer (it was read as "nej")."""
    if requested is None:
        return False
    says_skip = skip_says_what(text)
    if says_skip is False:  # "Vi skippar läxhjälpen och satsar på …": an answer
        return False
    # "oj vet inte vad det ska heta än. kan vi ta det sen?" (blind v7 c008, was read as a pause)
    later = says("skip_later", text) and not _parts_named(text) - {requested}
    if is_question(text) and not later:
        return False
    # "vet inte vad det ska heta än, hoppa över" (probe_s8 g833): the skip later in a short message
    size = len(words(text))
    late_skip = (says_skip is True and size <= int(reading()["long_answer_words"]) + 4) or (
        later and size <= 20
    )
    if not (says("skip_pending", text) or late_skip):
        return False
    named = _parts_named(text)
    return not named or requested in named


def skip_named_events(
    skipped: list[str], dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Skip the named parts (not the pending one, which is asked again); each can be filled in later."""
    listed = swedish_list([f"”{label(slot)}”" for slot in skipped])
    dispatcher.utter_message(
        text=f"Okej, vi hoppar över {listed} så länge. Skriv ”ändra {label(skipped[0]).lower()}” när du vill "
        "fylla i det."
    )
    return [
        SlotSet("skipped_parts", [*_skipped(tracker), *(s for s in skipped if s not in _skipped(tracker))]),
        SlotSet("last_answered_part", tracker.get_slot("last_answered_part")),
    ]


def own_role(text: str, intent: str | None) -> str | None:
    """The user's own role in a message that states it ("Jag jobbar på socialkontoret", "Vi är en förening"):
    'extern' or 'kommun'; None for anything else (a purchase from an outside actor is not a role)."""
    if is_question(text) or not says("own_role_statement", text):
        return None
    if len(words(text)) > int(reading()["own_role_max_words"]) and role_in(text) != "extern":
        return None
    role = role_in(text)
    if (
        role is None
        and role_from(text, intent) == "kommun"
        and re.search(reading()["applicant_name"], fold(text))
    ):
        return (
            "kommun"  # "Jag jobbar på kultur- och fritidskontoret": a unit the routing patterns do not list
        )
    return role if role is not None and role_from(text, intent) == role else None


def fabrication_refusal(text: str, requested: str | None) -> str:
    """The refusal to make up references or facts, naming the part they belong to."""
    config = reading()
    slot = part_named_in(text) or requested or "knowledge_base"
    what = config["fabrication_things"].get(slot, "uppgifter")
    return str(config["fabrication_refusal"]).format(what=what, part=label(slot).lower())


def fund_variation(name: str, domain: DomainDict) -> str:
    """The text of response ``name`` as Rasa says it for the active fund: the variation whose condition is the
    slot ``fund`` with this fund's id, else the one without a condition."""
    variations = (domain.get("responses") or {}).get(name) or []
    default = ""
    for variation in variations:
        conditions = variation.get("condition") or []
        if not conditions:
            default = default or str(variation.get("text") or "")
        elif all(c.get("name") == "fund" and c.get("value") == fund_id() for c in conditions):
            return str(variation.get("text") or "")
    return default


def _example_lines(slot: str, domain: DomainDict) -> list[str]:
    """The "Exempel: …" line of a part's question in the domain (utter_ask_<slot>), for the active fund."""
    text = fund_variation(f"utter_ask_{slot}", domain)
    return [line for line in text.splitlines() if line.startswith("Exempel:")]


def what_to_write_events(
    text: str, requested: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType]:
    """ "vad ska vi skriva där istället då?": for the part the question points at (named, or the part just
    answered when the message points back), the advice of the check that part does not meet and the
    part's example; that part is then asked again. For the pending part: its example."""
    last = tracker.get_slot("last_answered_part")
    slot = part_named_in(text)
    if slot is None and last in parts() and last != "role" and tracker.get_slot(last) is not None:
        slot = last if says("refers_back", text) else None
    slot = slot or requested
    lines: list[str] = []
    check = reading()["asks_for_check"]["part_checks"].get(slot)
    if check and tracker.get_slot(slot) is not None:
        data = sketch_dict(tracker.current_slot_values(), tracker.get_slot("skipped_parts"))
        try:
            results = [r for r in run_checks(data) if r.id == check and r.status in ("fail", "warn")]
        except Exception:  # noqa: BLE001 - a failing check must not stop the form
            logger.exception("run_checks failed for a question in the form")
            results = []
        lines += [f"För ”{label(slot)}”: {r.fix}" for r in results if r.fix]
    keep = SlotSet("last_answered_part", tracker.get_slot("last_answered_part"))
    if slot == requested and not lines:
        return [keep]  # the pending question comes again, with why it is asked and an example
    lines += _example_lines(slot, domain)
    dispatcher.utter_message(text="\n".join(lines))
    if slot == requested or tracker.get_slot(slot) is None:
        return [keep]
    return change_events(Change(slot), dispatcher, tracker)  # the part is asked again, with the advice given


def asks_to_resume(text: str, intent: str | None) -> bool:
    """ "nu är jag tillbaka, var var vi?", "fortsätt med min idéskiss" inside the form."""
    return intent == "resume_sketch" or says("resume_request", text)


def asks_to_pause(text: str, intent: str | None) -> bool:
    """ "Jag måste gå på ett möte nu, kan vi fortsätta sen?" (the NLU's own stop_sketch goes by its rule)."""
    short = is_question(text) or len(words(text)) <= int(reading()["pause_max_words"])
    return intent != "stop_sketch" and short and says("pause_request", text)


def asks_for_export(text: str) -> bool:
    """ "kan jag få den som word-fil?", "exportera som pdf": a question or a short request, not an answer
    that happens to name a file format."""
    return says("export_request", text) and (is_question(text) or len(words(text)) <= 6)


def _draft_request_scores(text: str) -> tuple[str, float, float, float] | None:
    """(the request kind its e5 vector is closest to, that similarity, the best similarity to any part's
    example answers, the best similarity to a general question about idéskisser); None when the vectors
    cannot be had."""
    from actions.services import sentence_vectors

    config = sketch_parts_data()["draft_requests"]
    try:
        vector = sentence_vectors([text])[0]
        kinds = sorted(
            (
                (float((sentence_vectors(list(said)) @ vector).max()), kind)
                for kind, said in config["examples"].items()
            ),
            reverse=True,
        )
        answers = max(
            float((sentence_vectors(list(said)) @ vector).max())
            for said in _part_examples()["examples"].values()
        )
        general = float((sentence_vectors(list(config["not_requests"])) @ vector).max())
    except Exception:  # noqa: BLE001 - without the model the command words alone decide
        logger.exception("draft request scores failed")
        return None
    return kinds[0][1], kinds[0][0], answers, general


def draft_request(text: str) -> str | None:
    """ "summary" or "export" when a short message asks for the draft itself in any wording ("kan du visa vad
    vi har?", "ok, ge mig det som en pdf då", "vad har du fatt in hittils?"), else None. Decided by the e5
    sentence vectors against example requests and the parts' example answers (``draft_requests`` in
    sketch_parts.yml), so an answer that only contains a command word ("Inga aktiviteter finns hittills") is
    an answer."""
    config = sketch_parts_data()["draft_requests"]
    tokens = words(fold(text))
    if not tokens or len(tokens) > int(config["max_words"]):
        return None
    folded = fold(text)
    commands = reading()["command_words"]
    export_word = says("export_request", text)
    keyword = export_word or bool(re.search(commands["show_summary"], folded))
    if re.search(config["submission"], folded):
        return None  # "hur skickar vi in idéskissen?": handing it in to the fund, a process question
    if re.search(commands["stop_sketch"], folded) and not export_word:
        return None  # "spara utkastet, jag fortsätter senare": a pause
    scores = _draft_request_scores(text)
    if scores is None:
        fits = (
            keyword
            and bool(re.search(config["own_pointer"], folded))
            and (is_question(text) or len(tokens) <= 7)
        )
        return ("export" if export_word else "summary") if fits else None
    if not keyword and not is_question(text):
        return None  # without a command word only a question ("kan du visa vad vi har?") asks for the draft
    if keyword and len(tokens) <= 2:
        return "export" if export_word else "summary"  # "summering", "sammanfattning tack"
    if not re.search(config["own_pointer"], folded):
        return None  # "Vad ska en idéskiss innehålla?", "Finns riktlinjerna som pdf?": not about our draft
    kind, similarity, answers, general = scores
    if similarity - general < float(config["not_request_margin"]):
        return None  # closer to a general question ("Hur skickar vi in idéskissen?") than to a request
    if keyword:
        fits = similarity - answers >= float(config["keyword_margin"])
    else:
        fits = similarity >= float(config["min_similarity"]) and similarity - answers >= float(
            config["min_margin"]
        )
    if not fits:
        return None
    if keyword:  # the command word says which ("kan jag få en summering?" is no export)
        return "export" if export_word else "summary"
    return kind


def draft_request_reply(text: str, tracker: Tracker) -> str | None:
    """The summary or the export links for a request about the draft (``draft_request``), also after the
    form has ended or was paused (blind v7 c007: "sammanfattning tack" got "Varsågod!", "kan jag få det som
    pdf?" got "Det vet jag inte"); None when the message is no such request or no draft was started."""
    kind = draft_request(text)
    if kind is None:
        return None
    slots = tracker.current_slot_values()
    started = any(slots.get(s) is not None for s in parts() if s != "role")
    if not started:
        draft = load_draft(tracker.sender_id)
        restored = slots_from_draft(draft) if draft else {}
        if not any(v is not None for s, v in restored.items() if s != "role"):
            return None
        slots = {**slots, **restored}
    if kind == "export":
        return export_text(tracker.sender_id)
    return summary_text(slots, _skipped(tracker), tracker.sender_id, pending=pending_unclear(tracker))


def announced_question(text: str) -> str | None:
    """The question after an announcement of one ("en fråga innan jag fortsätter – räknas föräldrar som
    målgrupp?", "innan jag svarar – får man söka för pensionärer", blind v7 c003): the words after the
    announcement when they read as a question (a question word or a verb first, or a question mark)."""
    tokens = Words(text)
    found = re.match(sketch_parts_data()["question_announced"], tokens.joined)
    if not found:
        return None
    rest = tokens.original_from(found.end()).strip(" –—-:,.")
    first = words(fold(rest))[:1]
    if not first or len(words(rest)) < 3:
        return None
    asks = "?" in rest or is_question(rest) or first[0] in sketch_parts_data()["question_verbs"]
    return rest if asks else None


def skip_says_what(text: str) -> bool | None:
    """Whether a skip in the message skips a part ("hoppa över den, jag måste kolla först", "skippa
    förankringen"): True; False when the skip verb has another object ("Vi skippar läxhjälpen och satsar på
    mentorer", an answer); None when the message says no skip."""
    tokens = Words(text)
    found = re.search(r"\b(?:hoppa over|hoppar over|hoppa|skippa|skippar|skip)\b", tokens.joined)
    if not found:
        return None
    rest = tokens.joined[found.end() :].strip()
    if re.match(sketch_parts_data()["skip_object"], rest):
        return True
    return bool(_parts_named(" ".join(rest.split()[:3])))


def self_designated(text: str) -> str:
    """ "jag är kontaktperson, Birgitta" written as the part's label and its value ("kontaktperson:
    Birgitta"), so it is read like any other named part (blind v7 c005: read as a wish to change the
    contact part)."""
    config = reading()["self_designation"]
    found = re.search(config["pattern"], text, flags=re.IGNORECASE)
    if not found:
        return text
    rest = text[found.end() :].strip(" ,:.")
    value = rest if rest else str(config["self"])
    return f"{text[: found.start()]}{found.group('part')}: {value}"


def start_part(text: str) -> str | None:
    """The part a message that starts the form asks to begin with ("jag vill skriva en idéskiss men börja
    med återbetalningen", blind v7 c009), else None."""
    joined = Words(text).joined
    for cue in re.finditer(sketch_parts_data()["start_at_part"], joined):
        before = joined[: cue.start()].split()[-4:]
        after = joined[cue.end() :].split()[:5]
        slot = part_named_in(" ".join([*before, cue.group(), *after]))
        if slot not in (None, "role", "title"):
            return slot
    return None


def resume_text(tracker: Tracker, requested: str | None) -> str:
    """Where we are, for someone coming back: what is filled in and which part comes next (the form asks
    its question right after)."""
    slots = tracker.current_slot_values()
    lines = ["Välkommen tillbaka! Vi håller på med din idéskiss.", progress_text(slots, _skipped(tracker))]
    if requested:
        lines.append(f"Vi fortsätter med ”{label(requested)}”.")
    return "\n".join(lines)


def stated_parts(text: str, tracker: Tracker) -> dict[str, Any]:
    """Parts still empty that a message states plainly (an external actor and the contract's value in
    "Föreningen X ska genomföra aktiviteterna, vi betalar dem 1,5 miljoner"), for a message that does not
    answer the role question it was given."""
    return {
        slot: value
        for slot, value in _facts_in(text[:MAX_MESSAGE_CHARS]).items()
        if slot != "role" and tracker.get_slot(slot) is None
    }


def pending_unclear(tracker: Tracker) -> dict[str, str]:
    """The yes/no part whose answer was unclear and is being asked again, with the words the user wrote
    ("typ, vår förvaltningschef vet om det men inte formellt"), so a summary can show them."""
    slot = tracker.get_slot("unclear_part")
    if not slot or slot not in parts() or tracker.get_slot(slot) is not None:
        return {}
    said = found = ""
    for event in tracker.events:
        if event.get("event") == "user":
            said = clean_text(event.get("text") or "")
        elif (
            event.get("event") == "slot"
            and event.get("name") == "unclear_part"
            and event.get("value") == slot
        ):
            found = said
    return {slot: _without_own_label(found, slot)} if found else {}


def purchase_parts(text: str, tracker: Tracker) -> dict[str, Any]:
    """The outside actor's parts a message states while another part is asked ("Vi vill köpa in handledning
    från Läsbolaget AB för 300 000 kr under två år" asked where the savings arise): a purchase with a named
    actor."""
    if is_question(text) or not re.search(reading()["purchase_not_role"], fold(text)):
        return {}
    stated = stated_parts(text, tracker)
    return stated if "external_actor_name" in stated else {}


def is_rules_question(text: str, intent: str | None) -> bool:
    """A question about the fund's rules that the NLU reads as an eligibility check or as out of scope ("hur
    lång tid har vi på oss att betala tillbaka?"): answered from the documents in the form."""
    # Also a question the NLU reads as a statement ("och när måste vi senast ha skickat in den?" read as
    # inform, form7's probe f709: stored as the applicant); the rules answer ask_question and the commands.
    return (
        intent not in ("ask_question", "i_am_external", *CONTROL_INTENTS)
        and is_question(text)
        and re.match(reading()["rules_question"], " ".join(words(fold(question_part(text))))) is not None
    )


def answer_events(text: str, dispatcher: CollectingDispatcher) -> list[EventType]:
    """The documents' answer to a question asked in the form; the form then asks its pending question."""
    from actions.answers import answer_or_apology

    for message in answer_or_apology(question_part(text)):
        dispatcher.utter_message(text=message)
    return []


IDENTITY_PARTS = ("title", "applicant", "contact")


def yes_no_at_text(text: str, slot: str) -> bool:
    """A short answer led by ja (by nej too at ``no_led_parts``) given where a text part is asked."""
    folded = words(fold(text))
    if parts()[slot].kind != "text" or not folded or len(folded) > int(reading()["identity_max_words"]):
        return False
    led = plain_yes_no(folded[0])
    return led is True or (led is False and slot in reading()["no_led_parts"])


def names_body(text: str) -> bool:
    """A word naming a municipal body ("samhällsbyggnadsnämnden"): never keyboard mash."""
    return any(re.search(reading()["body_word"], token) for token in words(fold(text)))


def unsure_reply(text: str, requested: str) -> str | None:
    """At a yes/no part or the idea's name, applicant or contact, a user who does not know or asks what the
    question's words mean hears what they mean and what is needed (the form then asks again); None otherwise.
    A question about a term the form cannot explain is left to the rules' answer."""
    kind = parts()[requested].kind if requested in parts() else None
    if (kind != "bool" and requested not in IDENTITY_PARTS) or not user_unsure(text):
        return None
    if skip_says_what(text):  # "vet inte vad det ska heta än, hoppa över": a skip
        return None
    explained = term_help(text)
    if explained is None and is_question(text):
        return None
    if kind == "bool":
        needed = f"{yes_no_help(requested)} Vet du inte än, skriv ”hoppa över” så fyller du i det senare."
    else:
        needed = str(reading()["identity_help"][requested])
    return f"{explained} {needed}" if explained else f"Det gör inget. {needed}"


def checks_list_text() -> str:
    """The checks the assistant makes, by their names in the rules (probe_s7 t751)."""
    titles = [title[:1].lower() + title[1:] for title in check_titles()]
    return str(reading()["checks_list_text"]).format(checks=swedish_list(titles))


def is_courtesy_only(text: str) -> bool:
    """ "ok", "okej tack", "bra": words that acknowledge and answer nothing."""
    acknowledgement = re.compile(rf"^(?:{reading()['acknowledgements']})$")
    tokens = words(fold(text))
    return bool(tokens) and len(tokens) <= 4 and all(acknowledgement.match(token) for token in tokens)


def taken_back_events(
    slot: str | None, value: str, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """ "förresten, besparingarna hamnar hos socialkontoret, inte det jag skrev där": the new words stored in
    the part they name, never as the pending answer; when no part can be told, the user is asked which."""
    if slot is None or not value:
        dispatcher.utter_message(
            text="Vilken del vill du ändra? Skriv till exempel ”ändra samverkan till …” eller "
            "”ändra målgrupp”. Skriv ”vilka delar finns?” för att se alla delar."
        )
        return [SlotSet("last_answered_part", tracker.get_slot("last_answered_part"))]
    value = strip_lead_ins(value, _part_words(slot))  # "målgruppen är barn i Hovsjö" -> "Barn i Hovsjö"
    return change_events(Change(slot, value), dispatcher, tracker)


def _left_if_asked(text: str, tracker: Tracker) -> list[str] | None:
    """The parts not answered yet when the user asks which are left ("vilka delar har jag kvar?"), else
    None."""
    if not re.search(reading()["parts_left"], fold(text)):
        return None
    values = tracker.current_slot_values()
    no_actor = values.get("external_actor_name") == NO_ACTOR
    return [
        slot
        for slot in parts()
        if slot != "role" and values.get(slot) is None and not (no_actor and slot in ACTOR_SLOTS[1:])
    ]


def _answers_pending(lead: str, requested: str) -> bool:
    """Whether the words before the first named part answer the pending part ("Barn 6–12 år i Hovsjö, och
    metoden är …") rather than introduce the rest ("nu vet jag vad jag ska svara: …", "ok tack.")."""
    if not lead or lead.endswith(":") or is_question(lead) or says("resuming_lead", lead):
        return False  # "ok tack, tillbaka till skissen." before "Problemet är …" answers nothing
    kind = parts()[requested].kind
    if kind == "bool":
        return parse_bool(lead) is not None
    if requested == "applicant" and re.fullmatch(reading()["applicant_name"], " ".join(words(fold(lead)))):
        return True  # the nämnd before a named part: 'Utbildningsnämnden, kontaktperson är Karin Berg'
    if kind == "role":
        return role_from(lead, None) is not None
    courtesy = re.compile(rf"^(?:{reading()['openers']}|{reading()['courtesy']})$")
    return sum(1 for word in words(fold(lead)) if not courtesy.match(word)) >= 2


def part_pointed_back(text: str, tracker: Tracker) -> tuple[str, str] | None:
    """ "ok vi fyller i den nu: projektet startar 2027, …" after "vad betyder återbetalningsplan?": (the part
    the previous message named, the words after the colon)."""
    lead, colon, rest = text.partition(":")
    if not colon or not rest.strip() or not says("fill_pronoun", lead):
        return None
    said = [clean_text(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
    slot = part_named_in(said[-2]) if len(said) >= 2 else None
    return (slot, _tidy_value(rest)) if slot and slot != "role" else None


def _part_examples() -> dict[str, Any]:
    return dict(sketch_parts_data()["part_examples"])


def likely_part(text: str) -> tuple[str, float, float] | None:
    """The text part an answer is most like (``part_examples`` in sketch_parts.yml, by the e5 sentence
    vectors): (part, similarity, lead over the next part); None when the vectors cannot be had."""
    from actions.services import sentence_vectors

    examples = _part_examples()["examples"]
    try:
        vector = sentence_vectors([text])[0]
        scores = sorted(
            ((float((sentence_vectors(list(said)) @ vector).max()), slot) for slot, said in examples.items()),
            reverse=True,
        )
    except Exception:  # noqa: BLE001 - without the model the form asks its follow-up as before
        logger.exception("likely_part failed")
        return None
    return scores[0][1], scores[0][0], scores[0][0] - scores[1][0]


def _filled_elsewhere(slot: str, other: str, text: str, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """An answer given at ``slot`` that belongs to the part ``other`` (``other_part_answered``): stored there,
    said so, and ``slot`` asked again."""
    dispatcher.utter_message(text=f"Tack, det fyller jag i under ”{label(other)}”.")
    return {slot: None, other: _tidy_value(text), "last_answered_part": other, "jumped_to": other}


def other_part_answered(text: str, tracker: Tracker) -> str | None:
    """The still empty text part that an answer to a yes/no, amount or date question plainly belongs to
    ("föräldrar till barn 0-6 år i Ronna …" asked whether the chef stands behind the idea, probe_s6 t613)."""
    config = _part_examples()
    if len(words(text)) < int(config["min_words"]) or is_question(text):
        return None
    found = likely_part(text)
    if found is None:
        return None
    slot, similarity, margin = found
    if similarity < float(config["min_similarity"]) or margin < float(config["min_margin"]):
        return None
    return slot if tracker.get_slot(slot) is None else None


def anchoring_told(text: str, requested: str, tracker: Tracker) -> dict[str, tuple[bool, str]]:
    """The anchoring's yes/no parts told while a text part is asked, in a message that starts with the chef
    or the nämnd ("kontorschefen … godkände den 3 november och nämnden informeras 15 december"), when they are
    still empty."""
    if parts()[requested].kind != "text" or is_question(text) or not says("anchoring_subject_first", text):
        return {}
    anchored = anchoring_answers(text)
    return anchored if anchored and all(tracker.get_slot(s) is None for s in anchored) else {}


def applicant_given(text: str, requested: str, tracker: Tracker) -> str | None:
    """A bare nämnd or förvaltning ("Kultur- och fritidsnämnden", "socialkontoret") answering the idea's name
    or the contact while no applicant is known: the applicant (blind v6 c014, retired to tuning: stored as
    the title)."""
    if (
        requested not in ("title", "contact")
        or tracker.get_slot("applicant") is not None
        or is_question(text)
    ):
        return None
    name = strip_lead_ins(text, ())
    if not re.fullmatch(reading()["applicant_name"], " ".join(words(fold(name)))):
        return None
    return known_name(name) or _tidy_value(name.rstrip(".!"))


_QUESTION_OPENERS = re.compile(
    r"^(?:(?:förresten|forresten|men|och|btw|en fråga|en fraga|ok|okej)[,:]?\s+)+", re.I
)


def statement_and_question(
    text: str, requested: str, applicant_open: bool = False
) -> tuple[str, str, str] | None:
    """A short answer, then a question in the next sentence ("Socialnämnden. förresten, vem är det som
    bestämmer om vi får pengarna?"): (the part, the answer, the question). Only answers that can be told by
    their form: a nämnd (the applicant, also while the title or contact is asked and no applicant is known), a
    yes/no, an amount, a name of at most eight words for the title or the contact."""
    if not is_question(text):
        return None
    sentences = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    if len(sentences) < 2 or is_question(sentences[0]) or not is_question(sentences[-1]):
        return None
    statement = sentences[0].rstrip(".! ")
    question = _QUESTION_OPENERS.sub("", " ".join(sentences[1:]))
    tokens = words(fold(statement))
    if re.fullmatch(reading()["applicant_name"], " ".join(tokens)):
        if requested == "applicant" or (requested in ("title", "contact") and applicant_open):
            return "applicant", known_name(statement) or _tidy_value(statement), question
        return None
    kind = parts()[requested].kind
    if kind == "bool":
        ok = parse_bool(statement) is not None and not is_unclear_yes_no(statement)
    elif kind == "amount":
        ok = parse_amount(statement) is not None
    else:
        ok = requested in ("title", "contact") and 1 <= len(tokens) <= 8
        ok = ok and not says("own_role_statement", statement)
    return (requested, statement, question) if ok else None


def asks_instead_of_command(text: str, intent: str | None) -> bool:
    """A question the NLU reads as a command (pause, skip, summary) without the command's words ("och när är
    sista dag att lämna in?" as a pause): a question about the fund, answered in the form."""
    commands = reading()["command_words"]
    if intent not in commands or not is_question(text) or intent == "show_summary":
        return False
    return not re.search(commands[intent], fold(text)) and not re.search(
        commands.get(f"{intent}_question", r"(?!x)x"), fold(text)
    )


def actor_restated(text: str, requested: str, tracker: Tracker) -> tuple[str, int] | None:
    """The outside actor and its fee said again while its service is asked ("ok skriv in: simföreningen
    eller annan leverantör, ca 400 000 kr, under 2027", blind v6 c007, retired to tuning: stored as the
    service): the new name and value when the message starts with the stored actor's first word and gives an
    amount."""
    actor = tracker.get_slot("external_actor_name")
    if requested != "external_actor_service" or not isinstance(actor, str) or actor == NO_ACTOR:
        return None
    said = strip_lead_ins(_without_own_label(text, requested), ())
    said = re.sub(reading()["restate_lead"], "", said, flags=re.I)
    first = words(fold(actor))[:1]
    amount = parse_amount(said)
    if not first or not amount or words(fold(said))[:1] != first:
        return None
    return _actor_name(said), amount


def labelled_events(
    lead: str,
    labelled: list[tuple[str, Any]],
    requested: str,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
) -> list[EventType]:
    """A message that names the parts it answers ("Titel: X", "Projektet: X, utbildningsnämnden söker",
    "sökande är socialnämnden, kontakt Lena"): each answer is stored in the part it names, the pending part
    gets the words before them if those answer it, and the pending part is asked again if still open."""
    if len(labelled) == 1 and not _answers_pending(lead, requested):
        slot, value = labelled[0]
        if tracker.get_slot(slot) is not None:  # "Målgruppen är …" for a part already answered: a change
            return change_events(Change(slot, value), dispatcher, tracker)
    if (
        lead
        and requested in ("title", "contact")
        and tracker.get_slot("applicant") is None
        and "applicant" not in dict(labelled)
        and re.fullmatch(reading()["applicant_name"], " ".join(words(fold(lead))))
    ):  # "Kultur- och fritidsnämnden, kontakt Johan" while the title is asked (blind v6 c014)
        labelled = [("applicant", known_name(lead) or _tidy_value(lead)), *labelled]
        lead = ""
    events: list[EventType] = []
    others: list[str] = []
    skipped = _skipped(tracker)
    if answered_skipped := [slot for slot, _ in labelled if slot in skipped]:  # a skipped part answered later
        events.append(SlotSet("skipped_parts", [s for s in skipped if s not in answered_skipped]))
    for slot, value in dict(labelled).items():
        events.append(SlotSet(slot, value))
        if slot != requested:
            others.append(slot)
    answered = requested in dict(labelled)
    if not answered and _answers_pending(lead, requested):
        events.append(SlotSet(requested, known_name(lead) or lead))
        answered = True
    if requested == "role" and not answered and "applicant" in dict(labelled):
        events.append(SlotSet("role", "kommun"))  # a nämnd that applies: the user works in the municipality
    filled = [slot for slot in parts() if slot in others or (answered and slot == requested)]
    if others:  # every part the message filled, the asked one too when there are several
        values = {
            **dict(labelled),
            **({requested: lead} if answered and requested not in dict(labelled) else {}),
        }
        dispatcher.utter_message(text=filled_text(filled, values))
    events.append(SlotSet("last_answered_part", requested if answered else others[-1]))
    said = str(tracker.latest_message.get("text") or "")
    if moves_on(filled, requested, answered, tracker) or (filled and says_jump(said)):
        events.append(SlotSet("jumped_to", filled[-1]))
    return events


def moves_on(filled: list[str], requested: str, answered: bool, tracker: Tracker) -> bool:
    """Whether the form goes on after the last part ``filled`` (in the form's order) rather than asking the
    pending part again (probe_s8 class A, blind v7 c003: "Problemet: …" at the nämnd's question should be
    followed by the target group). Only for a part of the idea, never the name, applicant or contact (given
    out of turn they do not move the form: "Socialnämnden" at the name's question asks the name again, form7
    f705), and not while the name, applicant or contact asked is still open: that block is completed first."""
    if not any(slot not in IDENTITY_PARTS for slot in filled):
        return False
    return answered or requested not in IDENTITY_PARTS or tracker.get_slot(requested) is not None


def says_jump(text: str) -> bool:
    """ "Vi hoppar direkt till metoden: …" (blind v7 c004): the user asked to go to the part answered."""
    return says("jump_said", text)


def filled_text(filled: list[str], values: dict[str, Any]) -> str:
    """ "Tack, det fyller jag i under ”Idéns namn” (Kvällsöppet för unga)." with a short value said back,
    so the user sees what was stored where (blind v7 c008: a late name was not said back)."""

    def shown(slot: str) -> str:
        value = display_value(values.get(slot)) if values.get(slot) is not None else ""
        return f"”{label(slot)}” ({value})" if value and len(value) <= 60 else f"”{label(slot)}”"

    return f"Tack, det fyller jag i under {swedish_list([shown(slot) for slot in filled])}."


class ValidateSketchForm(FormValidationAction):
    def name(self) -> str:
        return f"validate_{FORM}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The form's validation, and the slot ``fund`` (FOND_FUND) when it is not set yet: the form's
        questions (utter_ask_* in bot/domain/sketch.yml) have a variation per fund that states that fund's
        rules. Set only when it changes, so it never counts as an answer that keeps Rasa from rejecting the
        form, and only when the model's domain has the slot (a model trained before it would otherwise get it
        on every turn, and the form would never be rejected)."""
        events = list(await super().run(dispatcher, tracker, domain))
        if "fund" in (domain.get("slots") or {}) and tracker.get_slot("fund") != fund_id():
            events.append(SlotSet("fund", fund_id()))
        return events

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
        # The role is never asked: a user is taken to work in the municipality (the form says so when it
        # starts) until the user says otherwise (blind v5, retired to tuning: c001, c004, c005, c007 and c008
        # answered the role question with the idea's name or the nämnd, and the answer was lost).
        required = [
            slot
            for slot in domain_slots
            if slot != "role" and slot not in skipped and not (no_actor and slot in ACTOR_SLOTS[1:])
        ]
        jumped = tracker.get_slot("jumped_to")
        if jumped in required:  # "hoppa fram till externa aktörer": the parts after it, then the ones before
            at = required.index(jumped)
            required = required[at:] + required[:at]
        reopened = tracker.get_slot("reopened_part")
        if reopened in required and tracker.get_slot(reopened) is None:
            required.remove(reopened)
            required.insert(0, reopened)  # a part the user asked to change is asked next, wherever it is
        return required

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """What the user's message does: change a part, list the parts, or answer the requested part.

        A change of mind is read before anything else, whatever the NLU intent, so it is never stored as the
        pending answer. Questions and commands are digressions (the rules answer them, then the form asks
        the same part again).
        """
        requested = tracker.get_slot("requested_slot")
        if tracker.active_loop_name != FORM or not requested or not is_fresh_answer(tracker):
            return []
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = clean_text(tracker.latest_message.get("text") or "")
        if text and is_injection(text):
            dispatcher.utter_message(text=REFUSAL)  # never an answer to the pending part
            return [SlotSet("last_answered_part", tracker.get_slot("last_answered_part"))]
        if text and not bad_input_reply(text):
            keep = SlotSet("last_answered_part", tracker.get_slot("last_answered_part"))
            taken_back = read_taken_back(text, part_phrases())
            if taken_back and taken_back[0]:  # "…, inte det jag skrev där": stored in the part it names
                return taken_back_events(*taken_back, dispatcher, tracker)
            if change := read_change(text, part_phrases(), text_answers(tracker)):
                return change_events(change, dispatcher, tracker)
            if taken_back:
                return taken_back_events(*taken_back, dispatcher, tracker)
            if skipped := parts_to_skip(text, requested):
                return skip_named_events(skipped, dispatcher, tracker)
            if skips_pending(text, requested):  # "hoppa över förankringen så länge, vet inte vad …" (v6 c002)
                group = [requested, *pending_group(text, requested, tracker)]
                # "hoppa över den" at the chef (v7 c003): the anchoring's other open parts with it
                if not _parts_named(text) - {requested}:
                    group += [
                        s for s in _group_of(requested) if tracker.get_slot(s) is None and s not in group
                    ]
                names = swedish_list([f"”{label(slot)}”" for slot in group])
                asked = label(requested).lower()
                them = "dem" if len(group) > 1 else "den"
                dispatcher.utter_message(
                    text=f"Okej, vi hoppar över {names} så länge. "
                    f"Skriv ”ändra {asked}” när du vill fylla i {them}."
                )
                before = _skipped(tracker)
                return [SlotSet("skipped_parts", [*before, *(s for s in group if s not in before)]), keep]
            if announced := announced_question(text):  # "en fråga innan jag fortsätter – räknas …" (v7 c003)
                question = announced if announced.endswith("?") else f"{announced}?"
                return [keep, *answer_events(question, dispatcher)]
            role = own_role(text, intent) if requested != "role" else None
            if role == "extern":  # "Vi är en förening": the rule on who may apply, from the form's end
                return [SlotSet("role", "extern"), SlotSet("requested_slot", None)]
            if role == "kommun" and requested == "title":  # never the idea's name, also with the role known
                dispatcher.utter_message(text="Tack, då skriver vi skissen för din nämnd eller förvaltning.")
                return [SlotSet("role", "kommun"), keep]
            if asks_to_resume(text, intent):
                dispatcher.utter_message(text=resume_text(tracker, requested))
                return [keep]
            if asks_to_pause(text, intent):  # the form stays where it is, for whenever the user is back
                dispatcher.utter_message(text=PAUSED)
                return [keep]
            if asks_for_parts(text) or says("parts_left_question", text):  # "vad saknas fortfarande?"
                dispatcher.utter_message(text=parts_list_text(_left_if_asked(text, tracker)))
                return [SlotSet("last_answered_part", tracker.get_slot("last_answered_part"))]
            if says("fabrication_request", text):  # "kan du inte bara hitta på några referenser?"
                dispatcher.utter_message(text=fabrication_refusal(text, requested))
                return [keep]
            if says("what_to_write", text) and is_question(text):  # "vad ska vi skriva där istället då?"
                return what_to_write_events(text, requested, dispatcher, tracker, domain)
            if is_question(text) and says("checks_list_question", text):  # "vad kollar du för regler?"
                dispatcher.utter_message(text=checks_list_text())
                return [keep]
            if asks_for_check(text):  # before the summary: "Hittar du några problem hittills?"
                messages, facts = checks_so_far(text, tracker)
                for message in messages:
                    dispatcher.utter_message(text=message)
                return [keep, SlotSet("eligibility_facts", facts)]
            if reply := draft_request_reply(text, tracker):  # summary or export, in any wording
                dispatcher.utter_message(text=reply)
                return [keep]
            if unsure := unsure_reply(text, requested):  # "jag vet inte vad en kontorschef är" (probe_s7)
                dispatcher.utter_message(text=unsure)
                return [keep]
            if restated := actor_restated(text, requested, tracker):  # the actor and its fee again (v6 c007)
                name, amount = restated
                dispatcher.utter_message(
                    text=f"Tack, jag skriver in ”{label('external_actor_name')}”: {name} och "
                    f"”{label('external_actor_value_sek')}”: {display_value(amount)}."
                )
                return [
                    SlotSet("external_actor_name", name),
                    SlotSet("external_actor_value_sek", amount),
                    SlotSet("last_answered_part", "external_actor_name"),
                ]
            if pointed := part_pointed_back(text, tracker):  # "ok vi fyller i den nu: projektet startar …"
                return labelled_events("", [pointed], requested, dispatcher, tracker)
            lead, labelled = read_labelled_answers(self_designated(text), part_phrases())
            if (
                labelled
                and not is_question(text)
                and (
                    lead
                    or any(slot != requested for slot, _ in labelled)
                    or parts()[requested].kind == "text"
                )
            ):
                # "Det är utbildningsnämnden som söker", "kontaktperson är jag, fritidsledare …" (blind v6
                # c001, retired to tuning: read as a human handoff) answer the pending part as they name it.
                return labelled_events(lead, labelled, requested, dispatcher, tracker)
            if anchored := anchoring_told(text, requested, tracker):  # the chef and nämnd at another question
                notes = {
                    **(tracker.get_slot("part_notes") or {}),
                    **{s: said for s, (_, said) in anchored.items()},
                }
                told = [(slot, value) for slot, (value, _) in anchored.items()]
                return [
                    *labelled_events("", told, requested, dispatcher, tracker),
                    SlotSet("part_notes", notes),
                ]
            if (applicant := applicant_given(text, requested, tracker)) is not None:
                # "Kultur- och fritidsnämnden" while the idea's name is asked: the applicant, never the title
                return labelled_events("", [("applicant", applicant)], requested, dispatcher, tracker)
            open_applicant = tracker.get_slot("applicant") is None
            if answered_then_asked := statement_and_question(text, requested, open_applicant):
                # "Socialnämnden. förresten, vem är det som bestämmer …?" (blind v6 c003): both
                slot, statement, question = answered_then_asked
                events = answer_events(question, dispatcher)
                if slot != requested:
                    return [
                        *events,
                        *labelled_events("", [(slot, statement)], requested, dispatcher, tracker),
                    ]
                return [*events, SlotSet(slot, statement), SlotSet("last_answered_part", slot)]
            if asks_instead_of_command(text, intent):
                # "och när är sista dag att lämna in?" read as a pause (blind v6 c010): a question, answered
                return [keep, *answer_events(text, dispatcher)]
            if (
                requested == "role"
                and not is_question(text)  # "vänta, en fråga: hur lång tid har man på sig att …?" (v4 c004)
                and role_from(text, intent) is None
                and (stated := stated_parts(text, tracker))
            ):
                return labelled_events("", list(stated.items()), requested, dispatcher, tracker)
            if requested not in reading()["purchase_answers"] and (bought := purchase_parts(text, tracker)):
                return labelled_events("", list(bought.items()), requested, dispatcher, tracker)
            if is_rules_question(text, intent):
                return [keep, *answer_events(text, dispatcher)]
            if is_courtesy_only(text) and parts()[requested].kind != "role" and parse_bool(text) is None:
                return [
                    keep
                ]  # "ok", "tack" after a question answered in the form: the question is asked again
        if intent == "skip_part" and skip_says_what(text) is False:
            intent = "inform"  # "Vi skippar läxhjälpen och satsar på mentorer …" answers (review 7)
        if intent == "show_summary" and not is_question(text) and draft_request(text) is None:
            intent = "inform"  # "Inga aktiviteter finns hittills i Brunnsäng" answers (review 7)
        if intent == "change_part" and not is_question(text) and len(words(text)) > 5:
            intent = "inform"  # "Återföring från år 3 …" names a part but changes nothing: it is an answer
        if is_long_answer(intent, text):
            intent = "inform"
        if requested == "contact" and re.match(reading()["contact_shape"], text.strip(" .")):
            intent = "inform"  # "Ola Nord, samordnare": a name and role, not a wish to talk to a human
        if is_digression(intent, text, requested):
            if role_in(text) == "kommun" and (requested == "role" or says("own_role_statement", text)):
                # "Jag jobbar på utbildningskontoret, hur mycket pengar finns det i fonden?" (probe_s3 pc13)
                return _answer_with_role(text, dispatcher, tracker)
            return []
        raw = tracker.latest_message.get("text") or ""
        return [SlotSet(requested, raw), SlotSet("last_answered_part", requested)]

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        to_validate = tracker.slots_to_validate()
        candidates = {s: v for s, v in to_validate.items() if s in parts()}
        updates: dict[str, Any] = {s: v for s, v in to_validate.items() if s in STATE_SLOTS}
        if not candidates and not updates:
            if tracker.get_slot("requested_slot") is None:  # the form starts: fill what the user already said
                if tracker.get_slot("role") is None and not any(tracker.get_slot(s) for s in parts()):
                    dispatcher.utter_message(text=reading()["role_assumed"])
                starts: list[EventType] = []
                first = start_part(clean_text(tracker.latest_message.get("text") or ""))
                if first and tracker.get_slot(first) is None:  # "… men börja med återbetalningen" (v7 c009)
                    tracker.slots["jumped_to"] = first
                    starts.append(SlotSet("jumped_to", first))
                filled = await self.prefill(dispatcher, tracker, domain)
                return [*starts, *(SlotSet(s, v) for s, v in filled.items())]
            return []
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        for slot, value in candidates.items():
            updates.update(self.validate_part(slot, value, intent, dispatcher, tracker))
            if slot == tracker.get_slot("reopened_part") and updates.get(slot) is not None:
                updates["reopened_part"] = None
            tracker.slots.update(updates)
        if any(v is not None for s, v in updates.items() if s not in ("requested_slot", "eligibility_facts")):
            updates.update(await self.prefill(dispatcher, tracker, domain))
            tracker.slots.update(updates)
            changed = {s for s, v in updates.items() if s in parts() and v is not None}
            updates.update(self.after_change(dispatcher, tracker, changed))
        return [SlotSet(slot, value) for slot, value in updates.items()]

    async def prefill(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Fill the next parts the user has already answered elsewhere, each confirmed in one line."""
        if tracker.get_slot("role") == "extern":
            return {}
        known = known_facts(tracker)
        done = list(tracker.get_slot("prefilled_parts") or [])
        updates: dict[str, Any] = {}
        if (
            tracker.get_slot("role") is None and known.get("role") == "kommun"
        ):  # not asked, but kept when said
            updates["role"] = tracker.slots["role"] = "kommun"
        for _ in range(len(parts())):
            required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
            missing = next((s for s in required if tracker.slots.get(s) is None), None)
            if (
                missing is None
                or missing in done
                or known.get(missing) is None
                or missing == tracker.get_slot("reopened_part")  # reopened to change: never the old words
            ):
                break
            value = known[missing]
            if parts()[missing].kind == "text" and _answers_elsewhere(missing, str(value), tracker.slots):
                break
            if parts()[missing].kind == "text" and isinstance(value, str):
                value = strip_lead_ins(value, _part_words(missing))
                value = title_only(value) if missing == "title" else value
                value = (known_name(value) or value) if missing == "applicant" else value
            done.append(missing)
            updates[missing] = value
            tracker.slots[missing] = value
            if missing != "role":
                name = label(missing)
                dispatcher.utter_message(
                    text=f"Du har redan berättat det, så jag har fyllt i ”{name}”: {display_value(value)}. "
                    f"Stämmer det inte, skriv ”ändra {name.lower()}”."
                )
        if updates:
            updates["prefilled_parts"] = done
        return updates

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
        text = _without_own_label(clean_text(value)[:MAX_MESSAGE_CHARS], slot)
        if part.kind == "role":
            role = role_from(text, intent)
            if role is None:
                dispatcher.utter_message(
                    text="Svara gärna ”jag arbetar i kommunen” eller ”vi är en extern aktör”."
                )
                return {slot: None}
            return {slot: role, "requested_slot": None} if role == "extern" else {slot: role}
        if part.kind == "bool":
            return self.validate_yes_no(slot, text, intent, dispatcher, tracker)
        if part.kind == "amount":
            amount = parse_amount(text)
            if amount is None and (other := other_part_answered(text, tracker)):
                return _filled_elsewhere(slot, other, text, dispatcher)
            if amount is None:
                dispatcher.utter_message(
                    text="Jag hittade inget belopp. Skriv beloppet i kronor, till exempel ”450 000 kr” "
                    "eller ”1,2 miljoner kronor”."
                )
            return {slot: amount}
        if part.kind == "date":
            return self.validate_date(slot, text, dispatcher, tracker)
        if part.kind == "actor" and (parse_bool(text) is False or (intent == "deny" and len(text) < 20)):
            return {slot: NO_ACTOR}
        if slot in IDENTITY_PARTS and no_identity(text):  # "ja", "nej inte än" as the contact (probe_s7 t745)
            dispatcher.utter_message(text=str(reading()["identity_help"][slot]))
            return {slot: None}
        if yes_no_at_text(text, slot) and not (slot in IDENTITY_PARTS and names_after_yes_no(text)):
            # "ja, i september" asked for the problem (probe_s7 t744); "Ja, Anna Berg" is the contact
            dispatcher.utter_message(
                text=str(reading()["yes_no_at_text"]).format(text=text, part=part.label.lower())
            )
            return {slot: None}
        if is_keyboard_mash(text) and not names_body(text) and tracker.get_slot("unclear_part") != slot:
            # One clarifying question; the same kind of answer again is kept as written (it may be a name).
            dispatcher.utter_message(
                text=f"Jag förstod inte riktigt ”{text}”. Var det ditt svar på frågan om "
                f"{part.label.lower()}? Skriv gärna svaret med några ord, skriv samma sak igen om det "
                "stämmer, eller skriv ”hoppa över”."
            )
            return {slot: None, "unclear_part": slot}
        if (
            slot == "applicant"
            and says("own_role_statement", text)
            and not re.search(reading()["applicant_name"], " ".join(words(fold(text))))
        ):  # "jag är skolkurator på en skola i Västergård": who the user is, not who applies (blind v6 c013)
            dispatcher.utter_message(text=reading()["applicant_is_role"])
            return {slot: None}
        bodies = set(re.findall(reading()["body_name"], " ".join(words(fold(text)))))
        if slot == "applicant" and len(bodies) > 1 and tracker.get_slot("unclear_part") != slot:
            # "utbildningsnämnden och socialnämnden tillsammans" (blind v7 c010): one of them applies
            dispatcher.utter_message(text=reading()["several_applicants"])
            return {slot: None, "unclear_part": slot}
        text = strip_lead_ins(text, _part_words(slot))
        extra: dict[str, Any] = {}
        if part.kind == "actor":
            text = _first_sentence(text)
            if (amount := parse_amount(text)) and tracker.get_slot("external_actor_value_sek") is None:
                # "simföreningen eller annan leverantör, ca 400 000 kr, under 2027" (blind v6 c007): the value
                extra["external_actor_value_sek"] = amount
            text = _actor_name(text)
        if slot == "title":
            text = title_only(text)
        if slot == "applicant":
            if match := re.match(reading()["applicant_lead"], " ".join(words(fold(text)))):
                unit = " ".join(
                    text.split()[len(match.group(0).split()) :]
                )  # "Jag arbetar på socialkontoret"
                text = _tidy_value(unit) if unit else text
            text = known_name(text) or text  # "Sokande ar socialnamnden" -> "Socialnämnden"
            text = _tidy_value(text) if names_body(text) and len(words(text)) <= 4 else text
        if len(text) < 2:
            dispatcher.utter_message(text=f"Skriv gärna lite mer om {part.label.lower()}.")
            return {slot: None}
        if tracker.get_slot("unclear_part") == slot:
            return {slot: text, "unclear_part": None, **extra}
        return {slot: text, **extra}

    def validate_yes_no(
        self, slot: str, text: str, intent: str | None, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """Ja or nej; an unclear answer gets one follow-up on what counts as ja, then is kept as written."""
        if unsure := unsure_reply(text, slot):  # never a stored "nej" (probe_s7 t747)
            dispatcher.utter_message(text=unsure)
            return {slot: None}
        answer = parse_bool(text)
        first = words(fold(text))[:1]
        clear_no = (
            answer is False and first and first[0] in ("nej", "nae", "naa", "neej", "nix", "ingen", "inga")
        )
        # After the one follow-up that said what counts as ja ("även om det bara är muntligt"), an answer that
        # starts with ja/jo/nej is taken as said ("jo hon har sagt ok muntligt", probe_s3 pc14).
        after_help = tracker.get_slot("unclear_part") == slot and answer is not None
        starts_clearly = bool(first) and first[0] in ("ja", "jo", "japp", "javisst", "nej", "nae")
        if not clear_no and not (after_help and starts_clearly) and is_unclear_yes_no(text):
            answer = None
        if answer is None and intent in ("affirm", "deny") and not is_hedged(text):
            answer = intent == "affirm"
        notes = dict(tracker.get_slot("part_notes") or {})
        if answer is not None:
            notes.pop(slot, None)
            if explained := explanation_after_yes_no(text):  # "Nej, men idén tas upp på nämndens möte i mars"
                notes[slot] = explained
            # "förvaltningschefen har sagt ja och nämnden fick info i september" (probe_s8 g815): the other
            # anchoring part the same sentence settles is filled too, not asked again
            told: dict[str, Any] = {}
            for part, (value, said) in anchoring_answers(text).items():
                if part != slot and tracker.get_slot(part) is None:
                    told[part] = value
                    notes[part] = said
            return {slot: answer, **told, "unclear_part": None, "part_notes": notes}
        anchored = anchoring_answers(text)
        if (
            not anchored
            and tracker.get_slot("unclear_part") != slot
            and (other := other_part_answered(text, tracker))
        ):
            # an answer to another part, not an unclear yes/no: stored there, this part asked again
            return _filled_elsewhere(slot, other, text, dispatcher)
        if slot in anchored:  # "vår förvaltningschef vet inte om det än och nämnden har inte hört talas …"
            updates: dict[str, Any] = {"unclear_part": None}
            for part, (value, said) in anchored.items():
                updates[part] = value
                notes[part] = said
            return {**updates, "part_notes": notes}
        if tracker.get_slot("unclear_part") == slot:
            dispatcher.utter_message(
                text=f"Jag skriver in ditt svar som du skrev det och markerar det som oklart: ”{text}”. "
                f"Du kan ändra det senare med ”ändra {label(slot).lower()}”."
            )
            return {slot: f"{UNCLEAR}{text}", "unclear_part": None}
        dispatcher.utter_message(
            text=f"Jag är inte säker på om det betyder ja eller nej. {yes_no_help(slot)} "
            "Du kan lägga till en förklaring efter ja eller nej, till exempel ”Nej, men …”."
        )
        return {slot: None, "unclear_part": slot}

    def validate_date(
        self, slot: str, text: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        parsed = parse_date(text)
        if parsed is None and (other := other_part_answered(text, tracker)):
            return _filled_elsewhere(slot, other, text, dispatcher)
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

    def after_change(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, changed: set[str] | None = None
    ) -> dict[str, Any]:
        """Save the draft, then tell at once about any check that now fails or warns (once per verdict), and
        the conditional answer of a still open check that the ``changed`` parts feed ("Om ni
        direktupphandlar: nej, 1 500 000 kr är över …" once the contract's value is known)."""
        slots = tracker.current_slot_values()
        data = sketch_dict(slots, tracker.get_slot("skipped_parts"))
        save_draft(tracker.sender_id, build_sketch(data))
        if slots.get("role") == "extern":
            return {}
        announced = list(tracker.get_slot("announced_checks") or [])
        try:
            results = run_checks(data)
        except Exception:  # noqa: BLE001 - a failing check must not stop the form
            logger.exception("run_checks failed during the form")
            return {}
        part_checks = reading()["asks_for_check"]["part_checks"]
        touched = {part_checks[slot] for slot in changed or () if slot in part_checks}
        if missing := self.references_missing(slots, changed, results, data, announced):
            dispatcher.utter_message(text=missing)
        for result in results:
            key = f"{result.id}:{result.status}"
            if key in announced:
                continue
            if result.status in ("fail", "warn"):
                announced.append(key)
                prefix = "Observera – " if result.status == "fail" else ""
                dispatcher.utter_message(text=prefix + verdict_text(result))
            elif result.status == "unknown" and result.id in touched and getattr(result, "conditional", None):
                announced.append(key)
                dispatcher.utter_message(text=f"{result.title}: {result.conditional}")
            elif result.status == "pass" and result.id in touched and getattr(result, "fix", None):
                # A check the answer settles that still asks something of the user ("… får direktupphandlas.
                # Så kan ni göra: Dokumentera direktupphandlingen.", blind v6 c007, now tuning): said once.
                announced.append(key)
                dispatcher.utter_message(text=verdict_text(result))
        return {"announced_checks": announced}

    @staticmethod
    def references_missing(
        slots: dict[str, Any],
        changed: set[str] | None,
        results: list[Any],
        data: dict[str, Any],
        announced: list[str],
    ) -> str | None:
        """ "Metod: … men jag har inga referenser just nu" (blind v5, c008): the fund's requirement on
        research references (the knowledge check on the user's words) and how to add them later, once."""
        said = next(
            (
                str(slots[slot])
                for slot in ("method", "knowledge_base")
                if slot in (changed or ()) and isinstance(slots.get(slot), str)
            ),
            None,
        )
        if not said or not says("missing_references", said):
            return None
        if any(r.id == "kunskapsbas" and r.status in ("fail", "warn") for r in results):
            return None  # the check itself is announced with its advice
        try:
            checked = run_checks({**data, "knowledge_base": data.get("knowledge_base") or said})
        except Exception:  # noqa: BLE001 - a failing check must not stop the form
            logger.exception("run_checks failed for missing references")
            return None
        found = [r for r in checked if r.id == "kunskapsbas" and r.status in ("fail", "warn")]
        if not found or f"kunskapsbas:{found[0].status}" in announced:
            return None
        announced.append(f"kunskapsbas:{found[0].status}")
        return f"{verdict_text(found[0])}\n{reading()['missing_references_text']}"


def _answer_with_role(text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """ "Jag jobbar på utbildningskontoret, måste vi ha en jämförelsegrupp?" in the form: the role is stored
    and the question answered, so neither is asked again (an outside actor hears the rule instead, from the
    form's end)."""
    return [
        *answer_events(text, dispatcher),
        SlotSet("role", "kommun"),
        SlotSet("last_answered_part", tracker.get_slot("last_answered_part") or "role"),
    ]


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
            text = tracker.latest_message.get("text") or ""
            if is_question(text) or len(text.split()) > 4:
                # "Får vi direktupphandla det?" read as "skip": outside the form it is a question.
                from actions.respond import ActionRespond

                return await ActionRespond().run(dispatcher, tracker, domain)
            dispatcher.utter_message(text="Det finns ingen fråga att hoppa över just nu.")
            return []
        name = label(requested)
        dispatcher.utter_message(
            text=f"Okej, vi hoppar över ”{name}” så länge. "
            f"Skriv ”ändra {name.lower()}” när du vill fylla i den."
        )
        return [SlotSet("skipped_parts", [*_skipped(tracker), requested]), SlotSet("requested_slot", None)]


def parts_list_text(left: list[str] | None = None) -> str:
    """The parts as the bot labels them (or only ``left``, the parts not answered yet); each label works in
    "ändra <label>"."""
    if left is not None and not left:
        return "Alla delar är ifyllda. Skriv ”visa sammanfattning” för att se hela idéskissen."
    names = [
        part.label for part in parts().values() if part.slot != "role" and (left is None or part.slot in left)
    ]
    lines = "\n".join(f"• {name}" for name in names)
    heading = (
        f"Du har {len(names)} delar kvar:"
        if left is not None and len(names) > 1
        else "Du har en del kvar:"
        if left is not None
        else "Idéskissen har de här delarna:"
    )
    return (
        f"{heading}\n{lines}\n"
        "Skriv ”ändra” och delens namn för att fylla i eller ändra en del, "
        f"till exempel ”ändra {label('target_group').lower()}”. "
        "Det går också med delar du har hoppat över."
    )


def change_events(change: Change, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Reopen the named part (or the part just answered), or store the new answer given with the change.

    The pending part keeps its state: it is asked again once the changed part is answered.
    """
    if change.old is not None and change.value is not None:
        return substitution_events(change.old, change.value, dispatcher, tracker)
    slot = change.part or tracker.get_slot("last_answered_part")
    keep = SlotSet("last_answered_part", tracker.get_slot("last_answered_part"))
    if slot is None or slot not in parts():
        dispatcher.utter_message(
            text="Vilken del vill du ändra? Skriv till exempel ”ändra målgrupp”, ”ändra sökt belopp” eller "
            "”ändra metod”. Skriv ”vilka delar finns?” för att se alla delar."
        )
        return [keep]
    name = label(slot)
    skipped = _skipped(tracker)
    requested = tracker.get_slot("requested_slot")
    answered = tracker.get_slot(slot) is not None or slot in skipped
    events: list[EventType] = [
        SlotSet("skipped_parts", [s for s in skipped if s != slot]),
        SlotSet("announced_checks", []),
        SlotSet("prefilled_parts", sorted({*(tracker.get_slot("prefilled_parts") or []), slot})),
    ]
    if change.value is not None:
        before = tracker.get_slot(slot)
        if change.part is None and isinstance(before, str) and (merged := merge_meant(before, change.value)):
            change = Change(slot, merged)  # "nej, jag menade årskurs 4 till 6": only those words change
        if answered:  # the new words said back, so the user sees what is stored (blind v6 c009: "år 3")
            shown = display_value(change.value)
            shown = shown if len(shown) <= 160 else shown[:157].rstrip() + " …"
            dispatcher.utter_message(text=f"Okej, jag ändrar ”{name}” till: {shown}")
        else:  # "Ja, målgruppen är …" for a part not answered yet: an answer, not a change
            dispatcher.utter_message(text=f"Tack, det fyller jag i under ”{name}”.")
            if change.jump:  # "kan vi ta metoden direkt? vi ska …": the form goes on after it (class A)
                events.append(SlotSet("jumped_to", slot))
        # the parts skipped with it ("hoppa över förankringen") are asked next (blind v6 c002, tuning)
        if back := [s for s in _group_of(slot) if s in skipped and tracker.get_slot(s) is None]:
            events[0] = SlotSet("skipped_parts", [s for s in skipped if s != slot and s not in back])
            events.append(SlotSet("reopened_part", back[0]))
        return [*events, SlotSet(slot, change.value), SlotSet("last_answered_part", slot)]
    events.append(SlotSet("reopened_part", slot))
    if answered or slot == requested:
        dispatcher.utter_message(text=f"Okej, vi ändrar ”{name}”.")
    else:
        # A part not reached yet is asked now, wherever it is in the form. Ahead of the pending part it is a
        # jump: the form goes on from there ("hoppa fram till externa aktörer", blind v6 c007, now tuning).
        dispatcher.utter_message(text=f"Okej, vi tar ”{name}” nu.")
        order = list(parts())
        if requested in order and order.index(slot) > order.index(requested):
            events.append(SlotSet("jumped_to", slot))
    cleared = [slot, *(ACTOR_SLOTS[1:] if slot == "external_actor_name" else [])]
    return [*events, *(SlotSet(s, None) for s in cleared), SlotSet("last_answered_part", slot)]


def substitution_events(
    old: str, new: str, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """ "nej, inte Geneta, jag menade Ronna": the words replaced in every answer that has them, and said
    where; the pending part is asked again."""
    changed = {
        slot: replaced
        for slot, value in text_answers(tracker).items()
        if (replaced := substitute_words(value, old, new)) != value
    }
    listed = swedish_list([f"”{label(slot)}”" for slot in changed])
    dispatcher.utter_message(text=f"Okej, jag har ändrat ”{old}” till ”{new}” under {listed}.")
    last = tracker.get_slot("last_answered_part")
    return [
        *(SlotSet(slot, value) for slot, value in changed.items()),
        SlotSet("last_answered_part", last if last in changed else next(iter(changed), last)),
    ]


class ActionChangePart(Action):
    """ "ändra målgruppen" outside the form (or when the form did not take it): reopen that part; "nej, inte
    Geneta, jag menade Ronna" after the form replaces those words in the draft."""

    def name(self) -> str:
        return "action_change_part"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        change = read_change(text, part_phrases(), text_answers(tracker))
        if change is not None and change.old is not None and change.value is not None:
            events = substitution_events(change.old, change.value, dispatcher, tracker)
            changed = {
                e["name"]: e["value"] for e in events if e.get("event") == "slot" and e["name"] in parts()
            }
            data = sketch_dict({**tracker.current_slot_values(), **changed}, _skipped(tracker))
            save_draft(tracker.sender_id, build_sketch(data))
            return [*events, SlotSet("requested_slot", None)]
        entity = next(tracker.get_latest_entity_values("sketch_part"), None)
        slot = (
            (change.part if change else None)
            or part_named_in(text)
            or (entity if entity in parts() else None)
            or (tracker.get_slot("last_answered_part") if change else None)
        )
        if slot is None:
            dispatcher.utter_message(
                text="Vilken del vill du ändra? Skriv till exempel ”ändra målgrupp”, ”ändra sökt belopp” "
                "eller ”ändra metod”. Skriv ”vilka delar finns?” för att se alla delar."
            )
            return []
        events = change_events(Change(slot), dispatcher, tracker)
        cleared = {e["name"] for e in events if e.get("event") == "slot" and e["value"] is None}
        remaining = {k: v for k, v in tracker.current_slot_values().items() if k not in cleared}
        skipped = [s for s in _skipped(tracker) if s != slot]
        save_draft(tracker.sender_id, build_sketch(sketch_dict(remaining, skipped)))
        return [*events, SlotSet("requested_slot", None)]


class ActionListParts(Action):
    """ "Vilka delar finns?": the parts with the labels the bot uses everywhere else."""

    def name(self) -> str:
        return "action_list_parts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = clean_text(tracker.latest_message.get("text") or "")
        left = _left_if_asked(text, tracker) if tracker.get_slot("role") != "extern" else None
        dispatcher.utter_message(text=parts_list_text(left))
        return []


class ActionShowSummary(Action):
    def name(self) -> str:
        return "action_show_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        slots = tracker.current_slot_values()
        started = any(slots.get(s) is not None for s in parts() if s != "role")
        if not started and tracker.active_loop_name == FORM:
            dispatcher.utter_message(
                text="Idéskissen är påbörjad, men ingen del är ifylld än. Svara på frågan nedan, så fyller "
                "jag i den första delen."
            )
            return []
        if not started:
            dispatcher.utter_message(
                text="Du har inte börjat på någon idéskiss än. "
                "Skriv ”jag vill skriva en idéskiss” för att börja."
            )
            return []
        text = clean_text(tracker.latest_message.get("text") or "")
        if asks_for_export(text) or draft_request(text) == "export":
            dispatcher.utter_message(text=export_text(tracker.sender_id))
            return []
        if tracker.active_loop_name != FORM and asks_to_resume(text, None):  # "hur långt har vi kommit?"
            dispatcher.utter_message(
                text=progress_text(slots, _skipped(tracker))
                + "\nSkriv ”fortsätt med min idéskiss”, så fortsätter vi där du slutade."
            )
            return []
        dispatcher.utter_message(
            text=summary_text(slots, _skipped(tracker), tracker.sender_id, pending=pending_unclear(tracker))
        )
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
                text="Välkommen tillbaka! Vi fortsätter med din idéskiss där du slutade.\n"
                + progress_text(slots, _skipped(tracker))
            )
            return []
        draft = load_draft(tracker.sender_id)
        restored = slots_from_draft(draft) if draft else {}
        if not restored:
            dispatcher.utter_message(text="Jag hittar inget sparat utkast, så vi börjar från början.")
            return []
        dispatcher.utter_message(
            text="Välkommen tillbaka! Jag har hämtat ditt sparade utkast och vi fortsätter.\n"
            + progress_text({**slots, **restored}, [])
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
        from webapp.coordinator.recorder import record_sketch_event  # insights: finished (once per sketch)

        record_sketch_event("klar", tracker.sender_id)
        dispatcher.utter_message(text="Klart! Här är din idéskiss.")
        dispatcher.utter_message(text=summary_text(slots, skipped, tracker.sender_id, links=False))
        try:
            results = run_checks(data)
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
