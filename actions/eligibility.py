"""Running the fund's eligibility checks in conversation and explaining the verdicts readably."""

from __future__ import annotations

import logging
import re
from typing import Any

from pydantic_core import to_jsonable_python
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.citations import citation_text
from actions.fund import coordinator_text
from actions.services import (
    STATUS_LABELS,
    amount_spans,
    contract_values,
    parse_amount,
    prices_a_contract,
    swedish_list,
    what_if_amount,
)
from actions.sketch_state import label, parts, sketch_dict
from actions.text_input import earlier_texts, usable_text

logger = logging.getLogger(__name__)

_STATUS_ORDER = {"fail": 0, "warn": 1, "unknown": 2, "pass": 3}
MAX_MISSING_ASKED = 4
MAX_UNKNOWN_EXPLAINED = 2


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
        checks = "kontroll" if rest == 1 else "kontroller"
        messages.append(f"{rest} {checks}{more} kan jag inte bedöma än, eftersom uppgifter saknas.")
    passed = [r for r in results if r.status == "pass"]
    if passed:
        messages.append(f"{STATUS_LABELS['pass']}: " + ", ".join(r.title for r in passed) + ".")
    return messages


def missing_question(results: list[Any], limit: int = MAX_MISSING_ASKED) -> str | None:
    """Ask for the facts that would let the unknown checks decide, most needed first."""
    counts: dict[str, int] = {}
    for result in results:
        for field in result.missing or []:
            counts[field] = counts.get(field, 0) + 1
    if not counts:
        return None
    order = list(parts())
    fields = sorted(counts, key=lambda f: (-counts[f], order.index(f) if f in order else len(order)))
    names = [label(f).lower() for f in fields[:limit]]
    listed = swedish_list(names)
    return f"För att kunna bedöma mer behöver jag veta: {listed}. Berätta gärna, så prövar jag igen."


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


HEADLINES = {
    "fail": "Troligen inte som idén är beskriven nu: {titles}.",
    "warn": "Det kan gå, men det finns något att kontrollera först: {titles}.",
    "unknown": "Det beror på uppgifter som jag inte har än: {titles}.",
}
PROBABLY_NOT = "Troligen inte"
UNDECIDED = HEADLINES["unknown"].split("{", 1)[0]
"""How a reply begins when every check it names still lacks facts."""
IF_TRUE_FAILS = "Om det stämmer uppfylls regeln inte"
"""How the rules word a failure that rests on facts read from free text (rules/checks/__init__.py)."""
NOTHING_FOUND = (
    "Jag ser inget i det du har berättat som strider mot fondens regler, men jag kan inte bedöma idén "
    "förrän fler uppgifter finns."
)

FIRST_WORD_ASKS = re.compile(
    r"\W*(?:kan|far|maste|ska|gar|behover|bor|ar|finns|raknas|galler|skriv|gor|hitta|ge|lista|fixa|visa)\b"
)
"""A message that opens with a question verb or a request ("kan en insats … räknas om …", "Skriv i
idéskissen att …"): a question or request without "?", not an idea to ask about."""
NOT_YET_DECIDABLE = (
    "Idén går inte att pröva mot fondens regler än: det avgörs av uppgifter som inte finns med ännu. "
    "(Vägledning, inte ett beslut.)"
)
"""How a first message with an idea and nothing decidable is answered, before the most decisive question."""


NEXT_STEP = (
    "Första steget mot fonden är en idéskiss som nämnden står bakom. Skriv ”jag vill skriva en idéskiss”, så "
    "hjälper jag dig steg för steg."
)

MAX_OTHER_PROBLEMS = 2
"""Besides the checks a message asks about, at most this many other checks it raised a problem in."""


