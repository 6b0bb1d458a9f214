"""Reading answers in the idéskiss form: yes/no, unclear yes/no, lead-ins before an answer, changes of mind.

The patterns are data (the ``reading`` section of actions/sketch_parts.yml); amounts and dates are read by
rules.extract.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from actions.text_input import fold, words

_YES = {
    "ja",
    "japp",
    "jo",
    "jadå",
    "jada",
    "absolut",
    "javisst",
    "visst",
    "stammer",
    "sjalvklart",
    "precis",
    "yes",
    # spoken and typed variants (probe_s3 pc15: "jaa", "nää inte än" got a follow-up)
    "jaa",
    "jaaa",
    "jepp",
    "jajamen",
    "jaja",
}
_NO = {
    "nej",
    "nae",
    "na",
    "inte",
    "ej",
    "icke",
    "aldrig",
    "ingen",
    "inga",
    "nope",
    "naa",
    "naaa",
    "neej",
    "nix",
    "nejda",
}
_TOKEN = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+")


def parse_bool(text: str) -> bool | None:
    """Yes or no from the first words of an answer ("Ja, hon är med" -> True, "Nej inte än" -> False)."""
    tokens = words(fold(text))[:5]
    for index, token in enumerate(tokens[:4]):
        if token in _YES:
            return tokens[index + 1 : index + 2] not in (["inte"], ["ej"])  # "stämmer inte" is a no
        if token in _NO:
            return False
    return None


@lru_cache
def reading() -> dict[str, Any]:
    """The ``reading`` section of sketch_parts.yml (patterns for lead-ins, changes and unclear answers)."""
    from actions.sketch_state import sketch_parts_data

    return dict(sketch_parts_data()["reading"])


class Words:
    """A message as folded words joined by single spaces, with a way back to the original text."""

    def __init__(self, text: str) -> None:
        self.text = text
        matches = list(_TOKEN.finditer(text))
        self.folded = [fold(m.group()) for m in matches]
        self.spans = [(m.start(), m.end()) for m in matches]
        self.joined = " ".join(self.folded)
        self.offsets: list[int] = []
        position = 0
        for token in self.folded:
            self.offsets.append(position)
            position += len(token) + 1

    def original_from(self, joined_position: int) -> str:
        """The original text from the word that starts at or after ``joined_position`` in ``joined``."""
        index = bisect_left(self.offsets, joined_position)
        if index >= len(self.spans):
            return ""
        return self.text[self.spans[index][0] :]

    def char_after(self, joined_position: int) -> str:
        """The first non-space character in the original after the word ending at ``joined_position``."""
        index = bisect_left(self.offsets, joined_position + 1) - 1
        if index < 0 or index >= len(self.spans):
            return ""
        rest = self.text[self.spans[index][1] :].lstrip()
        return rest[:1]


_QUOTES = "”\"'“«»‘’"


def _tidy(text: str) -> str:
    """An answer as stored: no leading punctuation or dashes, first letter upper case, outer quotes gone."""
    text = text.strip().lstrip(",.:;!-–— ").strip()
    if len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text[:1].upper() + text[1:] if text else text


def _tidy_new(text: str) -> str:
    """A new answer given inside a change request ("kan du ändra titeln till ’Läsglädje’?"): as ``_tidy``,
    and the request's own closing question mark or a quote left over from the opening one removed."""
    text = _tidy(text).rstrip("?!").strip().strip(_QUOTES).strip()
    return text[:1].upper() + text[1:] if text else text


