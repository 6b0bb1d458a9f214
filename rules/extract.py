"""Facts from Swedish free text: amounts, dates, durations, organisation kinds and warning signs.

spaCy's blank Swedish pipeline with the lookup lemmatizer, an EntityRuler for amounts/dates/durations and
a Matcher for vocabulary kept in ``data/extract_patterns.yaml``. Reading is conservative: a fact is returned
only when the text states it plainly; the checks turn what is left open into questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

PATTERN_FILE = Path(__file__).resolve().parent / "data" / "extract_patterns.yaml"
MAX_CHARS = 20_000
"""Text beyond this is not read (the API refuses longer fields anyway)."""


@lru_cache
def vocabulary() -> dict[str, Any]:
    return yaml.safe_load(PATTERN_FILE.read_text(encoding="utf-8"))


def _token_pattern(word: str, fold: bool = True) -> list[list[dict]]:
    """Alternative spaCy token patterns (lemma or lower form) for one word of a phrase. With ``fold``, a word
    with å, ä or ö also matches the word written without them ("köpa" – "kopa", "~.*företag" – "foretag"): a
    folded pattern has only a–z where the word had å, ä, ö, so it matches only text written without them
    (session 8: "vi vill kopa in ett program fran ett foretag" named no purchase)."""
    if word == "...":
        return [[{"OP": "{0,5}"}]]
    folded = fold_letters(word) if fold else word
    if word.startswith("~"):
        forms = dict.fromkeys([word[1:], folded[1:]])
        return [[{"LOWER": {"REGEX": f"^(?:{form})$"}}] for form in forms]
    return [[{"LEMMA": word}], [{"LOWER": word}]] + ([[{"LOWER": folded}]] if folded != word else [])


def _phrase_patterns(phrase: str, fold: bool = True) -> list[list[dict]]:
    patterns: list[list[dict]] = [[]]
    for word in phrase.split():
        patterns = [p + alt for p in patterns for alt in _token_pattern(word, fold)]
    return patterns


def _feature_groups() -> set[str]:
    """The word-list groups the learned signals use as features (rules/data/signals/config.yaml): they are
    matched as they were trained, without the folded forms (folding them moved three retired check cases
    when the classifiers were refitted; session 8)."""
    config = yaml.safe_load((PATTERN_FILE.parent / "signals" / "config.yaml").read_text(encoding="utf-8"))
    found: set[str] = set()
    for spec in (config.get("signals") or {}).values():
        if isinstance(spec, dict):
            found |= set(spec.get("words") or ()) | set(spec.get("negation") or ())
    return found


_NUM = r"\d+(?:[.,]\d+)?"


_TIMES = ["×", "x", "*", "gånger", "ggr"]
"""'3 × 450 000 kr': a count times an amount."""


def _with_multiplier(patterns: list[dict]) -> list[dict]:
    """Each AMOUNT pattern also preceded by 'N ×' ('3 × 450 000 kr', '3 x 450 tkr')."""
    times = [{"TEXT": {"REGEX": r"^\d{1,3}$"}}, {"LOWER": {"IN": _TIMES}}]
    glued = [{"TEXT": {"REGEX": r"^\d{1,3}[×x*]\d{1,3}$"}}]
    extra = []
    for p in patterns:
        if p["label"] != "AMOUNT":
            continue
        extra.append({"label": "AMOUNT", "pattern": times + p["pattern"]})
        first = p["pattern"][0].get("TEXT", {}).get("REGEX", "")
        if first == r"^\d{1,3}$":  # '3×450 000 kr' is tokenised as '3×450', '000', 'kr'
            extra.append({"label": "AMOUNT", "pattern": glued + p["pattern"][1:]})
    return patterns + extra


def _entity_patterns(vocab: dict[str, Any]) -> list[dict]:
    units = list(vocab["amount_units"])
    months = list(vocab["months"])
    number_words = [w for w in vocab["number_words"] if " " not in w]
    duration_units = list(vocab["duration_units"])
    return _with_multiplier(_base_patterns(units, months, number_words, duration_units))


def _base_patterns(
    units: list[str], months: list[str], number_words: list[str], duration_units: list[str]
) -> list[dict]:
    return [
        # 450 tkr, 2,8 miljoner kronor, 3 mnkr, 1200000 kr
        {
            "label": "AMOUNT",
            "pattern": [
                {"TEXT": {"REGEX": f"^{_NUM}$"}},
                {"LOWER": {"IN": units}},
                {"LOWER": {"IN": ["kronor", "kr", "sek"]}, "OP": "?"},
            ],
        },
        # 1 200 000 kr, 700 000:-
        {
            "label": "AMOUNT",
            "pattern": [
                {"TEXT": {"REGEX": r"^\d{1,3}$"}},
                {"TEXT": {"REGEX": r"^\d{3}$"}, "OP": "*"},
                {"TEXT": {"REGEX": r"^\d{3}$"}},
                {"LOWER": {"IN": units}},
            ],
        },
        {
            "label": "AMOUNT",
            "pattern": [
                {"TEXT": {"REGEX": r"^\d{1,3}$"}},
                {"TEXT": {"REGEX": r"^\d{3}$"}, "OP": "*"},
                {"TEXT": {"REGEX": r"^\d{3}:-$"}},
            ],
        },
        {"label": "AMOUNT", "pattern": [{"TEXT": {"REGEX": r"^\d+:-$"}}]},
        # 2026-03-01, 1 mars 2026, mars 2026
        {"label": "DATE", "pattern": [{"TEXT": {"REGEX": r"^\d{4}-\d{2}-\d{2}$"}}]},
        {
            "label": "DATE",
            "pattern": [
                {"TEXT": {"REGEX": r"^\d{1,2}$"}},
                {"LOWER": {"IN": months}},
                {"TEXT": {"REGEX": r"^\d{4}$"}},
            ],
        },
        {"label": "DATE", "pattern": [{"LOWER": {"IN": months}}, {"TEXT": {"REGEX": r"^\d{4}$"}}]},
        # 1/3 2026, 1/3-2026 (day/month, the Swedish order)
        {
            "label": "DATE",
            "pattern": [{"TEXT": {"REGEX": r"^\d{1,2}/\d{1,2}$"}}, {"TEXT": {"REGEX": r"^-?\d{4}$"}}],
        },
        {"label": "DATE", "pattern": [{"TEXT": {"REGEX": r"^\d{1,2}/\d{1,2}-\d{4}$"}}]},
        # i tre år, 24 månader
        {
            "label": "DURATION",
            "pattern": [{"LOWER": {"IN": number_words}}, {"LOWER": {"IN": duration_units}}],
        },
        {
            "label": "DURATION",
            "pattern": [{"TEXT": {"REGEX": f"^{_NUM}$"}}, {"LOWER": {"IN": duration_units}}],
        },
    ]


@lru_cache
def _pipeline() -> tuple[Language, dict[str, Matcher]]:
    vocab = vocabulary()
    nlp = spacy.blank("sv")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler")
    nlp.initialize()  # loads the lemma lookup table; must precede add_patterns, which it would clear
    ruler.add_patterns(_entity_patterns(vocab))  # type: ignore[attr-defined]
    matchers: dict[str, Matcher] = {}
    org = Matcher(nlp.vocab)
    for kind, phrases in vocab["org_kinds"].items():
        org.add(kind, [p for phrase in phrases for p in _phrase_patterns(phrase)])
    matchers["org"] = org
    persons = Matcher(nlp.vocab)
    for kind, phrases in vocab["paid_persons"].items():
        persons.add(kind, [p for phrase in phrases for p in _phrase_patterns(phrase)])
    matchers["persons"] = persons
    signals = Matcher(nlp.vocab)
    features = _feature_groups()
    for name, phrases in vocab["signals"].items():
        fold = name not in features
        signals.add(name, [p for phrase in phrases for p in _phrase_patterns(phrase, fold)])
    matchers["signals"] = signals
    return nlp, matchers


def parse(text: str) -> Doc:
    """The text lower-cased (the lemma table is lower-case) and run through the pipeline."""
    return _parse_lowered(text[:MAX_CHARS].lower())


@lru_cache(maxsize=128)
def _parse_lowered(text: str) -> Doc:
    """Cached: each check reads the same free-text fields of a sketch again."""
    nlp, _ = _pipeline()
    return nlp(text)


LEARNED = (
    "drift",
    "selective_benefit",
    "objective_selection",
    "external_applicant",
    "own_concept",
    "repayment_exemption",
    "external_evaluation",
    "research_basis",
)
"""Signals decided by the learned classifiers of ``rules/signals.py``, sentence by sentence."""
ALIASES = {
    "existing_strong": "drift",
    "objective_grounds": "objective_selection",
    "references": "research_basis",
    "external_evaluator": "external_evaluation",
}
"""Older names the checks read, answered by the learned signal; the word lists of these names are features."""
MENTIONS = {"existing_mentioned": "existing_strong"}
"""Plain word matches of a learned name's list, for a check that needs to know a thing was *named* ("befintlig
verksamhet" beside a new method) without it being the verdict."""