def touched_results(
    results: list[Any], before: list[Any], topics: list[str], text: str | None = None
) -> list[Any]:
    """The checks the message asks about, then the checks whose verdict it turned into a problem and for
    which it gave facts (a warning that rests on no fact of ``text``, the message, is left out).

    A pass is shown only for a check the user asked about: a list of passes is no answer, and a pass in chat
    rests on facts the user stated (the checks give at most ``warn`` on facts read from free text).
    """
    from actions.services import would_pass_if_confirmed

    earlier = {r.id: (r.status, r.explanation) for r in before}
    order = {check: n for n, check in enumerate(topics)}
    asked = sorted((r for r in results if r.id in order), key=lambda r: order[r.id])
    others = sorted(
        (
            r
            for r in results
            if r.id not in order
            and r.status in ("fail", "warn")
            and not would_pass_if_confirmed(r)
            and earlier.get(r.id) != (r.status, r.explanation)
            and not rests_on_no_fact(r, text)
        ),
        key=lambda r: _STATUS_ORDER[r.status],
    )
    return asked + others[:MAX_OTHER_PROBLEMS]


def concerned_topics(text: str, results: list[Any], before: list[Any]) -> list[str]:
    """The checks a later statement ``text`` is about: the checks nearest to it by meaning
    (rules/concerns.py), first those among them whose verdict changed on a fact read from it (its provenance
    phrase is part of ``text``); with none near, the first check that changed so."""
    from actions import services
    from actions.services import fold

    earlier = {r.id: (r.status, r.explanation) for r in before}
    said = " ".join(fold(text.lower()).split())

    def from_text(phrase: str | None) -> bool:
        words = " ".join(fold(str(phrase or "").lower()).split()).strip(' .…”“"')
        return bool(words) and (words[:40] in said or said[:40] in words)

    changed = [
        r.id
        for r in results
        if earlier.get(r.id) != (r.status, r.explanation) and any(from_text(f.phrase) for f in r.facts or [])
    ]
    nearest = services.concerned_checks(text)
    return [c for c in changed if c in nearest] or nearest or changed[:1]


def rests_on_no_fact(result: Any, text: str | None) -> bool:
    """A warning whose wording says the message gave no fact for it (``no_fact_warnings`` in
    actions/data/understanding.yaml): "Det framgår inte om någon enskild person får något …", or a guess from
    a sentence that only may carry the signal when ``text`` (the new message) has none of the check's cues,
    or a warning that ``text`` contradicts in the check's own words (``only_with``). ``text`` None: no message
    to look in."""
    from actions.understanding import _data

    if result.status != "warn":
        return False
    for item in _data().get("no_fact_warnings") or ():
        if item["check"] != result.id or not str(result.explanation).startswith(item["starts"]):
            continue
        from actions.services import check_pattern, clause_hits

        def says(vocabulary: list[str]) -> bool:
            found = clause_hits(text, check_pattern(vocabulary[0], vocabulary[1]))
            return any(not hit.negated for hit in found)

        if only_with := item.get("only_with"):
            return bool(text) and says(only_with)
        cue = item.get("cue")
        return not cue or not text or not says(cue)
    return False


def shown_problems(results: list[Any], description: str | None) -> list[Any]:
    """The fails and warnings worth showing for what was said (``description``), worst first: none that a
    confirmation would turn into a pass, none that rests on no fact of it; at most MAX_OTHER_PROBLEMS + 1."""
    from actions.services import would_pass_if_confirmed

    return sorted(
        (
            r
            for r in results
            if r.status in ("fail", "warn")
            and not would_pass_if_confirmed(r)
            and not rests_on_no_fact(r, description)
        ),
        key=lambda r: _STATUS_ORDER[r.status],
    )[: MAX_OTHER_PROBLEMS + 1]


def in_sentence(title: str) -> str:
    """A check's title inside a sentence: only the first letter lowered (”upphandling enligt LOU”)."""
    return title[:1].lower() + title[1:]