def strip_lead_ins(text: str, part_words: tuple[str, ...] = ()) -> str:
    """The answer without lead-ins ("Vi har tänkt kalla det X" -> "X", "Målgruppen är X" -> "X").

    Lead-ins are removed from the start only, repeatedly; the rest is kept as the user wrote it. If nothing
    would be left, the text is returned unchanged.
    """
    names = "|".join(re.escape(w) for w in sorted(part_words, key=len, reverse=True)) or "(?!x)x"
    patterns = [re.compile(rf"^(?:{p.replace('{part}', names)})\b ?") for p in reading()["lead_ins"]]
    current = text.strip()
    for _ in range(6):
        tokens = Words(current)
        for pattern in patterns:
            match = pattern.match(tokens.joined)
            if match and match.end() > 0:
                rest = tokens.original_from(match.end())
                if rest.strip() and words(rest):
                    current = _tidy(rest)
                    break
        else:
            break
    return current if current != text.strip() else text.strip()


@dataclass(frozen=True)
class Change:
    """A change of mind: which part (None: the part just answered) and the new answer, if one was given;
    or, with ``old``, a few words to replace by ``value`` wherever the draft has them ("nej, inte Geneta,
    jag menade Ronna")."""

    part: str | None
    value: str | None = None
    old: str | None = None
    jump: bool = False  # asked to go to the part ("kan vi ta metoden direkt? …"): the form goes on from there


def read_substitution(
    text: str, values: dict[str, str], phrases: list[tuple[str, str]] | None = None
) -> Change | None:
    """ "nej, inte Geneta, jag menade Ronna", "nej, det ska vara i Hovsjö, inte Ronna": the words the user
    takes back (``old``) and the words that replace them (``value``), when one of the answers so far
    (``values``, part -> text) has the old words. The patterns (``substitutions`` in sketch_parts.yml) are
    matched on the text as written, after the opening words; the form with the new words first and no lead
    ("nej, Hovsjö, inte Ronna") needs an opener. Old words that name a part ("byt titeln mot …") are no
    substitution: that is a change of the part."""
    config = reading()["substitutions"]
    tokens = Words(text)
    start = _strip_openers(tokens.joined)
    rest = (tokens.original_from(start) if start else text).strip().rstrip(".!").strip()
    for pattern in [*config["patterns"], *config["swaps"], *(config["after_opener"] if start else [])]:
        match = re.fullmatch(pattern, rest, flags=re.IGNORECASE)
        if not match:
            continue
        old, new = (match.group(g).strip().strip(_QUOTES + " ,.!?") for g in ("old", "new"))
        new = _name_only(new)
        if not old or not new or len(words(new)) > int(config["max_words"]) or fold(old) == fold(new):
            continue
        if phrases and _part_at(Words(old).joined, phrases) is not None:
            continue
        if any(substitute(value, old, new) != value for value in values.values()):
            return Change(None, new, old)
    return None


def known_name(text: str) -> str | None:
    """A nämnd or kontor the fund's documents name (``known_applicants``), spelled right, when ``text`` is
    that name typed with or without å/ä/ö ("socialnamnden" -> "Socialnämnden"); None for any other text."""
    folded = " ".join(words(fold(text)))
    for name in reading()["known_applicants"]:
        if " ".join(words(fold(name))) == folded:
            return str(name)
    return None


def _name_only(new: str) -> str:
    """The replacing words without the sentence around them: "det ar socialnamnden som star bakom" ->
    "Socialnämnden" (a known name's spelling repaired; other words kept as written)."""
    config = reading()["substitutions"]
    trimmed = re.sub(config["new_tail"], "", re.sub(config["new_lead"], "", new, flags=re.IGNORECASE))
    trimmed = trimmed.strip() or new
    return known_name(trimmed) or trimmed