@dataclass
class Signals:
    """Signals found in a text: name -> phrases. For a learned signal the phrase is the whole sentence it came
    from (the provenance); word-list signals give the matched words. Learned signals are computed lazily, on
    the first question about one of them."""

    found: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""
    vectors: Any = None
    encoder: Any = None
    _learned: dict[str, list[tuple[str, float]]] | None = field(default=None, repr=False)

    def _resolve(self, name: str) -> str:
        return ALIASES.get(name, name)

    def learned(self) -> dict[str, list[tuple[str, float]]]:
        """Every learned signal -> (sentence, probability) for each sentence, in text order."""
        if self._learned is None:
            self._learned = {}
            if self.text.strip():
                from rules import signals as learned

                for item in learned.classify(self.text, self.vectors, self.encoder):
                    for name, p in item.probabilities.items():
                        self._learned.setdefault(name, []).append((item.sentence, p))
        return self._learned

    def _learned_phrases(self, name: str) -> list[str]:
        from rules import signals as learned

        threshold = learned.signal_config(name).threshold
        return [s for s, p in self.learned().get(name, []) if p >= threshold]

    def has(self, name: str) -> bool:
        return bool(self.phrases(name))

    def phrases(self, name: str) -> list[str]:
        if name in MENTIONS:
            return self.found.get(MENTIONS[name], [])
        resolved = self._resolve(name)
        if resolved in LEARNED:
            if not self.text:
                return self.found.get(name, [])
            return self._learned_phrases(resolved)
        return self.found.get(name, [])

    def weak(self, name: str) -> list[str]:
        """Sentences that *may* carry a learned signal (probability at or above its recall-oriented
        ``weak_threshold``); for a word-list signal, its matches. A check that may pass only when a risk is
        ruled out asks about these instead of passing."""
        resolved = self._resolve(name)
        if resolved not in LEARNED or not self.text:
            return self.phrases(name)
        from rules import signals as learned

        threshold = learned.signal_config(resolved).weak_threshold
        return [s for s, p in self.learned().get(resolved, []) if p >= threshold]

    def probability(self, name: str) -> float:
        """The highest probability of a learned signal over the sentences (0.0 for word-list signals)."""
        resolved = self._resolve(name)
        return max((p for _, p in self.learned().get(resolved, [])), default=0.0)

    def sentences(self, name: str) -> list[str]:
        """The sentences a signal was found in: its provenance, for learned and word-list signals alike."""
        resolved = self._resolve(name)
        if resolved in LEARNED:
            return self._learned_phrases(resolved)
        words = self.phrases(name)
        if not words or not self.text:
            return []
        from rules.signals import split_sentences

        return [s for s in split_sentences(self.text) if any(w in s.lower() for w in words)]


