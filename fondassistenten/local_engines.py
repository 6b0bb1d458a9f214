"""PostgreSQL and Redis as the caller's own processes on loopback, each with its own data directory: the
shared tracker store and lock store that several Rasa replicas need, for the scale-out test and benchmark.

The servers are Debian's ``postgresql`` and ``redis-server`` packages (``scripts/test.sh`` installs them).
Nothing is configured system-wide: ``stop()`` ends the processes and deletes their data.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    path = found[0] if found else shutil.which(name)
    if not path:
        raise RuntimeError(
            f"PostgreSQL ({name}) saknas: installera Debians paket postgresql (scripts/test.sh)."
        )
    return path


def _wait_port(port: int, process: subprocess.Popen, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} avslutades vid start (kod {process.returncode})")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} svarade inte på port {port}")


APP_DATABASE = "fondassistenten"


@dataclass
class LocalEngines:
    """``with LocalEngines(pg_port, redis_port) as e:`` then ``e.rasa_env()`` for the launcher."""

    pg_port: int
    redis_port: int
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="fond-engines-")))
    processes: list[subprocess.Popen] = field(default_factory=list)

    def _as_postgres(self, command: list[str]) -> list[str]:
        # PostgreSQL refuses to run as root: then it runs as Debian's postgres user.
        return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command

    def start(self) -> None:
        self.root.chmod(0o755)
        data = self.root / "pg"
        data.mkdir()
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(data, user.pw_uid, user.pw_gid)
        subprocess.run(
            self._as_postgres(
                [_pg_bin("initdb"), "-D", str(data), "-U", "fond", "--auth=trust", "-E", "UTF8"]
            ),
            check=True,
            capture_output=True,
        )
        postgres = [
            _pg_bin("postgres"), "-D", str(data), "-p", str(self.pg_port), "-k", str(data),
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=50",
        ]  # fmt: skip
        log = open(self.root / "postgres.log", "ab")  # noqa: SIM115 - the child keeps its copy
        self.processes.append(subprocess.Popen(self._as_postgres(postgres), stdout=log, stderr=log))
        log.close()
        _wait_port(self.pg_port, self.processes[-1], "PostgreSQL")
        for database in ("rasa", APP_DATABASE):
            for _ in range(50):  # the port opens slightly before connections are accepted
                made = subprocess.run(
                    [_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "fond", database],
                    capture_output=True,
                )
                if made.returncode == 0:
                    break
                time.sleep(0.2)
            else:
                raise RuntimeError(f"databasen kunde inte skapas: {made.stderr.decode()}")
        redis = [
            shutil.which("redis-server") or "redis-server", "--port", str(self.redis_port),
            "--bind", "127.0.0.1", "--dir", str(self.root), "--save", "", "--appendonly", "no",
        ]  # fmt: skip
        log = open(self.root / "redis.log", "ab")  # noqa: SIM115
        self.processes.append(subprocess.Popen(redis, stdout=log, stderr=log))
        log.close()
        _wait_port(self.redis_port, self.processes[-1], "Redis")

    @property
    def tracker_url(self) -> str:
        return f"postgresql://fond@127.0.0.1:{self.pg_port}/rasa"

    @property
    def app_url(self) -> str:
        """The web app's own data (drafts, coordinators' data) in its own database of the same server."""
        return f"postgresql+psycopg://fond@127.0.0.1:{self.pg_port}/{APP_DATABASE}"

    def app_env(self) -> dict[str, str]:
        """The environment that puts the web app's data and the drafts in this PostgreSQL server."""
        return {"FOND_DATABASE_URL": self.app_url}

    def rasa_env(self) -> dict[str, str]:
        """The environment that makes bot/endpoints.yml use these servers."""
        return {
            "FOND_TRACKER_URL": self.tracker_url,
            "FOND_LOCK_STORE": "redis",
            "FOND_REDIS_HOST": "127.0.0.1",
            "FOND_REDIS_PORT": str(self.redis_port),
            "FOND_REDIS_DB": "0",
        }

    def sql(self, query: str, database: str = "rasa") -> str:
        """Run one query with psql (in Rasa's database unless told); its output without headers."""
        result = subprocess.run(
            [_pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "fond", "-d", database, "-At",
             "-c", query],
            check=True,
            capture_output=True,
            text=True,
        )  # fmt: skip
        return result.stdout.strip()

    def stop(self) -> None:
        data = self.root / "pg"
        if self.processes and (data / "postmaster.pid").exists():
            subprocess.run(
                self._as_postgres([_pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                capture_output=True,
                timeout=60,
            )
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.processes.clear()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> LocalEngines:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