def _asked_in_question(text: str, topics: list[str]) -> list[str]:
    """The checks the question sentences of ``text`` name, when it also describes the idea ("Vi vill anlita en
    extern utvärderare från en högskola för 900 000 kr. Måste det upphandlas?" asks about upphandling, not
    utvärdering: retired blind v5 chat s131); empty when no question sentence names one."""
    from actions.understanding import sentences_of, topics_in

    sentences = sentences_of(text)
    questions = [s for s in sentences if s.endswith("?")]
    if not questions or len(questions) == len(sentences):
        return []
    named = topics_in(" ".join(questions))
    return [t for t in named if t in topics]


def headline(chosen: list[Any], topics: list[str], text: str = "") -> str:
    """The first sentence: the answer to what was asked, as far as the facts allow. A question whether
    something matters ("…, gör det något?") gets "Ja, det spelar roll" on a failure, not "Troligen inte"."""
    from actions.services import would_pass_if_confirmed
    from actions.understanding import asks_if_it_matters

    asked = _asked_in_question(text, topics)
    focus = [r for r in chosen if r.id in asked] or [r for r in chosen if r.id in topics] or chosen
    if not focus:
        return NOTHING_FOUND
    worst = min(focus, key=lambda r: _STATUS_ORDER[r.status])
    conditional = str(getattr(worst, "conditional", None) or "")
    matters = asks_if_it_matters(text)
    if conditional.startswith(IF_TRUE_FAILS):
        rest = conditional[len(IF_TRUE_FAILS) :].lstrip(": ")
        lead = "Ja, det spelar roll" if matters else PROBABLY_NOT
        return f"{lead}, om jag har förstått rätt ({in_sentence(worst.title)}): {rest}"
    if matters and worst.status == "fail":
        title = in_sentence(worst.title)
        return f"Ja, det spelar roll: {title} uppfylls troligen inte som idén är beskriven nu."
    if conditional and worst.id in topics:
        return f"{worst.title}: {conditional}"
    if worst.status == "pass":
        return f"Utifrån det du har berättat: {', '.join(r.title for r in focus)} – inget hinder."
    if all(would_pass_if_confirmed(r) for r in focus if r.status == worst.status):
        # Every fact it rests on was read from the chat: no hinder if the reading is right, never "Uppfyllt".
        named = ", ".join(r.title for r in focus if r.status == worst.status)
        return f"{named}: inget hinder så här långt, om jag har förstått rätt."
    titles = [in_sentence(r.title) for r in focus if r.status == worst.status]
    return HEADLINES[worst.status].format(titles=", ".join(titles))


def verdict_block(result: Any, shown: str = "") -> str:
    """A verdict with its conditional answer ("Om ni direktupphandlar: …") when a fact is still open; a
    conditional already ``shown`` in the headline is not repeated."""
    conditional = str(getattr(result, "conditional", None) or "")
    rest = (
        conditional[len(IF_TRUE_FAILS) :].lstrip(": ")
        if conditional.startswith(IF_TRUE_FAILS)
        else conditional
    )
    if not conditional:
        return verdict_text(result)
    if rest and rest in shown:
        lines = [f"{STATUS_LABELS[result.status]}: {result.title}."]
    else:
        lines = [f"{STATUS_LABELS[result.status]}: {result.title}. {conditional}"]
    if result.fix:
        lines.append(f"Så kan ni göra: {result.fix}")
    lines += [f"Källa: {citation_text(c)}" for c in (result.citations or [])[:2]]
    return "\n".join(lines)