def _signals_in(span: Doc | Span) -> Signals:
    _, matchers = _pipeline()
    doc = span.doc if isinstance(span, Span) else span
    found: dict[str, list[str]] = {}
    for match_id, start, end in matchers["signals"](span):
        name = doc.vocab.strings[match_id]
        if isinstance(span, Span):
            start, end = start + span.start, end + span.start
        text = doc[start:end].text
        bucket = found.setdefault(name, [])
        if text not in bucket:
            bucket.append(text)
    return Signals(found)


def vocabulary_spans(text: str, groups: set[str]) -> dict[str, list[tuple[int, int]]]:
    """Token spans (start, end) of each word-list group of the pattern file found in ``text``."""
    _, matchers = _pipeline()
    doc = parse(text)
    found: dict[str, list[tuple[int, int]]] = {}
    for match_id, start, end in matchers["signals"](doc):
        name = doc.vocab.strings[match_id]
        if name in groups:
            found.setdefault(name, []).append((start, end))
    return found


def find_signals(text: str | None, vectors: Any = None, encoder: Any = None) -> Signals:
    """The signals of ``text``: the learned ones (``LEARNED`` and their ``ALIASES``) from the classifiers,
    sentence by sentence; the other names from the word lists of the pattern file.

    ``vectors`` maps a sentence (or a one-sentence message) to its e5 vector, already computed by the caller
    (e.g. search); ``encoder`` replaces the default model. Both are optional: vectors are cached per sentence.
    """
    if not text or not text.strip():
        return Signals()
    lexical = _signals_in(parse(text))
    return Signals(found=lexical.found, text=text[:MAX_CHARS], vectors=vectors, encoder=encoder)


def org_kinds(text: str | None) -> list[str]:
    """Organisation kinds named in ``text`` in order of appearance, e.g. ['nämnd', 'förening']."""
    if not text or not text.strip():
        return []
    return [kind for kind, _ in _org_spans(parse(text))]


def _org_spans(doc: Doc | Span, group: str = "org") -> list[tuple[str, Span]]:
    """The kinds of ``group`` named in ``doc`` with their spans: organisations (``org_kinds``) or people paid
    for a service (``paid_persons``)."""
    _, matchers = _pipeline()
    base = doc.doc if isinstance(doc, Span) else doc
    offset = doc.start if isinstance(doc, Span) else 0
    spans = [
        Span(base, s + offset, e + offset, label=base.vocab.strings[m]) for m, s, e in matchers[group](doc)
    ]
    kept = sorted(filter_spans(spans), key=lambda s: s.start)
    return [(s.label_, s) for s in kept]


def classify_applicant(text: str | None) -> str | None:
    """The kind of applicant a free-text answer names ('Socialnämnden' -> 'nämnd'), or None."""
    kinds = org_kinds(text)
    return kinds[0] if kinds else None


def with_article(kind: str) -> str:
    """'nämnd' -> 'en nämnd', 'kontor' -> 'ett kontor'."""
    return f"{vocabulary()['articles'].get(kind, 'en')} {kind}"


def parse_amount(text: str | None) -> int | None:
    """The first amount in free text: 'ungefär 450 tkr' -> 450000, '2,8 miljoner kronor' -> 2800000.

    A bare number ('1 200 000') counts as kronor; text without an amount gives None.
    """
    if not text or not text.strip():
        return None
    amounts = _entities(parse(text), "AMOUNT")
    if amounts:
        return _amount_value(amounts[0].text)
    if re.fullmatch(r"\s*\d{1,3}(?:[ \u00a0]?\d{3})*\s*", text):
        return int(re.sub(r"\D", "", text))
    in_words = word_money_spans(text)  # "nio hundra tusen kronor" (review 7)
    return in_words[0][2] if in_words else None


def parse_amounts(text: str | None) -> list[int]:
    """Every amount in free text, in order: '3 x 450 000 kr och 1,2 mnkr' -> [1350000, 1200000]."""
    if not text or not text.strip():
        return []
    values = (_amount_value(e.text) for e in _entities(parse(text), "AMOUNT"))
    return [v for v in values if v is not None] or [v for _, _, v in word_money_spans(text)]


def amount_spans(text: str | None) -> list[tuple[int, int, int]]:
    """Each amount in free text as (start, end, kronor), in order; offsets index ``text``."""
    if not text or not text.strip():
        return []
    doc = parse(text)
    if len(doc.text) != len(text[:MAX_CHARS]):
        return []
    found = [(e.start_char, e.end_char, _amount_value(e.text)) for e in _entities(doc, "AMOUNT")]
    return [(a, b, v) for a, b, v in found if v is not None]


def prices_a_contract(text: str | None) -> bool:
    """The text gives the price of a purchase ("Offerten ligger på ungefär 450 000 kr", "Uppdraget skulle
    kosta 1,2 miljoner"): an amount beside a ``price_cue`` of the pattern file."""
    if not text or not parse_amounts(text):
        return False
    return re.search(vocabulary()["price_cue"], text, re.IGNORECASE) is not None