def read_taken_back(text: str, phrases: list[tuple[str, str]]) -> tuple[str | None, str] | None:
    """ "förresten, besparingarna hamnar hos socialkontoret, inte det jag skrev där": a message that takes
    back something written before (``taken_back``) and says what holds instead. Returns (the part it names,
    or None when no part can be told; the new words without the openers and the taking-back words); None
    when the message takes nothing back."""
    config = reading()
    tokens = Words(text)
    marker = re.search(config["taken_back"], tokens.joined)
    if not marker:
        return None
    start = _strip_openers(tokens.joined)
    body = tokens.joined[start : marker.start()].strip()
    value = tokens.original_from(start)
    cut = _original_end(tokens, marker.start() - 1) if marker.start() > start else 0
    value = _tidy(_CLAUSE_TAIL.sub("", value[: max(0, cut - (len(text) - len(value)))]))
    if len(words(value)) < 2:
        return None, ""
    slot = next((s for s, hint in config["part_hints"].items() if re.search(hint, body)), None)
    if slot is None:
        slot = next((s for name, s in phrases if f" {name} " in f" {body} "), None)
    return slot, value


def substitute(value: str, old: str, new: str) -> str:
    """``value`` with ``old`` replaced by ``new`` (whole words, any case). "i Hovsjö" for "Ronna" in "barn i
    Ronna" replaces "i Ronna"; in a value without the preposition before "Ronna" only the name changes."""
    first = new.split(maxsplit=1)
    prepositions = reading()["substitutions"]["prepositions"]
    if len(first) == 2 and re.fullmatch(prepositions, first[0], flags=re.IGNORECASE):
        with_preposition = re.compile(rf"\b{re.escape(first[0])}\s+{re.escape(old)}\b", re.IGNORECASE)
        if with_preposition.search(value):
            return with_preposition.sub(lambda _: new, value)
        new = first[1]
    replaced = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", lambda _: new, value, flags=re.IGNORECASE)
    folded = fold(value)
    if replaced != value or len(folded) != len(value):
        return replaced
    # "inte utbildningsnamnden" typed without ä takes back "Utbildningsnämnden" (tryout 5, t529)
    spans = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(fold(old))}(?!\w)", folded)]
    for begin, end in reversed(spans):
        value = value[:begin] + new + value[end:]
    return value


def _strip_openers(joined: str) -> int:
    """How many characters of ``joined`` are opening words ("förresten", "vänta", "nej") to skip."""
    opener = re.compile(rf"^(?:{reading()['openers']}) ")
    position = 0
    while match := opener.match(joined[position:]):
        position += match.end()
    return position


def _part_at(joined: str, phrases: list[tuple[str, str]]) -> tuple[str, int] | None:
    """The part whose name ``joined`` starts with (longest name first) and where the name ends."""
    for phrase, slot in phrases:
        if joined == phrase or joined.startswith(phrase + " "):
            return slot, len(phrase)
    return None


