"""Insights queries with many stored questions: generates N questions (default 100 000) with feedback in a
fresh SQLite database through the migrations, then times every query the insights page runs (90-day and
one-year periods, all funds and one fund) and prints p50/p95 per query.

    .venv/bin/python benchmarks/insights_benchmark.py [--questions 100000] [--runs 40] [--url sqlite:///...]

The grouping by meaning (embeddings over the 20 most frequent questions) is not included: it does not
depend on how many questions are stored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import insert

from fondassistenten.db import Feedback, Question, QuestionDay, VerdictDay, _sessionmaker, upgrade
from webapp.coordinator import insights
from webapp.coordinator.recorder import question_key

TEMPLATES = [
    "Kan en förening söka pengar ur fonden?",
    "Vem beslutar om medlen?",
    "Hur mycket ska betalas tillbaka?",
    "Får vi bjuda deltagarna på lunch?",
    "Vad är en idéskiss?",
    "Hur lång tid tar beslutet?",
    "Måste projektet utvärderas?",
    "Kan vi anlita en konsult utan upphandling?",
]
KINDS = ["svar"] * 6 + ["vet_ej"] * 2 + ["kontroll", "övrigt"]
FUNDS = ["sodertalje", "sundsvall", "stockholm"]
VERDICTS = [["Uppfyllt"], ["Uppfylls inte"], ["Observera", "Uppfyllt"], ["Kan inte bedömas än"]]


def generate(url: str, count: int, seed: int = 7) -> float:
    rng = random.Random(seed)
    upgrade(url)
    maker = _sessionmaker(url)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    started = time.perf_counter()
    days: Counter[tuple] = Counter()
    verdict_days: Counter[tuple] = Counter()
    with maker() as session:
        for start in range(0, count, 10_000):
            rows = []
            for i in range(start, min(start + 10_000, count)):
                text = f"{rng.choice(TEMPLATES)} ({rng.randint(1, 400)})"
                kind = rng.choice(KINDS)
                rows.append(
                    {
                        "id": i + 1,
                        "token": secrets.token_hex(12),
                        "asked_at": now - dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60)),
                        "fund": rng.choice(FUNDS),
                        "question": text,
                        "question_key": question_key(text),
                        "reply": "Svar. Källa: Södertälje kommun, riktlinje (2015)",
                        "kind": kind,
                        "sources": ["Södertälje kommun, riktlinje (2015)"] if kind == "svar" else [],
                        "verdicts": rng.choice(VERDICTS) if kind == "kontroll" else [],
                    }
                )
            session.execute(insert(Question), rows)
            for r in rows:  # the daily counts that webapp/coordinator/recorder.py keeps with count_question()
                days[(r["asked_at"].date(), r["fund"], r["kind"])] += 1
                for verdict in r["verdicts"]:
                    verdict_days[(r["asked_at"].date(), r["fund"], verdict)] += 1
            feedback = [
                {"question_id": r["id"], "rating": rng.choice([1, 1, -1]), "comment": "", "created_at": now}
                for r in rows
                if rng.random() < 0.05
            ]
            session.execute(insert(Feedback), feedback)
        session.execute(
            insert(QuestionDay), [{"day": d, "fund": f, "kind": k, "n": n} for (d, f, k), n in days.items()]
        )
        session.execute(
            insert(VerdictDay),
            [{"day": d, "fund": f, "verdict": v, "n": n} for (d, f, v), n in verdict_days.items()],
        )
        session.commit()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="insights-bench-") as folder:
        run(args.url or f"sqlite:///{Path(folder) / 'bench.db'}", args.questions, args.runs)


def run(url: str, questions: int, runs: int) -> None:
    seconds = generate(url, questions)
    print(f"{questions} frågor genererade på {seconds:.1f} s ({url.split(':')[0]})")
    today = dt.date.today()
    periods = {
        "90 dagar, alla fonder": insights.Period(today - dt.timedelta(days=90), today),
        "1 år, alla fonder": insights.Period(today - dt.timedelta(days=365), today),
        "1 år, en fond": insights.Period(today - dt.timedelta(days=365), today, "sodertalje"),
    }
    queries = {
        "per vecka": insights.per_week,
        "vanligaste": insights.most_frequent,
        "obesvarade": insights.unanswered,
        "tummen ned": insights.thumbs_down,
        "återkoppling": insights.feedback_counts,
        "typer": insights.kinds,
        "kontroller": insights.verdicts,
    }
    maker = _sessionmaker(url)
    print(f"{'fråga':<14} {'period':<24} {'p50 ms':>8} {'p95 ms':>8}")
    worst = 0.0
    for pname, period in periods.items():
        page_times = []
        for qname, query in queries.items():
            times = []
            for _ in range(runs):
                with maker() as session:
                    t = time.perf_counter()
                    query(session, period)
                    times.append((time.perf_counter() - t) * 1000)
            p95 = statistics.quantiles(times, n=20)[-1]
            worst = max(worst, p95)
            page_times.append(statistics.median(times))
            print(f"{qname:<14} {pname:<24} {statistics.median(times):8.1f} {p95:8.1f}")
        print(f"{'hela sidan':<14} {pname:<24} {sum(page_times):8.1f}")
    print(f"Sämsta p95 för en enskild fråga: {worst:.1f} ms (mål: under 200 ms)")


if __name__ == "__main__":
    main()
