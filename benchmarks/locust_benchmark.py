"""Load benchmark: starts the stack on loopback, runs ``benchmarks/locustfile.py`` headless at growing user
counts (bounded: a fixed number of seconds per step) and prints, per step, chat p50/p95, search p95, requests
and chat messages per second, errors, and the memory of each service. It reports the user count where chat p95
first passes 500 ms.

    python benchmarks/locust_benchmark.py                       # one Rasa, actions in the web app (default)
    python benchmarks/locust_benchmark.py --separate-actions    # before: the action server as its own process
    python benchmarks/locust_benchmark.py --replicas 2          # two Rasa replicas on PostgreSQL and Redis,
                                                                # the web app's data and drafts in PostgreSQL

All simulated users come from 127.0.0.1, so the per-client rate limits are raised for the run.

Where a service spends its CPU during a step (py-spy from requirements/bench.lock, the service's process id):

    .venv/bin/py-spy record -p PID -d 25 -r 50 -f raw -o profile.txt --nonblocking
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fondassistenten.launcher import Ports, Services  # noqa: E402
from fondassistenten.local_engines import LocalEngines  # noqa: E402

P95_LIMIT_MS = 500.0
UNLIMITED = {f"FOND_RATE_LIMIT_{kind}": "1000000/minute" for kind in ("CHAT", "SEARCH", "EXPORT", "CHECKS")}


def rss_mb(process: subprocess.Popen) -> float:
    try:
        parent = psutil.Process(process.pid)
        return sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)]) / 2**20
    except psutil.NoSuchProcess:
        return 0.0


def cpu_seconds(process: subprocess.Popen) -> float:
    """CPU time (user + system) used so far by a service's process tree: robust on a shared machine, where
    wall-clock latency depends on what the other processes do."""
    try:
        parent = psutil.Process(process.pid)
        total = 0.0
        for p in [parent, *parent.children(recursive=True)]:
            t = p.cpu_times()
            total += t.user + t.system
        return total
    except psutil.NoSuchProcess:
        return 0.0


def run_step(host: str, users: int, seconds: int, out: Path) -> dict[str, dict[str, float]]:
    prefix = out / f"u{users}"
    subprocess.run(
        [
            str(ROOT / ".venv/bin/locust"), "-f", str(ROOT / "benchmarks/locustfile.py"), "--headless",
            "--host", host, "-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{seconds}s",
            "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR", "--stop-timeout", "10",
        ],
        check=False,
        capture_output=True,
        cwd=ROOT,
    )  # fmt: skip
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = {
                "n": float(row["Request Count"]),
                "failures": float(row["Failure Count"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "rps": float(row["Requests/s"] or 0),
            }
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", default="20,40,60,80", help="Antal användare per steg, kommaseparerat.")
    parser.add_argument("--seconds", type=int, default=60, help="Sekunder per steg.")
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--separate-actions", action="store_true")
    parser.add_argument("--port-offset", type=int, default=int(os.environ.get("FOND_TEST_PORT_OFFSET", "0")))
    args = parser.parse_args()
    offset = args.port_offset
    steps = [int(u) for u in args.users.split(",")]
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        env = dict(UNLIMITED)
        if args.replicas > 1:
            engines = stack.enter_context(LocalEngines(pg_port=15600 + offset, redis_port=16500 + offset))
            env.update({**engines.rasa_env(), **engines.app_env()})  # drafts and app data in PostgreSQL too
        services = Services(
            Ports(web=8600 + offset, rasa=5605 + offset, actions=5655 + offset),
            state_dir=Path(tmp) / "state",
            rasa_replicas=args.replicas,
            separate_actions=args.separate_actions,
            extra_env=env,
        )
        try:
            stack.enter_context(services)
        except RuntimeError:
            for log in sorted(services.log_dir.glob("*.log")):
                print(f"== {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-15:]))
            raise
        layout = (
            f"{args.replicas} Rasa, "
            + ("actionserver som egen process" if args.separate_actions else "actions i webbappen")
            + f"; {os.cpu_count()} kärnor"
        )
        print(f"Stacken: {layout}; redo efter {services.started_in:.0f} s.")
        memory = {name: rss_mb(p) for name, p in services.processes.items()}
        print("Minne efter uppvärmning (RSS, MB): " + ", ".join(f"{n} {m:.0f}" for n, m in memory.items()))
        print(f"  summa {sum(memory.values()):.0f} MB")
        print(
            f"\nLocust, 1–3 s betänketid, {args.seconds} s per steg (chatt, sök, kontroller, export 6:3:2:1):"
        )
        print(
            f"{'användare':>9} {'chatt p50':>9} {'chatt p95':>9} {'sök p95':>8} {'anrop/s':>8} "
            f"{'chatt/s':>8} {'fel':>5} {'minne MB':>9} {'CPU-ms/anrop':>12}  CPU per tjänst  last"
        )
        crossed = None
        for users in steps:
            cpu_before = {n: cpu_seconds(p) for n, p in services.processes.items()}
            rows = run_step(services.web_url, users, args.seconds, Path(tmp))
            cpu = {n: cpu_seconds(p) - cpu_before.get(n, 0.0) for n, p in services.processes.items()}
            chat, total = rows.get("chatt", {}), rows.get("Aggregated", {})
            search = rows.get("sök", {})
            mem = sum(rss_mb(p) for p in services.processes.values())
            print(
                f"{users:>9} {chat.get('p50', 0):>7.0f}ms {chat.get('p95', 0):>7.0f}ms "
                f"{search.get('p95', 0):>6.0f}ms {total.get('rps', 0):>8.1f} {chat.get('rps', 0):>8.1f} "
                f"{total.get('failures', 0):>5.0f} {mem:>9.0f} "
                f"{1000 * sum(cpu.values()) / max(1.0, total.get('n', 0)):>12.0f}  "
                + " ".join(f"{n} {c:.0f}s" for n, c in cpu.items())
                + f"  {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            if crossed is None and chat.get("p95", 0) > P95_LIMIT_MS:
                crossed = users
            time.sleep(3)
        if crossed is None:
            print(f"\nChattens p95 var under {P95_LIMIT_MS:.0f} ms i alla steg (till {steps[-1]} användare).")
        else:
            print(f"\nChattens p95 passerade {P95_LIMIT_MS:.0f} ms vid {crossed} användare.")
        print(f"Omstarter under körningen: {services.restarts or 'inga'}")


if __name__ == "__main__":
    main()
