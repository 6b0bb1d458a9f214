"""End-to-end chat suites: single messages and conversations, with what each reply must and must not say.

One runner serves the tuning suite (``tests/e2e/chat_tuning.yaml``: by the developers, to iterate)
and the frozen blind suites (``tests/blind/chat_single.yaml``, ``chat_conversations.yaml``: written by someone
who saw only the corpus and the product description; run once at the end of a change, never tuned on).

A single-message suite is a YAML list of ``{id, user, message, expect, must_contain, must_not_contain}``;
``must_contain`` is a list of groups, each a list of alternatives of which one must appear. A conversation
suite is a list of ``{id, user, turns: [{message, expect, must_contain, must_not_contain}]}``. Matching folds
case, å/ä→a, ö→o, é→e, collapses white space and removes spaces between digits ("700 000" matches "700000").
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Send = Callable[[str, str], str]
"""``send(sender, message) -> reply text`` (all the bot's messages joined)."""

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "\u00a0": " ", "\u202f": " "})


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").lower().translate(_FOLD)
    text = re.sub(r"[”“„\"’‘´`]", "'", text)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(?<=\d) (?=\d)", "", text).strip()


@dataclass
class Turn:
    message: str
    expect: str = ""
    must_contain: list[list[str]] = field(default_factory=list)
    must_not_contain: list[str] = field(default_factory=list)
    first_sentences: int = 0
    """When set, ``must_contain`` is looked for only in the reply's first sentences (answer first)."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Turn:
        groups = [g if isinstance(g, list) else [g] for g in data.get("must_contain") or []]
        return cls(
            message=str(data.get("message") or ""),
            expect=str(data.get("expect") or ""),
            must_contain=[[str(x) for x in g] for g in groups],
            must_not_contain=[str(x) for x in data.get("must_not_contain") or []],
        )

    def problems(self, reply: str) -> list[str]:
        """What is wrong with ``reply`` for this turn (empty when it passes)."""
        said = normalise(reply)
        head = (
            normalise(" ".join(first_sentences(reply, self.first_sentences)))
            if self.first_sentences
            else said
        )
        found = []
        if not said:
            found.append("tomt svar")
        for group in self.must_contain:
            if not any(normalise(alt) in head for alt in group):
                found.append(f"saknar {group}")
        for phrase in self.must_not_contain:
            if normalise(phrase) and normalise(phrase) in said:
                found.append(f"innehåller {phrase!r}")
        return found


@dataclass
class Case:
    id: str
    user: str
    turns: list[Turn]
    note: str = ""
    fund: str = ""
    """The fund the user works for (retrieval sets name it); empty: the assistant's configured fund."""

    @property
    def expect(self) -> str:
        """The kind of the case: its single turn's, or the last turn with an expectation."""
        kinds = [t.expect for t in self.turns if t.expect]
        return kinds[-1] if kinds else ""


@dataclass
class Outcome:
    case: Case
    replies: list[str]
    problems: list[tuple[int, list[str]]]

    @property
    def passed(self) -> bool:
        return not self.problems


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9”\"(])|\n+")


def first_sentences(text: str, count: int) -> list[str]:
    """The first ``count`` sentences of a reply (a "Källa:" line ends the answer)."""
    answer = re.split(r"\bKälla:", text or "", maxsplit=1)[0]
    return [s for s in _SENTENCE_END.split(answer.strip()) if s.strip()][:count]


def load_answer_checks(path: Path, sentences: int = 2) -> list[Case]:
    """Questions of a retrieval set that carry ``answer_must_contain``, as single-message cases whose phrases
    must appear in the reply's first ``sentences`` sentences."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data.get("questions", []) if isinstance(data, dict) else data
    cases = []
    for item in items or []:
        groups = item.get("answer_must_contain")
        if not item.get("answerable", True) or not groups:
            continue
        turn = Turn.from_dict({"message": item["question"], "expect": "answer", "must_contain": groups})
        turn.first_sentences = sentences
        cases.append(
            Case(
                id=str(item.get("id")),
                user=str(item.get("user") or ""),
                turns=[turn],
                fund=str(item.get("fund") or ""),
            )
        )
    return cases


def load_suite(path: Path) -> list[Case]:
    """Cases from a single-message or conversation suite file (either may be a mapping with ``cases``)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("cases") or data.get("conversations") or data.get("items") or []
    cases = []
    for n, item in enumerate(data or []):
        turns = item.get("turns")
        parsed = [Turn.from_dict(t) for t in turns] if turns else [Turn.from_dict(item)]
        cases.append(
            Case(
                id=str(item.get("id") or f"{path.stem}-{n}"),
                user=str(item.get("user") or ""),
                turns=parsed,
                note=str(item.get("note") or ""),
            )
        )
    return cases


def run_case(case: Case, send: Send) -> Outcome:
    sender = f"suite-{case.id}-{uuid.uuid4().hex[:8]}"
    replies: list[str] = []
    problems: list[tuple[int, list[str]]] = []
    for index, turn in enumerate(case.turns):
        try:
            reply = send(sender, turn.message)
        except Exception as error:  # noqa: BLE001 - a failing request is a failed turn, not a crashed run
            reply = ""
            problems.append((index, [f"fel vid anrop: {error}"]))
            replies.append(reply)
            continue
        replies.append(reply)
        if issues := turn.problems(reply):
            problems.append((index, issues))
    return Outcome(case, replies, problems)


def run_suite(cases: Iterable[Case], send: Send) -> list[Outcome]:
    return [run_case(case, send) for case in cases]


