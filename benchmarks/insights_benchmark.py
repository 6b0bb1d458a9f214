"""Insights queries with many stored questions: generates N questions (default 100 000) with feedback and
idéskiss events (default 10 000 sketches started, 60 % of them finished, half exported) in a fresh SQLite
database through the migrations, then times every query the insights page runs (90-day and one-year periods,
all funds and one fund) and prints p50/p95 per query.

    .venv/bin/python benchmarks/insights_benchmark.py [--questions 100000] [--sketches 10000] [--runs 40]
        [--url sqlite:///... | --postgres]

``--postgres`` runs the same on a PostgreSQL server of its own (``fondassistenten/local_engines.py``, ports
15700/16600 + ``FOND_TEST_PORT_OFFSET``).

The grouping by meaning (embeddings over the 20 most frequent questions) is not included: it does not
depend on how many questions are stored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import insert, text

from fondassistenten.db import (
    Feedback,
    Question,
    QuestionDay,
    SketchEvent,
    VerdictDay,
    _engine,
    _sessionmaker,
    upgrade,
)
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


def generate_sketches(url: str, count: int, seed: int = 11) -> None:
    """``count`` sketches started over the year; 60 % finished a day later, half of those exported."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = []
    for i in range(count):
        at = now - dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        fund = rng.choice(FUNDS)
        steps = ["påbörjad"] + (["klar"] if rng.random() < 0.6 else [])
        steps += ["exporterad"] if len(steps) == 2 and rng.random() < 0.5 else []
        for day, kind in enumerate(steps):
            rows.append(
                {"at": at + dt.timedelta(days=day), "fund": fund, "kind": kind, "sketch": f"s{i:039d}"}
            )
    with _sessionmaker(url)() as session:
        session.execute(insert(SketchEvent), rows)
        session.commit()


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
    parser.add_argument("--sketches", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--url", default="")
    parser.add_argument("--postgres", action="store_true", help="a PostgreSQL server of its own")
    args = parser.parse_args()
    if args.postgres:
        from fondassistenten.local_engines import LocalEngines

        offset = int(os.environ.get("FOND_TEST_PORT_OFFSET", "0"))
        with LocalEngines(pg_port=15700 + offset, redis_port=16600 + offset) as engines:
            url = f"postgresql+psycopg://fond@127.0.0.1:{engines.pg_port}/rasa"
            run(url, args.questions, args.sketches, args.runs)
            _engine(url).dispose()
        return
    with tempfile.TemporaryDirectory(prefix="insights-bench-") as folder:
        run(args.url or f"sqlite:///{Path(folder) / 'bench.db'}", args.questions, args.sketches, args.runs)


def run(url: str, questions: int, sketches: int, runs: int) -> None:
    seconds = generate(url, questions)
    generate_sketches(url, sketches)
    if url.startswith("postgresql"):  # the statistics autovacuum would gather on a server in use
        with _engine(url).begin() as connection:
            connection.execute(text("ANALYZE"))
    print(f"{questions} frågor och {sketches} idéskisser genererade på {seconds:.1f} s ({url.split(':')[0]})")
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
        "idéskisser": insights.sketches_per_week,
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