def confirmation_messages(agreed: bool, previous: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The user's "ja"/"nej" to "Det låter som att … – stämmer det?": the fact is stated or dropped."""
    from actions import services

    pending = previous.get("pending") or {}
    facts = {k: v for k, v in previous.items() if k != "pending"}
    fact, check = pending.get("fact"), pending.get("check")
    if not agreed:
        return [
            "Tack, då räknar jag inte med det. Berätta gärna med egna ord vad pengarna ska användas till, "
            "så prövar jag idén igen."
        ], facts
    facts["confirmed"] = sorted({*(facts.get("confirmed") or []), fact})
    try:
        results = services.run_checks(
            {"description": facts.get("description")},
            only=[check] if check else None,
            confirmed=facts["confirmed"],
        )
    except Exception:  # noqa: BLE001
        logger.exception("run_checks failed")
        return [
            "Jag kunde inte pröva idén just nu på grund av ett tekniskt fel. " + coordinator_text()
        ], facts
    messages = ["Tack för att du bekräftar. Då blir bedömningen så här (vägledning, inte ett beslut):"]
    messages += [verdict_block(r) for r in results]
    return messages, facts


def format_sek(amount: int) -> str:
    return f"{amount:,} kr".replace(",", " ")


def contract_total(before: str, text: str) -> int | None:
    """The summed value when ``text`` continues a contract described ``before`` with the same supplier (the
    continuation words are data: ``same_supplier`` in actions/data/understanding.yaml), else None."""
    from actions import services
    from actions.understanding import continues_contract

    if not before or not continues_contract(text):
        return None
    earlier = [a for a in services.extract_facts(before).get("external_actors") or [] if isinstance(a, dict)]
    earlier_value = max((int(a.get("value_sek") or 0) for a in earlier), default=0)
    added_value = int(parse_amount(text) or 0)
    if not earlier_value or not added_value:
        return None
    return earlier_value + added_value


def with_contract_length(before: str, text: str) -> str | None:
    """``before`` with its yearly amount's sentence given the length that ``text`` states ("… 300 000 kr per
    år." + "avtalet är på tre år" -> "… 300 000 kr per år i 3 år."), so the checks count the whole contract;
    None when ``text`` states no length or ``before`` no yearly amount."""
    from actions.understanding import contract_years, yearly_sentence

    years = contract_years(text)
    sentence = yearly_sentence(before) if years else None
    if not years or not sentence or yearly_sentence(text) or not parse_amount(sentence):
        return None
    stem = sentence.rstrip().rstrip(".!")
    return before.replace(sentence, f"{stem} i {years} år. ", 1).strip()


WHOLE_CONTRACT = (
    "Räknat för hela avtalet blir det {total} ({amount} per del). Det är hela värdet, exklusive moms, som "
    "jämförs med direktupphandlingsgränsen."
)
"""The whole value of a contract a rule question splits into parts (rules.extract.contract_values)."""

RULE_ITSELF = ("dela_upp_avtal", "dokumentation", "gransen_2015")
"""Procurement questions about a rule itself ("kan vi inte dela upp det i två avtal på 450 000 var?"): the
rule answers them, not the check of the idea described before (retired blind v5 chat c011, turn 4)."""


def _asks_rule_itself(text: str) -> bool:
    from actions.services import rule_topic

    return "?" in text and rule_topic(text) in RULE_ITSELF


def what_if(before: str, text: str) -> str | None:
    """``before`` with its last amount replaced by the amount of a hypothetical follow-up ``text`` ("och om
    det kostar 900 000?"), or None when ``text`` is no such question or ``before`` names no amount."""
    amount = what_if_amount(text)
    spans = amount_spans(before)
    if amount is None or not spans:
        return None
    start, end, _ = spans[-1]
    return f"{before[:start]}{format_sek(amount)}{before[end:]}"


def idea_messages(
    text: str,
    previous: dict[str, Any],
    topics: list[str],
    tracker: Tracker | None = None,
    outcome: dict[str, Any] | None = None,
    facts_from_text: bool = True,
) -> tuple[list[str], dict[str, Any]]:
    """Replies to an idea described in chat, and the facts to remember for the rest of the conversation.

    With ``facts_from_text`` False the checks read only the idea as described before ``text`` (a question
    about a rule asked mid-idea is no statement about the idea; ``text`` only picks the topic and headline).

    ``outcome``, when given, is filled with ``topic_decided`` (a check the message asks about has a verdict or
    a conditional answer) and ``fail`` (a shown check fails).

    Everything read from the chat is free text: it goes in as ``description`` (inferred facts), never as a
    stated field, so no check can pass on it. Facts from the idéskiss form count as stated.
    """
    from actions import services

    if not facts_from_text:
        facts = dict(previous)
        facts["description"] = previous.get("description") or ""
    else:
        facts = merge_facts(previous, services.extract_facts(text))
        facts["description"] = "\n".join(x for x in (previous.get("description"), text) if x)
    bought = "upphandling" in (previous.get("topics") or []) and bool(contract_values(text))
    if facts_from_text and "upphandling" not in topics and (prices_a_contract(text) or bought):
        # (or an amount in a conversation about a purchase: "och om vi delar upp det på tre år, 250 000 per
        # år?" after a consultant's price, blind v7 c017 turn 3)
        # "Offerten ligger på ungefär 450 000 kr för hela avtalstiden": the price of a purchase is given to be
        # checked against the direct-award limit, also when the question before went elsewhere (v5 chat c011)
        topics = ["upphandling", *topics]
    if not facts_from_text:
        instead = None
    elif (instead := what_if(previous.get("description") or "", text)) is not None:
        # "och om det kostar 900 000?" after "Offerten ligger på 450 000 kr": the checks read the idea with
        # that price instead; what is remembered stays as it was (retired blind v5 chat c011)
        facts = dict(previous)
        topics = list(dict.fromkeys([*topics, "upphandling"]))
    elif total := contract_total(previous.get("description") or "", text):
        # The same contract split across messages ("… 650 000 kr i år" – "samma sak för 650 000 kr nästa år"):
        # the procurement rules count the whole contract, so the sum is added to what the checks read.
        facts["description"] += (
            f"\nSammanlagt värde för samma leverantör: {format_sek(total)} för hela avtalsperioden."
        )
        topics = ["upphandling", *[t for t in topics if t != "upphandling"]]
    elif longer := with_contract_length(previous.get("description") or "", text):
        # "… 300 000 kr per år" then "avtalet är på tre år": LOU counts the whole period.
        facts["description"] = f"{longer}\n{text}"
        topics = ["upphandling", *[t for t in topics if t != "upphandling"]]
    slots = {}
    if tracker is not None:
        slots = sketch_dict(tracker.current_slot_values(), tracker.get_slot("skipped_parts"))
    # Only the description goes to the checks: they read facts out of it themselves and mark them inferred.
    # The extracted facts are remembered for the idéskiss form, which asks the user to confirm them.
    confirmed = list(previous.get("confirmed") or [])
    checked = instead if instead is not None else facts["description"]
    try:
        results = services.run_checks({**slots, "description": checked}, confirmed=confirmed)
        before = services.run_checks(
            {**slots, "description": previous.get("description")}, confirmed=confirmed
        )
    except Exception:  # noqa: BLE001
        logger.exception("run_checks failed")
        failed = "Jag kunde inte pröva idén just nu på grund av ett tekniskt fel. " + coordinator_text()
        return [failed], previous
    later = bool(previous.get("description")) or (tracker is not None and bool(earlier_texts(tracker)))
    if not topics and later and instead is None:
        # A fact stated in a later turn ("nämnden fick information 19 november", "det blir typ 250 000 kr"):
        # the check it concerns is answered, not "Jag ser inget …" (blind v7 c017, c033, c036, c038, c040).
        topics = concerned_topics(text, results, before)
    chosen = touched_results(results, before, topics, text)
    if _asks_rule_itself(text) and (rule := direct_award_messages(text)):
        # "kan vi inte dela upp det i två avtal på 450 000 var?": the rule answers first ("Nej, det är inte
        # tillåtet …"), not the check of the contract described before (retired blind v5 chat c011, turn 4)
        if outcome is not None:
            outcome.update(topic_decided=True, fail=False, topic_question="")
        facts["confirmed"] = confirmed
        facts["topics"] = list(topics)
        facts.pop("pending", None)
        whole = [v for v in contract_values(text) if v.how in ("period", "count")]
        if whole:
            # "och om vi delar upp det på tre år, 250 000 per år?": what the parts make together (v7 c017 t3)
            rule = [
                *rule,
                WHOLE_CONTRACT.format(total=format_sek(whole[0].total), amount=format_sek(whole[0].amount)),
            ]
        return rule, to_jsonable_python(facts)
    if outcome is not None:
        outcome["topic_decided"] = not _asks_rule_itself(text) and any(
            r.id in topics and (r.status != "unknown" or bool(getattr(r, "conditional", None)))
            for r in chosen
        )
        outcome["fail"] = any(r.status == "fail" for r in chosen)
        # The single most decisive question of the checks the message asks about (rules data), for a reply
        # that answers the question first and asks this after.
        asked_about = [r for r in chosen if r.id in topics and r.status == "unknown"]
        decisive = services.decisive_question(asked_about) if asked_about else None
        outcome["topic_question"] = str(decisive.text) if decisive is not None else ""
    first = headline(chosen, topics, text)
    messages = [first + " (Vägledning, inte ett beslut.)"]
    facts["confirmed"] = confirmed
    facts["topics"] = list(topics)
    facts.pop("pending", None)
    if not chosen:
        # Nothing in the message decides a check: say what would, and the way forward (an idéskiss).
        open_checks = [r for r in results if r.status == "unknown"]
        from actions.services import fold
        from actions.understanding import asks_how_to_proceed, asks_wh

        # A question ("Får vi anställa …?", "hur gör jag?") keeps the generic reply, which respond reads as
        # undecided and answers the question instead (chat_single_s6 lost 4 cases without this).
        statement = (
            "?" not in text
            and not asks_wh(text)
            and not asks_how_to_proceed(text)
            and not FIRST_WORD_ASKS.match(fold(text))
        )
        decisive = services.decisive_question(open_checks) if statement and not later else None
        if decisive is not None:
            # A first message with an idea and nothing decidable: the single most decisive question (rules
            # data), asked last, instead of the generic paragraph and a list of facts (session 8, facts8b).
            return [NOT_YET_DECIDABLE, NEXT_STEP, str(decisive.text)], to_jsonable_python(facts)
        if needed := missing_question(open_checks, MAX_MISSING_ASKED):
            messages.append(needed)
        messages.append(NEXT_STEP)
        return messages, to_jsonable_python(facts)
    for result in chosen:
        if result.status != "pass":
            messages.append(verdict_block(result, first))
    open_checks = [r for r in results if r.status == "unknown"]
    asked = [r for r in chosen if r.id in topics]
    question = (
        services.decisive_question(asked)
        or services.decisive_question(chosen)
        or services.decisive_question(open_checks)
    )
    if not any(r.status == "fail" for r in chosen) and not first.startswith(PROBABLY_NOT):
        messages.append(NEXT_STEP)  # before the question, which stays last: the user answers it next
    if question is not None:
        messages.append(str(question.text))
        if question.kind == "confirm" and question.fact:
            facts["pending"] = {"fact": question.fact, "check": question.check}
    elif text_question := missing_question(open_checks, 1):
        messages.append(text_question)
    return messages, to_jsonable_python(facts)


def concerned_rule_messages(text: str, previous: dict[str, Any], tracker: Tracker | None = None) -> list[str]:
    """A question about a rule in the middle of a described idea that the documents do not answer ("måste
    nämnden ha tagit beslut innan vi skickar in?"): the check it concerns (rules/concerns.py), answered for
    the idea described so far, conditionally where a fact is missing, with its source; empty when no check
    is near or nothing can be said. The question itself is not remembered as a fact about the idea."""
    from actions import services

    if not previous.get("description") or not (topics := services.concerned_checks(text)):
        return []
    # the checks read the idea as described so far; the question only picks the check (review 8 §4: "Räcker
    # det om nämnden har fått information och chefen sagt ja?" was read as the chef's yes and quoted back)
    messages, _ = idea_messages(text, previous, topics, tracker, facts_from_text=False)
    return [] if not messages or messages[0].startswith(NOTHING_FOUND) else messages


def why_messages(previous: dict[str, Any], tracker: Tracker | None = None) -> list[str]:
    """ "Varför inte?", "Hur kan vi göra om idén?": the problems the checks found in the idea already
    described, each with its reason, how to fix it and its source; empty when there is no problem."""
    from actions import services

    slots = {}
    if tracker is not None:
        slots = sketch_dict(tracker.current_slot_values(), tracker.get_slot("skipped_parts"))
    try:
        results = services.run_checks(
            {**slots, "description": previous.get("description")},
            confirmed=list(previous.get("confirmed") or []),
        )
    except Exception:  # noqa: BLE001
        logger.exception("run_checks failed")
        return []
    problems = shown_problems(results, previous.get("description"))
    if not problems:
        return []
    titles = swedish_list([in_sentence(r.title) for r in problems])
    messages = [
        f"Det som talar emot idén, så som du beskrev den, är {titles}. (Vägledning, inte ett beslut.)"
    ]
    messages += [verdict_block(r) for r in problems]
    return messages


FIRST_STEPS_OFFER = (
    "Vill du att vi börjar på idéskissen nu? Skriv ”jag vill skriva en idéskiss”, så går vi igenom den del "
    "för del och jag prövar den mot fondens regler."
)


def next_step_messages() -> list[str]:
    """ "Jag har en idé om …, hur gör jag?": the active fund's first steps from the rules data (förankring, an
    idéskiss via the nämnd), dated and cited, then the offer to start the idéskiss."""
    from actions import services

    messages: list[str] = []
    cited: set[str] = set()
    for topic in ("forsta_steg", "process"):
        answer = services.rule_topic_answer(topic)
        if answer is None:
            continue
        labels = [citation_text(c) for c in answer.citations[:1]]
        sources = "\n".join(f"Källa: {label}" for label in labels if label not in cited)
        cited.update(labels)
        text = str(answer.text).strip()
        if topic == "process":
            text = text.split(" Stegen: ", 1)[-1] if " Stegen: " in text else text
            text = f"Hela vägen: {text}"
        messages.append(f"{text}\n{sources}" if sources else text)
    if not messages:
        messages.append(NEXT_STEP)
    messages.append(FIRST_STEPS_OFFER)
    return messages


PROCUREMENT_TOPICS = (
    "dela_upp_avtal",
    "dokumentation",
    "gransen_2015",
    "direktupphandlingsgrans",
    "eu_troskelvarde",
    "sociala_tjanster",
)


def direct_award_messages(question: str | None = None) -> list[str]:
    """The active fund's direct-award limit from the rules data (dated), with its sources.

    With the ``question``: the procurement rule it asks about (splitting a contract, the EU threshold, a
    social service's threshold), as of the date it names ("avtalas i januari 2027") and compared with the
    amount it names (``rules.answers.answer_rule_question``)."""
    from actions import services
    from actions.answers import rule_messages

    answer = None
    if question:
        from actions.services import rule_topic

        if rule_topic(question) in PROCUREMENT_TOPICS:
            answer = services.rule_answer(question)
    answer = answer or services.rule_topic_answer("direktupphandlingsgrans")
    return rule_messages(answer) if answer is not None else []


def remembered_statements(tracker: Tracker, previous: dict[str, Any], min_words: int = 4) -> str:
    """The description the checks read for "Ser du några problem så här långt?": what the conversation has
    remembered, plus the user's earlier statements (not questions) that it has not."""
    from actions.text_input import earlier_texts, is_question

    known = str(previous.get("description") or "")
    added = [
        t
        for t in earlier_texts(tracker)
        if t not in known and not is_question(t) and len(t.split()) >= min_words
    ]
    return "\n".join(x for x in (known, *added) if x)


def _describes_idea(text: str) -> bool:
    """The message gives facts a check reads, or names a check's topic, besides asking how it looks."""
    from actions import services
    from actions.understanding import topics_in

    return bool(topics_in(text) or services.extract_facts(text))


def so_far_messages(
    tracker: Tracker, previous: dict[str, Any], ask: bool = True
) -> tuple[list[str], dict[str, Any]]:
    """The checks on everything said so far (earlier turns and idéskiss parts): problems first with reason,
    fix and source; otherwise what is still open and the most decisive question. Free text stays inferred."""
    from actions import services

    facts = dict(previous)
    facts["description"] = remembered_statements(tracker, previous)
    if not facts["description"] and not any(tracker.get_slot(p) for p in parts()):
        latest = str((tracker.latest_message or {}).get("text") or "")
        if ask and latest and _describes_idea(latest):
            # "Vi tänkte betala körkortet för 20 av ungdomarna …, är det ok?": the message that asks is itself
            # the idea (retired blind v5 chat s113 got "Du har inte berättat något om idén än")
            from actions.understanding import topics_in

            return idea_messages(latest, previous, topics_in(latest), tracker)
        return [
            "Du har inte berättat något om idén än. Beskriv gärna vad ni vill göra, för vem och vad pengarna "
            "ska betala, så prövar jag den mot fondens regler."
        ], previous
    slots = sketch_dict(tracker.current_slot_values(), tracker.get_slot("skipped_parts"))
    confirmed = list(previous.get("confirmed") or [])
    try:
        results = services.run_checks({**slots, "description": facts["description"]}, confirmed=confirmed)
    except Exception:  # noqa: BLE001
        logger.exception("run_checks failed")
        failed = "Jag kunde inte pröva idén just nu på grund av ett tekniskt fel. " + coordinator_text()
        return [failed], previous
    problems = shown_problems(results, facts["description"])
    facts.pop("pending", None)
    open_checks = [r for r in results if r.status == "unknown"]
    if problems:
        titles = ", ".join(in_sentence(r.title) for r in problems)
        worst = "Ja" if problems[0].status == "fail" else "Det finns något att kontrollera"
        so_far = f"{worst}, utifrån det du har berättat hittills: {titles}."
        messages = [f"{so_far} (Vägledning, inte ett beslut.)"]
        messages += [verdict_block(r) for r in problems]
    else:
        messages = [
            "Utifrån det du har berättat hittills ser jag inget som strider mot fondens regler, men allt kan "
            "jag inte bedöma än. (Vägledning, inte ett beslut.)"
        ]
    if not ask:  # in the idéskiss form, which asks its own next question
        return messages, to_jsonable_python(facts)
    question = services.decisive_question(problems) or services.decisive_question(open_checks)
    if question is not None:
        messages.append(str(question.text))
        if question.kind == "confirm" and question.fact:
            facts["pending"] = {"fact": question.fact, "check": question.check}
    elif needed := missing_question(open_checks, MAX_MISSING_ASKED):
        messages.append(needed)
    return messages, to_jsonable_python(facts)


class ActionRunChecks(Action):
    """ "Kan vi söka för ...?" inside the form or when the NLU says it is an idea: the touched checks only."""

    def name(self) -> str:
        return "action_run_checks"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        from actions.understanding import asks_about_so_far, topics_in

        text = usable_text(tracker, dispatcher)
        if text is None:
            return []
        previous = tracker.get_slot("eligibility_facts") or {}
        if asks_about_so_far(text):
            messages, facts = so_far_messages(tracker, previous, ask=not tracker.active_loop_name)
        else:
            messages, facts = idea_messages(text, previous, topics_in(text), tracker)
        if tracker.active_loop_name:
            # Inside the idéskiss form, "Skriv ”jag vill skriva en idéskiss”" is no way forward (form5b).
            messages = [m for m in messages if m not in (NEXT_STEP, FIRST_STEPS_OFFER)]
        for message in messages:
            dispatcher.utter_message(text=message)
        return [SlotSet("eligibility_facts", facts)]
