"""Prints the figures of the chat: Rasa train time, time until all servers answer, and per-message
latency over the REST channel (p50, p95) for plain answers, retrieval answers and check actions.

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

from fondassistenten.launcher import Ports, Services
from fondassistenten.settings import ROOT

MESSAGES = {
    "enkla svar": ["hej", "tack så mycket", "vad kan du hjälpa till med?", "hejdå"],
    "svar ur dokumenten": [
        "Vem beslutar om pengar ur fonden?",
        "hur lang tid har vi pa oss att betala tillbaka?",
        "Måste metoden bygga på forskning?",
        "Hur stor är fonden i Södertälje?",
    ],
    "kontroller": [
        "Kan vi söka pengar för hyran till vår befintliga fritidsgård?",
        "Kan vi söka för att betala körkort åt några ungdomar?",
        "Vi vill köpa en tjänst av en förening för 800 000 kr, går det?",
    ],
}


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-train", action="store_true")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    if not args.skip_train:
        print(f"Rasa-träning (rasa train --force):        {train_time():6.1f} s")
    with (
        tempfile.TemporaryDirectory() as state,
        Services(Ports(8200, 5205, 5255), state_dir=Path(state)) as s,
    ):
        print(f"Tid tills alla tjänster är redo:           {s.started_in:6.1f} s")
        client = httpx.Client(timeout=60)
        began = time.perf_counter()
        client.post(f"{s.rasa_url}/webhooks/rest/webhook", json={"sender": "uppvärmning", "message": MESSAGES[
            "svar ur dokumenten"][0]})  # fmt: skip
        print(f"Första svaret ur dokumenten efter start:   {time.perf_counter() - began:6.2f} s")
        print(f"\nSvarstid per meddelande över REST-kanalen ({args.rounds} varv, varma tjänster):")
        for label, messages in MESSAGES.items():
            timings = []
            for _ in range(args.rounds):
                for message in messages:
                    sender = f"bench-{uuid.uuid4().hex[:8]}"
                    t0 = time.perf_counter()
                    response = client.post(
                        f"{s.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}
                    )
                    timings.append((time.perf_counter() - t0) * 1000)
                    response.raise_for_status()
            print(
                f"  {label:<20} n={len(timings):3d}  p50 {percentile(timings, 50):6.0f} ms  "
                f"p95 {percentile(timings, 95):6.0f} ms"
            )


if __name__ == "__main__":
    main()