def what_if_amount(text: str | None) -> int | None:
    """The amount of a hypothetical follow-up ("och om det kostar 900 000?", "tänk om offerten blir 1,2
    mkr"), ``what_if`` in the pattern file; a bare number counts as kronor. None for anything else."""
    if not text or not re.search(vocabulary()["what_if"], text.strip(), re.IGNORECASE):
        return None
    amounts = parse_amounts(text)
    if amounts:
        return amounts[-1]
    bare = re.findall(r"\d{1,3}(?:[ \u00a0]\d{3})+|\d{4,}", text)
    return int(re.sub(r"\D", "", bare[-1])) if bare else None


def _amount_value(text: str) -> int | None:
    """'450 tkr' -> 450000, '2,8 miljoner kronor' -> 2800000, '700 000:-' -> 700000."""
    units = vocabulary()["amount_units"]
    cleaned = text.lower().replace(":-", " :-")
    cleaned = re.sub(r"^(\d{1,3})\s*([×x*]|gånger|ggr)\s*", r"\1 × ", cleaned)
    parts = cleaned.split()
    count = 1
    if len(parts) > 2 and parts[1] == "×":
        count, parts = int(parts[0]), parts[2:]
    digits: list[str] = []
    scale = 1
    for part in parts:
        if re.fullmatch(_NUM, part):
            digits.append(part)
        elif part in units:
            scale = max(scale, units[part])
    if not digits:
        return None
    number = "".join(digits) if len(digits) > 1 else digits[0]
    try:
        value = float(number.replace(",", "."))
    except ValueError:
        return None
    return round(value * scale * count)


def parse_date(text: str | None) -> date | None:
    """The first date in free text: 'den 1 mars 2026' -> 2026-03-01; 'mars 2026' -> the first of the month."""
    if not text or not text.strip():
        return None
    dates = _entities(parse(text), "DATE")
    return _date_value(dates[0].text) if dates else None


def _date_value(text: str) -> date | None:
    """'2026-03-01', '1 mars 2026' or 'mars 2026' (first of the month)."""
    months = vocabulary()["months"]
    text = text.lower().strip().replace(".", "")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        numeric = re.fullmatch(r"(\d{1,2})/(\d{1,2})[\s-]+(\d{4})", text)
        if numeric:
            day, month, year = (int(g) for g in numeric.groups())
            return date(year, month, day)
        parts = text.split()
        if len(parts) == 3:
            return date(int(parts[2]), months[parts[1]], int(parts[0]))
        if len(parts) == 2:
            return date(int(parts[1]), months[parts[0]], 1)
    except (ValueError, KeyError):
        return None
    return None


def parse_number(word: str | None) -> float | None:
    """A number written in digits or as a Swedish word of ``number_words`` in the pattern file: 'sju' -> 7.0,
    '2,5' -> 2.5, 'ett och ett halvt' -> 1.5; None for anything else. The one parser of number words."""
    if not word:
        return None
    word = " ".join(word.lower().split()).strip(".,;:")
    value = vocabulary()["number_words"].get(word)
    if value is None:
        value = _folded_number_words().get(fold_letters(word))
    if value is not None:
        return float(value)
    try:
        return float(word.replace(",", "."))
    except ValueError:
        return None


@lru_cache
def number_word_pattern() -> str:
    """A regular expression (no groups) matching one number in digits or any number word of the pattern file,
    longest words first ('\\d+(?:[.,]\\d+)?|ett och ett halvt|trettiosex|…')."""
    words = sorted(vocabulary()["number_words"], key=len, reverse=True)
    return _NUM + "|" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)


_FOLD = str.maketrans("åäöÅÄÖéÉ", "aaoAAOeE")


def fold_letters(text: str) -> str:
    """å, ä, ö and é as a, a, o and e, one letter for one (offsets stay valid): 'två år' -> 'tva ar'."""
    return text.translate(_FOLD)


@lru_cache
def _folded_number_words() -> dict[str, float]:
    """``number_words`` with å, ä, ö folded ('tva' -> 2, 'atta' -> 8), for text written without them."""
    return {fold_letters(w): v for w, v in vocabulary()["number_words"].items()}


def parse_number_word_amount(word: str | None) -> int | None:
    """A number written as one Swedish compound word of ``number_words`` and ``contract_value.multipliers``:
    'sjuhundratusen' -> 700000, 'tvåhundrafemtiotusen' -> 250000, 'tusen' -> 1000; None for anything else."""
    if not word:
        return None
    word = fold_letters(word.lower().strip())
    vocab = vocabulary()
    words = {w: v for w, v in _folded_number_words().items() if " " not in w and w != "hundra"}
    multipliers = vocab["contract_value"]["multipliers"]
    parts = sorted([*words, *multipliers], key=len, reverse=True)
    total = current = 0.0
    rest = word
    while rest:
        part = next((p for p in parts if rest.startswith(p)), None)
        if part is None:
            return None
        rest = rest[len(part) :]
        if part in multipliers:
            factor = multipliers[part]
            if factor >= 1000:
                total += (current or 1) * factor
                current = 0
            else:
                current = (current or 1) * factor
        else:
            current += words[part]
    value = int(total + current)
    return value or None


@lru_cache
def _word_amount() -> re.Pattern[str]:
    vocab = vocabulary()
    words = [fold_letters(w) for w in vocab["number_words"] if " " not in w]
    words += list(vocab["contract_value"]["multipliers"])
    alternation = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    # glued ("niohundratusen") or spaced ("nio hundra tusen", "två hundra femtio tusen"; review 7)
    return re.compile(rf"\b(?:{alternation})+(?:\s+(?:{alternation})+)*\b", re.IGNORECASE)