def read_change(
    text: str, phrases: list[tuple[str, str]], values: dict[str, str] | None = None
) -> Change | None:
    """A change of mind in ``text``, or None when the text is not one.

    ``phrases`` are (folded name, slot) pairs, longest first. Recognised: "Förresten, jag behöver ändra
    målgruppen", "kan vi ändra budgeten?", "ändra besparingar hos andra förvaltningar", "ändra budgeten till
    2 miljoner", "vänta, titeln blev fel", "nej, jag menade 80 barn". "Vi vill ändra arbetssättet i skolan"
    is an answer, not a change: after a named part only polite words or a new value may follow. With
    ``values`` (the text answers so far), "nej, inte Geneta, jag menade Ronna" replaces words in them.
    """
    if values and (substitution := read_substitution(text, values, phrases)):
        return substitution
    config = reading()
    tokens = Words(text)
    joined = tokens.joined
    start = _strip_openers(joined)
    body = joined[start:]
    if match := re.match(rf"^(?:{config['meant']})\b ?", body):
        value = _tidy(tokens.original_from(start + match.end()))
        return Change(None, value or None)
    verbs = config["named_value"] if start > 0 else config["named_value_alone"]
    if given := _named_value(tokens, start, body, phrases, verbs):
        return given
    tail = re.compile(rf"^(?:{config['change_tails']})$")
    if jumped := read_jump(body, phrases):  # "hoppa fram till externa aktörer", "kan vi ta budgeten nu?"
        return Change(jumped)
    if jumped_with := _jump_then_value(tokens, start, body, phrases):
        return jumped_with
    for request in config["change_requests"]:
        match = re.match(rf"^(?:{request}) {config['part_determiners']}", body)
        if not match:
            continue
        rest = body[match.end() :]
        found = _part_at(rest, phrases)
        if found is None:
            if re.fullmatch(rf"(?:{config['unnamed_change']}) ?(?:{config['change_tails']})", rest):
                return Change(None)
            if (to := re.match(r"^till ", rest)) and tokens.char_after(start + match.end() + 3) in (":", "="):
                # "ändra till: återbetalningen börjar år 3 …" (blind v6 c009): the part the new words name,
                # else the part just answered
                value = _tidy_new(tokens.original_from(start + match.end() + to.end()))
                named = _part_at(Words(value).joined, phrases)
                return Change(named[0] if named else None, value or None)
            continue
        slot, length = found
        after = rest[length:].strip()
        end = start + match.end() + length
        if tail.match(after):
            return Change(slot)
        if value_match := re.match(rf"^(?:{config['new_value_after']})\b ?", after):
            value = _tidy_new(tokens.original_from(end + 1 + value_match.end()))
            return Change(slot, value or None)
        if tokens.char_after(end) in (":", "="):
            return Change(slot, _tidy_new(tokens.original_from(end + 1)) or None)
        if tokens.char_after(end) in ("?", ".", "!") and len(after.split()) >= int(
            config["new_value_sentence_words"]
        ):  # "kan vi gå tillbaka till förankringen? Nu har jag pratat med förvaltningschefen …"
            return Change(slot, _tidy(tokens.original_from(end + 1)) or None)
        return None
    first_words = " ".join(body.split()[:8])
    if wrong := re.search(config["wrong_answer"], first_words):
        before = first_words[: wrong.start()].strip()
        if re.fullmatch(rf"(?:{config['unnamed_change']})", before):
            return Change(None)
        named = _part_at(before, phrases)
        if named is not None and named[1] == len(before):
            return Change(named[0])
    return None


def _jump_then_value(tokens: Words, start: int, body: str, phrases: list[tuple[str, str]]) -> Change | None:
    """A jump that ends its sentence, then the part's answer ("kan vi ta metoden direkt? vi ska ha
    lärarledd undervisning …", probe_s8 g813: the answer was lost): the part and the words after the break
    (at least ``new_value_sentence_words`` of them)."""
    config = reading()
    tail = re.compile(rf"^(?:{config['change_tails']})$")
    for request in config.get("jump_requests") or ():
        match = re.match(rf"^(?:{request}) {config['part_determiners']}", body)
        if not match or (found := _part_at(body[match.end() :], phrases)) is None:
            continue
        end = start + match.end() + found[1]
        rest = tokens.joined[end:].split()
        tails = next((n for n in range(len(rest), -1, -1) if tail.match(" ".join(rest[:n]))), 0)
        end += sum(len(word) + 1 for word in rest[:tails])
        after = tokens.joined[end:].split()
        if tokens.char_after(end) in ("?", ".", "!", ":") and len(after) >= int(
            config["new_value_sentence_words"]
        ):
            return Change(found[0], _tidy(tokens.original_from(end + 1)) or None, jump=True)
        return None
    return None


def read_jump(body: str, phrases: list[tuple[str, str]]) -> str | None:
    """The part a request to go there names ("hoppa fram till externa aktörer", "gå direkt till
    utvärderingen", "kan vi ta budgeten nu"): ``jump_requests`` in sketch_parts.yml, then the part's name
    (any of its forms), then only ``change_tails``. ``body`` is the message's folded words without openers."""
    config = reading()
    tail = re.compile(rf"^(?:{config['change_tails']})$")
    for request in config.get("jump_requests") or ():
        match = re.match(rf"^(?:{request}) {config['part_determiners']}", body)
        if not match:
            continue
        rest = body[match.end() :]
        found = _part_at(rest, phrases)
        if found is not None and tail.match(rest[found[1] :].strip()):
            return found[0]
    return None


