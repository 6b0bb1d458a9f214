"""Prints the figures of the chat: Rasa train time, time until all servers answer, and per-message
latency over the REST channel through the web app (p50, p95) for plain answers, retrieval answers and check
actions. Every reply is checked against what it must say; a wrong reply fails the benchmark.

    .venv/bin/python benchmarks/chat_benchmark.py [--skip-train] [--rounds 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import psutil

from fondassistenten.chat_suite import Turn
from fondassistenten.launcher import Ports, Services
from fondassistenten.settings import ROOT

# Each message with what its reply must say (folded as in fondassistenten/chat_suite.py): a fast wrong answer
# is no result, so every reply is checked before its time counts.
MESSAGES: dict[str, list[tuple[str, list[list[str]]]]] = {
    "enkla svar": [
        ("hej", [["hej"]]),
        ("tack så mycket", [["varsågod"]]),
        ("vad kan du hjälpa till med?", [["idéskiss"]]),
        ("hejdå", [["hej då"]]),
    ],
    "svar ur dokumenten": [
        ("Vem beslutar om pengar ur fonden?", [["kommunstyrelse"], ["källa"]]),
        ("hur lang tid har vi pa oss att betala tillbaka?", [["år"], ["källa"]]),
        ("Måste metoden bygga på forskning?", [["forskning"], ["källa"]]),
        ("Hur stor är fonden i Södertälje?", [["24"]]),
    ],
    "kontroller": [
        ("Kan vi söka pengar för hyran till vår befintliga fritidsgård?", [["befintlig verksamhet"]]),
        ("Kan vi söka för att betala körkort åt några ungdomar?", [["likställighet"]]),
        ("Vi vill köpa en tjänst av en förening för 800 000 kr, går det?", [["upphandl"], ["700 000"]]),
    ],
}
TARGET_P95_MS = 300
"""Issue 7: one user's message, p95 over the REST channel."""


def train_time() -> float:
    with tempfile.TemporaryDirectory() as out:
        began = time.perf_counter()
        subprocess.run(
            [str(ROOT / ".venv-rasa/bin/rasa"), "train", "--config", "config.yml", "--domain", "bot/domain",
             "--data", "bot/data", "--out", out, "--force"],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        return time.perf_counter() - began


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]
    )


def cpu_seconds(process: subprocess.Popen) -> float:
    """CPU time (user + system) a service's process tree has used so far. Wall-clock time on a machine shared
    with other processes says little; the CPU a message costs does not depend on them."""
    try:
        parent = psutil.Process(process.pid)
        return sum(sum(p.cpu_times()[:2]) for p in [parent, *parent.children(recursive=True)])
    except psutil.NoSuchProcess:
        return 0.0


def main() -> None:
    import os

    # The benchmark is one user sending fast; the per-client limits are for people.
    for scope in ("CHAT", "SEARCH", "EXPORT"):
        os.environ.setdefault(f"FOND_RATE_LIMIT_{scope}", "100000/minute")
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-train", action="store_true")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--port-offset", type=int, default=int(os.environ.get("FOND_TEST_PORT_OFFSET", "0")))
    args = parser.parse_args()
    offset = args.port_offset
    if not args.skip_train:
        print(f"Rasa-träning (rasa train --force):        {train_time():6.1f} s")
    with (
        tempfile.TemporaryDirectory() as state,
        Services(Ports(8200 + offset, 5205 + offset, 5255 + offset), state_dir=Path(state)) as s,
    ):
        print(f"Tid tills alla tjänster är redo:           {s.started_in:6.1f} s")
        client = httpx.Client(timeout=60)
        began = time.perf_counter()
        client.post(f"{s.web_url}/webhooks/rest/webhook", json={"sender": "uppvärmning", "message": MESSAGES[
            "svar ur dokumenten"][0][0]})  # fmt: skip
        print(f"Första svaret ur dokumenten efter start:   {time.perf_counter() - began:6.2f} s")
        print(f"\nSvarstid per meddelande över REST-kanalen ({args.rounds} varv, varma tjänster):")
        print(
            "  (CPU-ms per meddelande: processorns tid i Rasa och webbappen per meddelande; "
            f"maskinens belastning {os.getloadavg()[0]:.1f})"
        )
        wrong: list[str] = []
        worst = 0.0
        for label, messages in MESSAGES.items():
            timings = []
            cpu_before = {name: cpu_seconds(p) for name, p in s.processes.items()}
            for _ in range(args.rounds):
                for message, expected in messages:
                    sender = f"bench-{uuid.uuid4().hex[:8]}"
                    turn = Turn(message=message, must_contain=expected)
                    with httpx.Client(base_url=s.web_url, timeout=60) as browser:
                        t0 = time.perf_counter()
                        response = browser.post(
                            "/webhooks/rest/webhook", json={"sender": sender, "message": message}
                        )
                        timings.append((time.perf_counter() - t0) * 1000)
                    response.raise_for_status()
                    reply = "\n".join(r.get("text") or "" for r in response.json())
                    if problems := turn.problems(reply):
                        wrong.append(f"{message!r}: {'; '.join(problems)}")
            cpu = {
                name: (cpu_seconds(p) - cpu_before[name]) * 1000 / len(timings)
                for name, p in s.processes.items()
            }
            p95 = percentile(timings, 95)
            worst = max(worst, p95)
            print(
                f"  {label:<20} n={len(timings):3d}  p50 {percentile(timings, 50):6.0f} ms  p95 {p95:6.0f} ms"
                f"  CPU {sum(cpu.values()):5.0f} ms/meddelande ("
                + ", ".join(f"{name} {ms:.0f}" for name, ms in cpu.items())
                + ")"
            )
        print(f"\nMål p95 < {TARGET_P95_MS} ms: {'uppfyllt' if worst < TARGET_P95_MS else 'INTE uppfyllt'}")
        for line in sorted(set(wrong)):
            print(f"  FEL SVAR {line}")
        if wrong:
            raise SystemExit(f"{len(set(wrong))} meddelanden fick fel svar (se ovan).")


if __name__ == "__main__":
    main()