def money_spans(text: str | None) -> list[tuple[int, int, int]]:
    """Every amount of money in ``text`` as (start, end, kronor): the amounts ``amount_spans`` reads, a bare
    number with thousands ("för 400 000 i år") and an amount in words, glued or spaced ("sjuhundratusen
    kronor", "nio hundra tusen kronor")."""
    if not text:
        return []
    found = list(amount_spans(text))
    taken = [(a, b) for a, b, _ in found]

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in re.finditer(r"(?<![\d,.])\d{1,3}(?:[ \u00a0]\d{3})+(?![\d,.]\d)", text):
        if free(m.start(), m.end()):
            found.append((m.start(), m.end(), int(re.sub(r"\D", "", m.group(0)))))
            taken.append((m.start(), m.end()))
    found += [(a, b, v) for a, b, v in word_money_spans(text) if free(a, b)]
    return sorted(found)


def word_money_spans(text: str | None) -> list[tuple[int, int, int]]:
    """Amounts of money written in words, glued or spaced, as (start, end, kronor): "sjuhundratusen kronor",
    "nio hundra tusen kronor" (at least 1 000 kr, ending in "tusen" or followed by a currency)."""
    if not text:
        return []
    currency = re.compile(vocabulary()["contract_value"]["currency"], re.IGNORECASE)
    found = []
    for m in _word_amount().finditer(fold_letters(text)):
        start = _range_start(m)
        value = parse_number_word_amount("".join(text[start : m.end()].split()))
        money = m.group(0).lower().endswith("tusen") or currency.match(text[m.end() :])
        if value and value >= 1000 and money:
            found.append((start, m.end(), value))
    return found


def _range_start(m: re.Match[str]) -> int:
    """Where the last number of a spoken range begins: "fem sex hundra tusen" is five or six hundred thousand,
    never their sum (review 8 §13 read 1 100 000). Two bare numbers below a hundred in a row that do not make
    one number ("tjugo fem" does, "fem sex", "tio elva" do not) are a range; the amount read is its upper
    value, the cautious one against a limit."""
    words = list(re.finditer(r"\S+", m.group(0)))
    start = 0
    for i in range(1, len(words)):
        a = parse_number_word_amount(words[i - 1].group(0))
        b = parse_number_word_amount(words[i].group(0))
        bare = a is not None and b is not None and 0 < a < 100 and 0 < b < 100
        if bare and not (a is not None and b is not None and a % 10 == 0 and a >= 20 and b < 10):
            start = i
    return m.start() + words[start].start()


@dataclass(frozen=True)
class ContractValue:
    """A contract's value read from one sentence of free text: ``total`` for the whole period, ``amount``
    as written, ``how`` 'count' (N contracts of the amount), 'period' (per period × length), 'per_period'
    (a price per period with no length), 'partial' (the price of a part: "första året") or 'plain'."""

    total: int
    amount: int
    how: str
    sentence: str


def contract_values(text: str | None, months: float | None = None) -> list[ContractValue]:
    """The contract values the sentences of ``text`` state (``contract_value`` in the pattern file):
    "250 tkr per år i tre år" -> 750000 ('period'), "tre avtal på 300 000 kr var" -> 900000 ('count'),
    "180 000 kr per år" with ``months`` 48 -> 720000. LOU counts the whole contract period, so a price per
    period is multiplied by the length when the text or ``months`` gives one."""
    return list(_contract_values(text or "", months))


@lru_cache(maxsize=512)
def _contract_values(text: str, months: float | None) -> tuple[ContractValue, ...]:
    from rules.facts import sentences

    data = vocabulary()["contract_value"]
    number = fold_letters(number_word_pattern())
    per_period = re.compile(fold_letters(data["per_period"]), re.IGNORECASE)
    length = re.compile(fold_letters(data["length"].replace("{number}", number)), re.IGNORECASE)
    count = re.compile(fold_letters(data["count"].replace("{number}", number)), re.IGNORECASE)
    unit_months = {fold_letters(k): v for k, v in data["unit_months"].items()}
    unit_after = re.compile(fold_letters(data["unit_after"]), re.IGNORECASE)
    unit_before = re.compile(fold_letters(data["unit_before"]), re.IGNORECASE)
    quantity = re.compile(fold_letters(data["quantity"].replace("{number}", number)), re.IGNORECASE)
    units = {fold_letters(k): v for k, v in data["units"].items()}
    partial = re.compile(fold_letters(data["partial"]), re.IGNORECASE)
    found: list[ContractValue] = []

    def lasting(after: str, before: str, period: re.Match[str]) -> float | None:
        """How many of ``period``'s units the contract runs: its stated length, else ``months``."""
        unit = (period.group("unit") or period.group("unit2") or "").lower()
        per = 12 if period.group("yearly") else unit_months.get(unit, 12)
        stated = _stated_length(length, after) or _stated_length(length, before)
        if stated and (n := parse_number(stated.group("n"))):
            return n * unit_months.get(stated.group("unit").lower(), 12) / per
        return months / per if months else None

    for sentence in sentences(text):
        folded = fold_letters(sentence)
        for start, end, value in money_spans(sentence):
            before, after = folded[max(0, start - 60) : start], folded[end : end + 40]
            counted = count.search(before)
            period = per_period.match(after)
            if counted and (n := parse_number(counted.group("n"))):
                found.append(ContractValue(int(value * n), value, "count", sentence))
                continue
            priced = unit_after.match(after) or unit_before.search(before)
            unit = units.get(priced.group("unit").lower()) if priced else None
            many = [
                q
                for q in quantity.finditer(folded)
                if (q.end() <= start or q.start() >= end) and units.get(q.group("unit").lower()) == unit
            ]
            if unit and many and (n := parse_number(many[0].group("n"))):
                # "900 kr i timmen, ca 400 timmar" (and "300 timmar om året i tre år": times the length)
                per_units = per_period.match(folded[many[0].end() : many[0].end() + 40])
                times = (
                    lasting(folded[many[0].end() :], folded[: many[0].start()], per_units) if per_units else 1
                )
                how = "count" if times else "per_period"
                found.append(ContractValue(int(round(value * n * (times or 1))), value, how, sentence))
                continue
            if period:
                times = lasting(folded[end:], folded[:start], period)
                if times:
                    found.append(ContractValue(int(round(value * times)), value, "period", sentence))
                else:
                    found.append(ContractValue(value, value, "per_period", sentence))
                continue
            if priced:
                found.append(ContractValue(value, value, "per_period", sentence))  # per hour, no hours given
                continue
            # the price of a part ("250 000 kr första året", "för första terminen"): no contract value (§3)
            how = "partial" if partial.search(folded) else "plain"
            found.append(ContractValue(value, value, how, sentence))
    return tuple(found)