def read_labelled_answer(text: str, phrases: list[tuple[str, str]]) -> tuple[str, str] | None:
    """(part, answer) when ``text`` names the part it answers: "Titel: Läsfixarna", "Målgruppen är elever i
    åk 4–6", "Vi har tänkt kalla det Läsfixarna" (the title). None otherwise."""
    config = reading()
    tokens = Words(text)
    joined = tokens.joined
    start = _strip_openers(joined)
    body = joined[start:]
    for pattern in config["names_title"]:
        if match := re.match(rf"^(?:{pattern})\b ?", body):
            value = _tidy(tokens.original_from(start + match.end()))
            return ("title", value) if value else None
    for alias, slot in config["colon_labels"].items():  # "Projektet: Mobilt skolteam"
        if re.match(rf"^{alias}$", body[: len(alias)]) and tokens.char_after(start + len(alias)) in (
            ":",
            "=",
        ):
            value = _tidy(tokens.original_from(start + len(alias) + 1))
            return (slot, value) if value else None
    if introduced := _introduced_part(text, phrases):  # "Nu har jag metoden: vi använder …"
        return introduced
    if match := re.match(rf"^(?:{config['contact_statement']})\b ?", body):  # "Jag heter Anna Svensson"
        value = _tidy(tokens.original_from(start + match.end()))
        return ("contact", value) if value else None
    if match := re.match(rf"^(?:{config['applicant_statement']})\b", body):  # "utbildningsnämnden söker"
        who = tokens.original_from(start + match.start("who"))
        end = _original_end(tokens, start + match.end("who")) - (len(text) - len(who))
        value = _tidy(who[:end])
        return ("applicant", value) if value else None
    given = _named_value(tokens, start, body, phrases, config["labelled_value"], colon=True)
    return (given.part, given.value) if given and given.part and given.value else None


def _introduced_part(text: str, phrases: list[tuple[str, str]]) -> tuple[str, str] | None:
    """ "Nu har jag metoden: vi använder föräldraprogrammet Komet", "Här kommer målgruppen: …": a short
    introduction (``introduction_words``) before a colon that names exactly one part; the words after the
    colon are that part's answer."""
    lead, colon, rest = text.partition(":")
    introduced = Words(lead).joined
    if not colon or not rest.strip() or not introduced or re.search(r"[.!?;]\s", lead):
        return None  # "socialnämnden. Kontakt: Ali" is two sentences, not an introduction
    if len(introduced.split()) > int(reading()["introduction_words"]):
        return None
    named = {slot for name, slot in phrases if f" {name} " in f" {introduced} "}
    value = _tidy(rest)
    return (named.pop(), value) if len(named) == 1 and value else None


def _original_end(tokens: Words, joined_end: int) -> int:
    """The position in the original text where the word ending at ``joined_end`` (in ``joined``) ends."""
    index = bisect_left(tokens.offsets, joined_end + 1) - 1
    return tokens.spans[index][1] if 0 <= index < len(tokens.spans) else len(tokens.text)


_CLAUSE_BREAK = re.compile(
    r"(?:[.;:!?]+|,)\s+(?:(?:och|samt|men)\s+)?|(?<!-)\s+(?:och|samt)\s+", re.IGNORECASE
)


