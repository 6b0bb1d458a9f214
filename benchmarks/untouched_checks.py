"""How often a chat reply carries a check the message gave no facts for.

Issue 7: the eligibility summary lists only the checks the message touched, plus the check the question is
about.

Runs chat suites over the real REST channel (servers started here, as ``fondassistenten.chat_suite`` does) and
counts, per suite, the replies that

- carry the likställighet warning about an unknown benefit ("Det framgår inte / Det är oklart om någon enskild
  person …") while the message says nothing about benefits to individuals, or
- name a check (its title after "Observera", "Uppfylls inte" or in the headline) whose topic the message does
  not mention. Only checks with a topic pattern below are judged; the patterns are deliberately wide, so a
  count is a lower bound.

``python benchmarks/untouched_checks.py SUITE.yaml ... [--port-offset N] [--show]``
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from pathlib import Path

from fondassistenten.chat_suite import load_suite, report, rest_sender, run_suite

UNKNOWN_BENEFIT = re.compile(r"Det (framgår inte|är oklart) om någon enskild person", re.IGNORECASE)
# What a message has to mention for the check to be about it (wide on purpose: a miss here hides a count).
TOPICS: dict[str, re.Pattern[str]] = {
    "Likställighet": re.compile(
        r"enskild|individ|körkort|kort\b|presentkort|bidrag|ersättning|stipendi|gratis|utvald|välj|urval|"
        r"likställ|lika\b|förmån|kontant|betala .* (för|åt)|resor|utrustning|mobil|dator|lön|avgift",
        re.IGNORECASE,
    ),
    "Befintlig verksamhet": re.compile(
        r"befintlig|drift|pågå|redan|sedan \d{4}|sedan flera|i flera år|ordinarie|löpande|fortsätt|"
        r"permanent|funnits|finns i dag|finns idag|vår verksamhet|nuvarande|ersätt|förläng|köpt|tidigare",
        re.IGNORECASE,
    ),
}
SHOWN = re.compile(r"(Observera|Uppfylls inte)[:\s–-]+([A-ZÅÄÖ][\wåäö ]+?)[.:]")


def untouched(message: str, reply: str) -> list[str]:
    """The checks the reply brings up that the message gave nothing for."""
    found: list[str] = []
    if UNKNOWN_BENEFIT.search(reply) and not TOPICS["Likställighet"].search(message):
        found.append("Likställighet (okänd förmån)")
    named = {m.group(2).strip() for m in SHOWN.finditer(reply)}
    head = reply.split("\n", 1)[0]
    for title, topic in TOPICS.items():
        if (title in named or title.lower() in head.lower()) and not topic.search(message):
            if title == "Likställighet" and found:
                continue
            found.append(title)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description="Orörda kontroller i chattsvar.")
    parser.add_argument("suites", nargs="+", type=Path)
    parser.add_argument("--port-offset", type=int, default=300)
    parser.add_argument("--show", action="store_true", help="print every counted reply")
    parser.add_argument("--failures", action="store_true", help="print the suites' failed turns too")
    args = parser.parse_args()

    from fondassistenten.launcher import Ports, Services

    for scope in ("CHAT", "SEARCH", "EXPORT"):
        os.environ.setdefault(f"FOND_RATE_LIMIT_{scope}", "100000/minute")
    offset = args.port_offset
    grand = [0, 0, 0]
    with tempfile.TemporaryDirectory() as state:
        ports = Ports.shifted(offset)
        with Services(ports, state_dir=Path(state)) as running:
            send = rest_sender(running.web_url)
            for suite in args.suites:
                outcomes = run_suite(load_suite(suite), send)
                replies = counted = benefit = 0
                for outcome in outcomes:
                    for turn, reply in zip(outcome.case.turns, outcome.replies, strict=False):
                        replies += 1
                        hits = untouched(turn.message, reply)
                        if hits:
                            counted += 1
                            benefit += any("okänd förmån" in h for h in hits)
                            if args.show:
                                text = re.sub(r"\s+", " ", reply)[:240]
                                print(f"  {outcome.case.id} {hits} {turn.message[:80]!r}\n      {text!r}")
                if args.failures:
                    print("\n".join(report(str(suite), outcomes).splitlines()[3:]))
                passed = sum(o.passed for o in outcomes)
                print(
                    f"{suite}: {counted}/{replies} svar med en orörd kontroll "
                    f"(varav {benefit} likställighet okänd förmån); godkända {passed}/{len(outcomes)}",
                    flush=True,
                )
                grand = [grand[0] + counted, grand[1] + replies, grand[2] + benefit]
    print(f"totalt: {grand[0]}/{grand[1]} svar med en orörd kontroll (varav {grand[2]} okänd förmån)")


if __name__ == "__main__":
    main()