def _stated_length(length: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match of ``length`` in (folded) ``text`` that is not a past duration ("har haft avtalet i fem
    år", ``contract_value.past_before``)."""
    past = re.compile(fold_letters(vocabulary()["contract_value"]["past_before"]), re.IGNORECASE)
    for found in length.finditer(text):
        if not past.search(text[max(0, found.start() - 60) : found.start()]):
            return found
    return None


def contract_months(text: str | None) -> float | None:
    """How long a contract runs, in months, as the free text states it ("avtalet är på tre år" -> 36, "under
    24 månader" -> 24; not how long something has existed: "har funnits i tio år" -> None). The one reader of
    a contract's length (``contract_value.length`` in the pattern file), for the checks and the chat alike."""
    if not text:
        return None
    data = vocabulary()["contract_value"]
    number = fold_letters(number_word_pattern())
    length = re.compile(fold_letters(data["length"].replace("{number}", number)), re.IGNORECASE)
    unit_months = {fold_letters(k): v for k, v in data["unit_months"].items()}
    found = _stated_length(length, fold_letters(text))
    if not found or (n := parse_number(found.group("n"))) is None:
        return None
    return n * unit_months.get(found.group("unit").lower(), 12)


def contract_years(text: str | None) -> int | None:
    """A contract's length in whole years ("avtalet är på tre år" -> 3), or None (``contract_months``)."""
    months = contract_months(text)
    return int(months // 12) if months and months >= 12 else None


def priced_per_year(text: str | None) -> bool:
    """The text gives a price per year ("180 000 kr per år", "om året", "årligen", "per läsår"):
    ``contract_value.per_year`` in the pattern file."""
    pattern = vocabulary()["contract_value"]["per_year"]
    if not text:
        return False
    return re.search(fold_letters(pattern), fold_letters(text), re.IGNORECASE) is not None


def parse_duration_months(text: str) -> float | None:
    """'tre år' -> 36, '24 månader' -> 24."""
    number, unit = text.lower().rsplit(" ", 1)
    factor = vocabulary()["duration_units"].get(unit)
    count = parse_number(number)
    if count is None:
        return None
    return count * factor if factor else None


def _entities(doc: Doc | Span, label: str) -> list[Span]:
    return [e for e in doc.ents if e.label_ == label]


def _past(sent: Span, entity: Span) -> bool:
    """A duration of the past ("har hållit på i fem år"), not a contract's length
    (``contract_value.past_before``)."""
    before = fold_letters(sent.doc.text[max(sent.start_char, entity.start_char - 60) : entity.start_char])
    before = re.sub(r"\b(?:i|under|över|over|på|pa|sedan|sen)\s*$", "", before.rstrip()).rstrip() + " "
    return bool(re.search(fold_letters(vocabulary()["contract_value"]["past_before"]), before, re.IGNORECASE))


def _sentence_facts(sent: Span, original: str) -> dict[str, Any]:
    same = len(original) == len(sent.doc.text)
    return {
        "sentence": original[sent.start_char : sent.end_char] if same else sent.text,
        "amounts": [a for a in (_amount_value(e.text) for e in _entities(sent, "AMOUNT")) if a is not None]
        or [v for _, _, v in word_money_spans(sent.text)],
        "dates": [d for d in (_date_value(e.text) for e in _entities(sent, "DATE")) if d is not None],
        "durations": [
            m
            for m in (
                parse_duration_months(e.text) for e in _entities(sent, "DURATION") if not _past(sent, e)
            )
            if m is not None
        ],
        "signals": _signals_in(sent),
        "orgs": _org_spans(sent),
        "persons": _org_spans(sent, "persons"),
        "text": sent.text,
    }


_START_WORDS = re.compile(r"\b(start\w*|börja\w*|från|fr\.o\.m\.?|inleds)\b")
_END_WORDS = re.compile(r"\b(slut\w*|avslut\w*|till|t\.o\.m\.?|pågår till)\b")
_REPAY_WORDS = re.compile(r"återbetal\w*|återför\w*|betala\w*\s+tillbaka")
_BUDGET_WORDS = re.compile(r"\b(budget\w*|kostar|kostnad\w*|totalt|söker|ansöker|medel|omslutning)\b")
_REPAY_START = re.compile(r"(?:efter|från och med år|från år|börjar år|år)\s+(\S+)(?:\s+år)?")
_REPAY_START_AFTER = re.compile(r"(\S+)\s+år\s+efter\s+(?:projekt\w*|start\w*|att\s+projektet)")
_REPAY_LENGTH = re.compile(r"(?:under|i|pågår i|inom|på|tar|ytterligare)\s+(\S+)\s+år")


def _paid_parties(facts: dict[str, Any], kinds: set[str]) -> list[tuple[str, Span]]:
    """The organisations of ``kinds`` and the people paid for a service (``paid_persons``; not when the
    sentence hires staff or speaks of a salary, ``employed``) that a sentence names, in text order."""
    persons = [] if re.search(vocabulary()["employed"], facts["text"], re.IGNORECASE) else facts["persons"]
    found = [(kind, span) for kind, span in facts["orgs"] + persons if kind in kinds]
    return sorted(found, key=lambda x: x[1].start)


def _external_actor(
    facts: dict[str, Any], kinds: set[str], original: str, price: re.Pattern[str] | None = None
) -> dict[str, Any] | None:
    external = _paid_parties(facts, kinds)
    signals: Signals = facts["signals"]
    if not external or not facts["amounts"]:
        return None
    kind, span = external[0]
    valued = [v for v in contract_values(facts["sentence"]) if v.how != "plain"]
    # a purchase: buying words; for a person also a fee ("hon tar 45 000 kr i månaden", "900 kr i timmen")
    fee = kind in vocabulary()["paid_persons"] and (
        bool(price and price.search(facts["text"])) or bool(valued)
    )
    if not signals.has("procurement_words") and not fee:
        return None
    value = max(facts["amounts"])
    months = max(facts["durations"]) if facts["durations"] else None
    whole = [v.total for v in valued if v.how in ("count", "period")]
    if whole:
        # the whole contract from a price per period or per hour ("45 000 kr i månaden under två år" ->
        # 1 080 000 kr, "900 kr i timmen, ca 400 timmar" -> 360 000 kr): LOU counts the whole period
        value = max(whole)
    elif re.search(
        fold_letters(vocabulary()["contract_value"]["partial"]), fold_letters(facts["text"]), re.I
    ):
        # the price of a part ("det blir 250 000 kr första året", "90 000 kr för första terminen"): no
        # contract value, so the check asks for the whole period (review 8 §3: read as the whole contract)
        value = None
    elif signals.has("per_year") and months:
        value = round(value * months / 12)
    elif valued and all(v.how == "per_period" and v.amount == value for v in valued):
        # only a price per month or hour, no length or hours: the whole contract's value is not known (it was
        # read as the whole value: "han tar 40 000 kr i månaden" -> "värt 40 000 kr för hela avtalsperioden")
        value = None
    actor: dict[str, Any] = {"kind": kind, "value_sek": value}
    if months:
        actor["contract_months"] = int(months)
    if signals.has("iop"):
        actor["form"] = "iop"
    elif re.search(r"direktupphandl", facts["text"]):
        actor["form"] = "direktupphandling"
    if find_signals(facts["sentence"]).has("own_concept"):
        actor["own_concept"] = True
    if facts["dates"]:
        actor["purchase_date"] = facts["dates"][0]
    capitalised = r"[A-ZÅÄÖ][\w-]*(?:\s+[A-ZÅÄÖ][\w-]*)*"
    name = re.search(rf"(?i:{re.escape(span.text)})\s+{capitalised}|{capitalised}\s+AB\b", original)
    if name:
        actor["name"] = name.group(0).strip()
    return actor


_CLAUSE = re.compile(r",|;|\bmen\b|(?<!-\s)\boch\b")
"""Clause breaks; not the "och" of "kultur- och fritidskontoret" (retired blind v5, k089)."""


def _stance(sentence: str, subject: re.Pattern[str]) -> bool | None:
    """Yes/no from the clause naming ``subject``: 'chefen står bakom' -> True; with 'inte' -> False."""
    for clause in _CLAUSE.split(sentence):
        if not subject.search(clause):
            continue
        signals = _signals_in(parse(clause))
        if signals.has("negation"):
            return False
        if signals.has("agreement"):
            # "Nämnden får information efter ansökan", "chefen ska säga ja": not done yet, so no yes (the
            # forankring check's ``not_yet`` words then say what is missing). A hope, a condition, a request
            # for information or a question is no yes either ("Vi hoppas att chefen säger ja", "Om chefen
            # säger ja kör vi", "Har chefen sagt ja?"; ``forankring.hypothetical``, review 8 §1).
            from rules.checks.base import pattern

            if sentence.rstrip().endswith("?") or pattern("forankring", "hypothetical").search(sentence):
                return None
            return None if pattern("forankring", "not_yet").search(clause) else True
    return None


_HEAD = re.compile(r"chef")
_COMMITTEE = re.compile(r"nämnd")


def extract_facts(text: str | None) -> dict[str, Any]:
    """Partial IdeaSketch facts stated plainly in ``text`` (field name -> value)."""
    if not text or not text.strip():
        return {}
    vocab = vocabulary()
    doc = parse(text)
    original = text[:MAX_CHARS]
    facts: dict[str, Any] = {}
    actors: list[dict[str, Any]] = []
    external_kinds = set(vocab["external_kinds"]) | set(vocab["paid_kinds"])
    price = re.compile(vocab["price_cue"], re.IGNORECASE)
    named: dict[str, Any] | None = None  # the last sentence naming an external actor without a price
    for sent in doc.sents:
        f = _sentence_facts(sent, original)
        signals: Signals = f["signals"]
        lowered = f["text"]
        if signals.has("applying") and f["orgs"] and "applicant_kind" not in facts:
            facts["applicant_kind"] = f["orgs"][0][0]
        if signals.has("department_head") and "department_head_on_board" not in facts:
            verdict = _stance(lowered, _HEAD)
            if verdict is not None:
                facts["department_head_on_board"] = verdict
        if any(k == "nämnd" for k, _ in f["orgs"]) and "committee_informed" not in facts:
            verdict = _stance(lowered, _COMMITTEE)
            if verdict is not None:
                facts["committee_informed"] = verdict
        _savings_facts(f["sentence"], lowered, facts)
        if _REPAY_WORDS.search(lowered):
            _repayment_facts(lowered, facts)
            continue
        actor = _external_actor(f, external_kinds, original, price)
        # the price sentence may name the actor again ("… av en konsultfirma." – "konsulten tar 200 000 kr")
        same = (
            {k for k, _ in f["orgs"]} <= {k for k, _ in named["orgs"] + named["persons"]} if named else False
        )
        if not actor and named and f["amounts"] and same and price.search(lowered):
            actor = _external_actor(_joined(named, f), external_kinds, original)
            named = None
        if not actor and not f["amounts"] and _paid_parties(f, external_kinds):
            named = f
        if actor:
            actors.append(actor)
        elif f["amounts"] and _BUDGET_WORDS.search(lowered) and "budget_sek" not in facts:
            facts["budget_sek"] = max(f["amounts"])
        _project_dates(f, lowered, facts)
    if actors:
        facts["external_actors"] = actors
    facts.update({k: v for k, v in topic_facts(text).items() if k not in facts})
    return facts


def _joined(named: dict[str, Any], priced: dict[str, Any]) -> dict[str, Any]:
    """The sentence naming an actor and the later one giving its price, read as one (the price sentence's
    amounts, durations and dates; the actor's organisation; the signals of both)."""
    text = f"{named['text']} {priced['text']}"
    signals = _signals_in(parse(text))
    signals.found.setdefault("procurement_words", ["pris"])  # a price asked for a service is a purchase
    return {
        **priced,
        "orgs": named["orgs"],
        "persons": named["persons"],
        "signals": signals,
        "text": text,
        "sentence": f"{named['sentence']} {priced['sentence']}",
    }


def topic_facts(text: str | None) -> dict[str, str]:
    """Free-text answers a description gives in passing: field -> its sentences that match the field's cue
    (``topic_fields`` in the pattern file), as written ("Visar det sig fungera tar elevhälsan över
    arbetssättet i ordinarie verksamhet efter 2029." -> implementation_plan)."""
    from rules.facts import sentences

    found: dict[str, str] = {}
    asked = re.compile(vocabulary()["not_a_statement"], re.IGNORECASE)
    statements = [s for s in sentences(text) if not asked.search(s)]
    for name, cues in vocabulary()["topic_fields"].items():
        cue = re.compile(cues["cue"], re.IGNORECASE)
        also = re.compile(cues["with"], re.IGNORECASE) if cues.get("with") else None
        kept = [s for s in statements if cue.search(s) and (also is None or also.search(s))]
        if kept:
            found[name] = " ".join(kept)
    return found


@lru_cache
def _regex(group: str, key: str) -> re.Pattern[str]:
    return re.compile(vocabulary()[group][key], re.IGNORECASE)


def _savings_facts(sentence: str, lowered: str, facts: dict[str, Any]) -> None:
    """Where the savings arise ("Den stora vinsten är att socialnämnden slipper dyra placeringar") and who
    takes part ("Socialkontoret är med i projektgruppen"): the sentence itself, as written (``savings`` and
    ``cooperation`` in the pattern file)."""
    unit = _regex("savings", "unit").search(lowered)
    named = unit or _regex("savings", "own").search(lowered)
    if "savings_elsewhere" not in facts and named and _regex("savings", "cue").search(lowered):
        facts["savings_elsewhere"] = sentence.strip()
    if "cooperation" not in facts and unit and _regex("cooperation", "cue").search(lowered):
        facts["cooperation"] = sentence.strip()


def _project_dates(f: dict[str, Any], lowered: str, facts: dict[str, Any]) -> None:
    dates = f["dates"]
    if not dates:
        return
    if len(dates) >= 2 and "start_date" not in facts and dates[1] > dates[0]:
        facts["start_date"], facts["end_date"] = dates[0], dates[1]
    elif _START_WORDS.search(lowered) and "start_date" not in facts:
        facts["start_date"] = dates[0]
    elif _END_WORDS.search(lowered) and "end_date" not in facts:
        facts["end_date"] = dates[0]


def _repayment_facts(lowered: str, facts: dict[str, Any]) -> None:
    def first_number(pattern: re.Pattern[str]) -> tuple[float, int] | None:
        for found in pattern.finditer(lowered):
            value = parse_number(found.group(1))
            if value is not None:
                return value, found.start(1)
        return None

    # "börjar sju år efter projektstart" / "sju år efter starten" before "efter tre år" / "från år 3"
    # (number words were not read in the first form: tryout 5).
    start = first_number(_REPAY_START_AFTER) or first_number(_REPAY_START)
    length = first_number(_REPAY_LENGTH)
    if start and "repayment_start_years" not in facts:
        facts["repayment_start_years"] = start[0]
    if length and "repayment_years" not in facts and (not start or length[1] != start[1]):
        facts["repayment_years"] = length[0]
    facts.setdefault("repayment_plan", lowered.strip())