def read_labelled_answers(text: str, phrases: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
    """Every part a message names, clause by clause, and the words before the first named part.

    "Projektet: Mobilt skolteam, utbildningsnämnden söker" -> ("", [(title, Mobilt skolteam),
    (applicant, Utbildningsnämnden)]); "ok tack. Målgruppen är barn i Geneta" -> ("ok tack",
    [(target_group, Barn i Geneta)]); "sökande är socialnämnden, kontakt Lena på familjeenheten" -> both
    parts. A clause that names no part belongs to the answer before it. A lead followed by a colon ("nu vet
    jag vad jag ska svara: …") is returned with its colon, so the caller can tell an introduction from an
    answer.
    """
    starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(text)]
    found = [start for index, start in enumerate(starts) if _read_clause(text[start:], phrases, index > 0)]
    if not found:
        return text.strip(), []
    answers: list[tuple[str, str]] = []
    for start, following in zip(found, [*found[1:], len(text)], strict=True):
        labelled = _read_clause(_CLAUSE_TAIL.sub("", text[start:following]), phrases, start > 0)
        if labelled is not None and labelled[1]:
            answers.append(labelled)
    lead = _CLAUSE_TAIL.sub("", text[: found[0]])
    if found[0] > 0 and text[: found[0]].rstrip().endswith(":"):
        lead += ":"
    return lead.strip(), answers


def _read_clause(clause: str, phrases: list[tuple[str, str]], later: bool) -> tuple[str, str] | None:
    """The part one clause names and its answer; a later clause may also name a ``bare_labels`` part
    without a verb ("…, kontakt Lena på familjeenheten")."""
    if labelled := read_labelled_answer(clause, phrases):
        return labelled
    if not later:
        return None
    tokens = Words(clause)
    named = _part_at(tokens.joined, phrases)
    if named is None or len(tokens.joined) <= named[1] + 1:
        return None
    bare = named[0] in reading()["bare_labels"] or tokens.joined[: named[1]] in reading()["bare_label_words"]
    return (named[0], _tidy(tokens.original_from(named[1] + 1))) if bare else None


_CLAUSE_TAIL = re.compile(r"(?:[\s.;:!?,]+|\s+(?:och|samt|men)\b)+$", re.IGNORECASE)


def _named_value(
    tokens: Words, start: int, body: str, phrases: list[tuple[str, str]], verbs: str, colon: bool = False
) -> Change | None:
    """ "nej, målgruppen ska vara 13–16 år" (and with ``colon`` "Titel: Läsfixarna"): a part named first, then
    one of ``verbs`` (or a colon), then its value."""
    found = _part_at(body, phrases)
    if found is None:
        return None
    slot, length = found
    end = start + length
    if colon and tokens.char_after(end) in (":", "="):
        value = _tidy(tokens.original_from(end + 1))
    elif match := re.match(rf"^(?:{verbs})\b ?", body[length:].strip()):
        value = _tidy(tokens.original_from(end + 1 + match.end()))
    else:
        return None
    value = _tidy(_FILLERS.sub("", value))  # "målgruppen är väl typ elever …": the fillers are not the answer
    return Change(slot, value) if value else None


_FILLERS = re.compile(r"^(?:(?:väl|typ|nog|liksom|ungefär|asså|alltså)\b[,\s]*)+", re.IGNORECASE)


def title_only(text: str) -> str:
    """A title without the explanation that follows it ("Läsglädje, eftersom barnen …" -> "Läsglädje",
    "Föräldrakraft Södertälje. Det är ett …" -> "Föräldrakraft Södertälje"); ``title_end`` in
    sketch_parts.yml says where a title ends."""
    text = text.strip()
    if quoted := _QUOTED.match(text):  # ”Läsglädje” – ett projekt för …
        return quoted.group(1).strip()
    match = re.search(reading()["title_end"], text, flags=re.IGNORECASE)
    title = _tidy(text[: match.start()]) if match else text
    return title if len(title) >= 2 else text


_QUOTED = re.compile(r"^[”\"'“«‘’]([^”\"'“»‘’]{2,80})[”\"'“»‘’](?=\s|[,.;:!?–—-]|$)")


