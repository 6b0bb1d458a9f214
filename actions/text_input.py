"""Reading what the user typed: folding, cleaning and recognising input the assistant cannot use."""

from __future__ import annotations

import html
import re
from typing import Any

from actions.services import fold
from fondassistenten.privacy import EMAIL_MASK, MASK, PHONE_MASK, mask_personal_data

MAX_MESSAGE_CHARS = 2000
"""Longer messages are not searched or stored as answers: they are almost always pasted documents."""

_TAG = re.compile(r"<[^>]{0,200}>")
_SCRIPT = re.compile(r"<\s*(script|iframe|object|embed)\b|javascript:|on\w+\s*=", re.IGNORECASE)
_WORD = re.compile(r"[a-zåäöéü]+", re.IGNORECASE)
_VOWELS = set("aeiouyåäöéü")

_QUESTION_WORDS = {
    "vad",
    "hur",
    "vem",
    "vems",
    "vilka",
    "vilken",
    "vilket",
    "nar",
    "var",
    "varfor",
    "vart",
    "kan",
    "far",
    "ar",
    "finns",
    "maste",
    "gar",
    "ska",
    "skall",
    "behover",
    "galler",
    "raknas",
    "borde",
    "bor",
    "menar",
}
_ENGLISH = {
    "the",
    "is",
    "are",
    "how",
    "what",
    "who",
    "can",
    "you",
    "i",
    "we",
    "do",
    "does",
    "apply",
    "fund",
    "money",
    "please",
    "hello",
    "help",
    "my",
    "our",
    "for",
    "with",
    "this",
    "that",
    "where",
    "when",
    "want",
    "to",
}
# Common Swedish function words, folded (å/ä/ö -> a/a/o): they tell Swedish from English and carry no topic.
FUNCTION_WORDS = frozenset(
    {
        "ar",
        "att",
        "av",
        "de",
        "den",
        "det",
        "eller",
        "en",
        "ett",
        "far",
        "for",
        "fran",
        "har",
        "hur",
        "i",
        "inte",
        "jag",
        "kan",
        "man",
        "med",
        "nar",
        "och",
        "om",
        "pa",
        "ska",
        "som",
        "till",
        "ur",
        "vad",
        "vara",
        "vem",
        "vi",
    }
)
_SWEDISH = FUNCTION_WORDS | {"hej", "tack", "ja", "nej", "fonden"}


def clean_text(text: str) -> str:
    """Remove HTML tags and entities and collapse whitespace; what is left is what the user wrote."""
    text = html.unescape(_TAG.sub(" ", text or ""))
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def looks_like_nonsense(text: str) -> bool:
    """Symbol soup or keyboard mashing: few letters or digits, or mostly "words" without vowels."""
    compact = text.replace(" ", "")
    meaningful = sum(c.isalnum() for c in compact)
    if meaningful < 0.5 * len(compact):
        return True
    tokens = words(text)
    without_vowels = [t for t in tokens if len(t) > 3 and not (set(t) & _VOWELS)]
    too_long = [t for t in tokens if len(t) > 30]
    return bool(tokens) and len(without_vowels) + len(too_long) > len(tokens) / 2


def looks_english(text: str) -> bool:
    tokens = [fold(t) for t in words(text)]
    english = sum(t in _ENGLISH for t in tokens)
    swedish = sum(t in _SWEDISH for t in tokens) + sum(c in text.lower() for c in "åäö")
    return english >= 2 and english > 2 * swedish


def is_question(text: str) -> bool:
    """A question rather than a statement: ends with "?" or starts with a Swedish question word."""
    stripped = text.strip()
    if stripped.endswith("?"):
        return True
    first = words(fold(stripped))[:1]
    return bool(first) and first[0] in _QUESTION_WORDS


def bad_input_reply(text: str | None) -> str | None:
    """A clear Swedish reply for input the assistant cannot work with, or None when the input is usable."""
    raw = text or ""
    if _SCRIPT.search(html.unescape(raw)):  # decoded first: "javascript&#58;" is "javascript:"
        return (
            "Ditt meddelande innehåller kod (till exempel ett skript), och jag förstår inte kod. "
            "Jag kör eller visar aldrig kod. Skriv din fråga som vanlig text, så hjälper jag dig."
        )
    cleaned = clean_text(raw)
    if not cleaned:
        return (
            "Jag fick ett tomt meddelande. Skriv din fråga om den sociala investeringsfonden, "
            "så hjälper jag dig."
        )
    if len(cleaned) > MAX_MESSAGE_CHARS:
        return (
            f"Ditt meddelande är för långt för mig ({len(cleaned)} tecken). Skriv en kortare fråga, "
            f"högst {MAX_MESSAGE_CHARS} tecken, gärna en fråga i taget."
        )
    if looks_english(cleaned):
        return (
            "Jag förstår tyvärr bara svenska. Skriv gärna din fråga på svenska, till exempel "
            "”Vem kan söka pengar ur fonden?”. (I only understand Swedish.)"
        )
    if looks_like_nonsense(cleaned):
        return (
            "Jag förstod inte det du skrev. Skriv gärna en hel mening, till exempel "
            "”Vem kan söka pengar ur fonden?” eller ”jag vill skriva en idéskiss”."
        )
    return None


def earlier_texts(tracker: Any) -> list[str]:
    """The user's earlier messages in this conversation, oldest first (the latest one left out)."""
    texts = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
    return [t for t in texts[:-1] if t]


def last_replies(tracker: Any) -> list[str]:
    """The assistant's replies to the user's message before the latest one, newest first."""
    replies: list[str] = []
    users = 0
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
        elif event.get("event") == "bot" and users == 1:
            replies.append(str(event.get("text") or ""))
    return replies


def usable_text(tracker: Any, dispatcher: Any) -> str | None:
    """The latest message, cleaned; None after telling the user in Swedish why it cannot be used."""
    raw = tracker.latest_message.get("text") or ""
    if reply := bad_input_reply(raw):
        dispatcher.utter_message(text=reply)
        return None
    return clean_text(raw)


NOT_STORED = (
    "Du behöver inte skriva personnummer eller andra personuppgifter här – jag har tagit bort dem och sparar "
    "dem inte."
)
"""One short line when a message gives the writer's own personnummer, e-mail or phone (probe_s5 t532)."""

_OWN_DETAILS = re.compile(
    r"\b(personnummer|samordningsnummer|telefonnummer|mobilnummer|e-?post(adress)?|mejl(adress)?)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"(?<=[,.;:!?])\s+")


def without_personal_details(text: str) -> tuple[str, bool]:
    """The message without the clauses that give a personnummer, e-mail or phone number, and whether any did.

    "Hej, jag heter Sara och mitt personnummer är 850312 1234, kan jag söka pengar …?" becomes "Hej, kan jag
    söka pengar …?": the number is masked (``fondassistenten.privacy``, also done by the Rasa channel) and the
    clause that carries it is left out: the question is answered, not refused as a request for personal data.
    """
    masked = mask_personal_data(text)
    masks = (MASK, EMAIL_MASK, PHONE_MASK)
    if not any(mask in masked for mask in masks):
        return text, False
    clauses = _CLAUSE_END.split(masked)
    kept = [c for c in clauses if not any(mask in c for mask in masks) and not _OWN_DETAILS.search(c)]
    return " ".join(kept).strip(), True