def run_per_fund(
    cases: Iterable[Case],
    send: Send,
    configured_fund: str,
    fund_sender: Callable[[str], AbstractContextManager[Send]],
) -> list[Outcome]:
    """Each case asked of an assistant configured for the case's fund, as that fund's staff would use it:
    ``send`` for the configured fund, ``fund_sender(fund)`` (started, used, stopped) for any other."""
    cases = list(cases)
    results: dict[int, Outcome] = {}
    funds = sorted({c.fund or configured_fund for c in cases}, key=lambda f: f != configured_fund)
    for fund in funds:
        group = [(n, c) for n, c in enumerate(cases) if (c.fund or configured_fund) == fund]
        if fund == configured_fund:
            results.update((n, run_case(c, send)) for n, c in group)
            continue
        with fund_sender(fund) as other:
            results.update((n, run_case(c, other)) for n, c in group)
    return [results[n] for n in range(len(cases))]


@contextmanager
def fund_assistant(fund: str, offset: int, state_dir: Path) -> Iterator[Send]:
    """A sender to the whole assistant (web app, actions, Rasa) started with ``FOND_FUND=fund`` on ports
    ``offset`` above the defaults, with its own state directory; stopped when the block ends."""
    from fondassistenten.launcher import Ports, Services

    ports = Ports.shifted(offset)
    state = state_dir / fund
    state.mkdir(parents=True, exist_ok=True)
    with Services(ports, state_dir=state, extra_env={"FOND_FUND": fund}) as running:
        yield rest_sender(running.web_url)


def report(name: str, outcomes: list[Outcome], show: int = 200) -> str:
    """Pass rate overall, per expected kind and per user, then every failure with what was missing."""
    total = len(outcomes)
    passed = sum(o.passed for o in outcomes)
    lines = [f"{name}: {passed}/{total} godkända ({passed / total:.0%})" if total else f"{name}: inga fall"]
    keys: list[tuple[Callable[[Outcome], str], str]] = [
        (lambda o: o.case.expect, "typ"),
        (lambda o: o.case.user, "användare"),
    ]
    if any(o.case.fund for o in outcomes):
        keys.append((lambda o: o.case.fund, "fond"))
    for key, label in keys:
        counts: Counter[str] = Counter()
        good: Counter[str] = Counter()
        for outcome in outcomes:
            counts[key(outcome)] += 1
            good[key(outcome)] += outcome.passed
        lines.append(
            f"  per {label}: " + ", ".join(f"{k or '-'} {good[k]}/{counts[k]}" for k in sorted(counts))
        )
    failures = [o for o in outcomes if not o.passed][:show]
    for outcome in failures:
        for index, issues in outcome.problems:
            turn = outcome.case.turns[index]
            reply = re.sub(r"\s+", " ", outcome.replies[index])[:300]
            lines.append(f"  FEL {outcome.case.id} tur {index + 1} [{turn.expect}] {turn.message[:90]!r}")
            lines.append(f"      {'; '.join(issues)}")
            lines.append(f"      svar: {reply!r}")
    return "\n".join(lines)


def rest_sender(base_url: str, timeout: float = 60.0) -> Send:
    """``send`` over the REST channel at ``base_url`` (the web app's proxy or Rasa itself).

    Each conversation gets its own HTTP client, so a server that keeps the conversation in a cookie sees one
    browser per conversation, as a person would be.
    """
    import httpx

    clients: dict[str, httpx.Client] = {}

    def send(sender: str, message: str) -> str:
        if sender not in clients:
            for old in clients.values():
                old.close()
            clients.clear()
            clients[sender] = httpx.Client(base_url=base_url, timeout=timeout)
        response = clients[sender].post("/webhooks/rest/webhook", json={"sender": sender, "message": message})
        response.raise_for_status()
        return "\n".join(reply.get("text") or "" for reply in response.json())

    return send


def main() -> None:
    """``python -m fondassistenten.chat_suite SUITE.yaml ... [--url URL]``: run suites, print the report."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description="Kör chattsviter mot REST-kanalen och skriv ut resultatet.")
    parser.add_argument("suites", nargs="*", type=Path)
    parser.add_argument(
        "--answers",
        type=Path,
        action="append",
        default=[],
        help="Frågor med answer_must_contain (svarsnivå).",
    )
    parser.add_argument("--url", help="En redan startad webbapp eller Rasa-server; annars startas allt här.")
    parser.add_argument("--port-offset", type=int, default=300)
    args = parser.parse_args()

    def run_all(url: str) -> None:
        from fondassistenten.settings import get_settings

        send = rest_sender(url)
        for suite in args.suites:
            print(report(str(suite), run_suite(load_suite(suite), send)), flush=True)
        for path in args.answers:
            with tempfile.TemporaryDirectory() as others:
                outcomes = run_per_fund(
                    load_answer_checks(path),
                    send,
                    get_settings().fund,
                    lambda fund: fund_assistant(fund, args.port_offset + 500, Path(others)),
                )
            print(report(f"svarsnivå {path}", outcomes), flush=True)

    if args.url:
        run_all(args.url)
        return
    import os

    from fondassistenten.launcher import Ports, Services

    # A suite sends hundreds of messages from one address; the per-client limits are for people.
    for scope in ("CHAT", "SEARCH", "EXPORT"):
        os.environ.setdefault(f"FOND_RATE_LIMIT_{scope}", "100000/minute")
    offset = args.port_offset
    with tempfile.TemporaryDirectory() as state:
        ports = Ports.shifted(offset)
        with Services(ports, state_dir=Path(state)) as running:
            run_all(running.web_url)


if __name__ == "__main__":
    main()