def says(pattern_name: str, text: str) -> bool:
    """Whether ``text`` (its folded words) matches the ``reading`` pattern ``pattern_name``."""
    return bool(re.search(reading()[pattern_name], Words(text).joined))


def asks_for_parts(text: str) -> bool:
    """ "Vilka delar finns?", "lista frågorna": the user wants the list of parts."""
    return bool(re.search(reading()["list_parts"], Words(text).joined))


def is_hedged(text: str) -> bool:
    """ "Positiv, men inte formellt ja", "delvis", "inte än", "muntligt ja": a hedged yes or no."""
    return bool(re.search(reading()["unclear_yes_no"], Words(text).joined))


def is_unclear_yes_no(text: str) -> bool:
    """Neither a clear yes nor a clear no: hedged, or no yes/no word at all."""
    return is_hedged(text) or parse_bool(text) is None


def user_unsure(text: str) -> bool:
    """ "jag vet inte vad en kontorschef är", "ingen aning", "vad betyder det?": the user does not know the
    answer or asks what the question's words mean (``user_unsure``); never a yes or a no."""
    return says("user_unsure", text)


def term_help(text: str) -> str | None:
    """What the first term the message names means ("kontorschef" -> who that is), or None."""
    joined = Words(text).joined
    for entry in reading()["term_help"]:
        if re.search(entry["pattern"], joined):
            return term_text(entry)
    return None


def term_text(entry: dict[str, Any]) -> str:
    """A term's explanation for the active fund with its source (document, kind, year), or the general one
    (said as general) when the fund's documents have none."""
    from actions.fund import fund_id

    own = (entry.get("funds") or {}).get(fund_id()) or entry
    text, source = str(own["text"]), own.get("source")
    return f"{text} (Källa: {source}.)" if source else text


_PLAIN_NO = {"nej", "nae", "na", "naa", "naaa", "neej", "nix", "nope", "nejda"}


def plain_yes_no(word: str) -> bool | None:
    """True for a yes word ("ja", "jo", "precis"), False for a plain no ("nej", "nix"; not "ingen", "inte",
    which start ordinary sentences: "Ingen ska stå utanför"), None otherwise. ``word`` is folded."""
    return True if word in _YES else False if word in _PLAIN_NO else None


def no_identity(text: str) -> bool:
    """ "ja", "nej inte än", "vet inte" where a name is asked (the idea's, the applicant's, the contact's):
    a short answer led by a yes/no word, or one that only says the user is unsure."""
    folded = words(fold(text))
    if not folded or len(folded) > int(reading()["identity_max_words"]):
        return False
    if names_after_yes_no(text):  # "Ja, Anna Berg": a name after the yes (review 7)
        return False
    return plain_yes_no(folded[0]) is not None or user_unsure(text)


def names_after_yes_no(text: str) -> bool:
    """A name after a leading yes/no word ("Ja, Anna Berg", "jo, Socialnämnden"): a word written with a
    capital letter, or a nämnd, förvaltning or kontor, after the first word."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < 2 or plain_yes_no(fold(tokens[0])) is None:
        return False
    body = re.compile(reading()["body_word"])
    return any(token[:1].isupper() or body.search(fold(token)) for token in tokens[1:])


def yes_no_help(slot: str) -> str:
    """What counts as ja for a yes/no part (one sentence or two, Swedish)."""
    return str(reading()["yes_no_help"].get(slot, "Svara ja om det stämmer, annars nej."))


_LEADING_CONJUNCTION = re.compile(r"^\s*(?:men|och|samt)\s+", re.IGNORECASE)


def explanation_after_yes_no(text: str) -> str | None:
    """The words after a leading ja/nej ("Nej, men idén tas upp på nämndens möte i mars" -> "Idén tas upp på
    nämndens möte i mars"); None when there are fewer than two."""
    match = re.match(r"^\W*(?:[\wåäöÅÄÖ]+\W+){1}", text)
    if not match or parse_bool(text[: match.end()]) is None:
        return None
    rest = _LEADING_CONJUNCTION.sub("", text[match.end() :]).strip(" ,;.!")
    return rest if len(words(rest)) >= 2 else None


_ANCHOR_CLAUSE = re.compile(r"(\s*(?:[,.;:!?]+\s*|\s(?:och|men|samt)\s))", re.IGNORECASE)


def anchoring_answers(text: str) -> dict[str, tuple[bool, str]]:
    """The anchoring's yes/no parts a sentence answers, each with the user's words about it: "vår
    förvaltningschef vet inte om det än och nämnden har inte hört talas om det" -> both no; "hon står bakom
    idén, nämnden får information på sammanträdet 15 december" after a clause naming the chef -> the chef
    yes, the nämnd no so far (planned). Patterns: ``anchoring`` in sketch_parts.yml."""
    config = reading()["anchoring"]
    said: dict[str, bool] = {}
    notes: dict[str, str] = {}
    hedged: set[str] = set()
    subject: str | None = None
    pieces = _ANCHOR_CLAUSE.split(text)
    for index in range(0, len(pieces), 2):
        clause = pieces[index]
        joined = Words(clause).joined
        if not joined:
            continue
        named = [slot for slot, pattern in config["subjects"].items() if re.search(pattern, joined)]
        before = subject
        subject = named[-1] if named else subject
        if subject is None:
            continue
        gap = pieces[index - 1] if index and before == subject and subject in notes else " | "
        notes[subject] = f"{notes[subject]}{gap}{clause}" if subject in notes else clause
        if re.search(config["hedged"], joined):
            hedged.add(subject)
        knows = config.get("knows_only", {}).get(subject)
        if knows and re.search(knows, joined) and not re.search(config["backs"], joined):
            hedged.add(subject)  # "kontorschefen känner till idén": knowing is not standing behind it
        if subject in said:
            if said[subject] and re.search(config["negative"], joined):
                # "nämnden fick info om ett annat projekt, inte om vårt": unclear, asked again
                hedged.add(subject)
            continue
        if re.search(config["negative"], joined) or re.search(config["planned"], joined):
            said[subject] = False
        elif re.search(config["positive"], joined):
            said[subject] = True
    return {
        slot: (value, _LEADING_CONJUNCTION.sub("", notes[slot].replace(" | ", "; ").strip(" ,;.")).strip())
        for slot, value in said.items()
        if slot not in hedged  # "vet om det men inte formellt": unclear, asked again as before
    }


_NUMBERISH = re.compile(r"^(?:\d[\d,.–-]*|[–-]|till|och|eller|a|e)$", re.IGNORECASE)


def merge_meant(before: str, meant: str) -> str | None:
    """ "nej, jag menade årskurs 4 till 6" after "Elever i årskurs 7 med hög frånvaro": the words from the
    answer's word that the correction starts with, with the figures after it, replaced ("Elever i årskurs
    4 till 6 med hög frånvaro"). None when the correction does not start with a word of the answer, or is
    long enough to be a whole new answer."""
    new = Words(meant)
    if not new.folded or len(new.folded) > 6 or not re.search(r"\d", meant):
        return None
    old = Words(before)
    if new.folded[0] not in old.folded[1:] and new.folded[0] != (old.folded[:1] or [""])[0]:
        return None
    at = old.folded.index(new.folded[0])
    end = at + 1
    while end < len(old.folded) and _NUMBERISH.match(old.folded[end]):
        end += 1
    if end == at + 1:
        return None  # "årskurs" with no figure after it: nothing to tell what is replaced
    start_char, end_char = old.spans[at][0], old.spans[end - 1][1]
    kept = meant.strip().rstrip(".!")
    kept = kept[0].lower() + kept[1:] if at and kept[:1].isupper() and kept[1:2].islower() else kept
    return before[:start_char] + kept + before[end_char:]
