"""Starts the services, waits until each is ready, restarts any that crashes while the others keep serving,
and stops them again. Used by ``scripts/run.sh`` and by the end-to-end tests, so both run the same thing.

By default there are two processes: the Rasa server and the web app, which also runs the custom actions, so
one process holds the embedding model and the search index (``fondassistenten/action_host.py``).
``--replicas N`` starts N Rasa servers behind the web app (they need a shared tracker store and lock store:
PostgreSQL and Redis, see ``bot/endpoints.yml`` and ``deploy/``); ``--web-replicas N`` starts N web apps (they
need the app's data, drafts included, in a shared database: ``FOND_DATABASE_URL``), and Rasa replica i calls
the actions of web app i mod N; ``--separate-actions`` runs rasa-sdk's own action server instead.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from fondassistenten.settings import ROOT, get_settings

RESTART_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0)
"""Seconds before restart number 1, 2, ... of a service; the count starts again after a minute of running."""
STEADY_SECONDS = 60.0
REPLICA_PORT_STEP = 1000
"""Rasa replica n listens on ``rasa + n * 1000`` (far from the test ports of parallel checkouts)."""


@dataclass
class Ports:
    web: int = 8000
    rasa: int = 5005
    actions: int = 5055

    @classmethod
    def shifted(cls, offset: int) -> Ports:
        """The default ports, each ``offset`` higher (several assistants on one machine)."""
        return cls(web=cls.web + offset, rasa=cls.rasa + offset, actions=cls.actions + offset)


@dataclass
class Services:
    ports: Ports = field(default_factory=Ports)
    state_dir: Path = field(default_factory=lambda: get_settings().state_path)
    web_host: str = "127.0.0.1"
    extra_env: dict[str, str] = field(default_factory=dict)
    rasa_replicas: int = 1
    web_replicas: int = 1
    """Web apps (each runs the actions); more than one needs FOND_DATABASE_URL (drafts, app data shared)."""
    separate_actions: bool = False
    """Run rasa-sdk's stand-alone action server (a second copy of the models) instead of the web app's."""
    supervise: bool = True
    """Restart a service that exits unexpectedly, in a background thread, while the others keep serving."""
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    restarts: dict[str, int] = field(default_factory=dict)
    started_in: float | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _supervisor: threading.Thread | None = None
    _since: dict[str, float] = field(default_factory=dict)
    _streak: dict[str, int] = field(default_factory=dict)
    _due: dict[str, float] = field(default_factory=dict)
    _killed: dict[str, int] = field(default_factory=dict)

    @property
    def log_dir(self) -> Path:
        return self.state_dir / "logs"

    @property
    def web_url(self) -> str:
        return self.web_urls[0]

    @property
    def web_urls(self) -> list[str]:
        return [
            f"http://127.0.0.1:{self.ports.web + i * REPLICA_PORT_STEP}" for i in range(self.web_replicas)
        ]

    @property
    def web_names(self) -> list[str]:
        return ["webapp"] + [f"webapp-{i + 1}" for i in range(1, self.web_replicas)]

    @property
    def rasa_url(self) -> str:
        return self.rasa_urls[0]

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.rasa_port(i)}" for i in range(self.rasa_replicas)]

    def rasa_port(self, replica: int) -> int:
        return self.ports.rasa + replica * REPLICA_PORT_STEP

    @property
    def rasa_names(self) -> list[str]:
        return ["rasa"] + [f"rasa-{i + 1}" for i in range(1, self.rasa_replicas)]

    @property
    def actions_url(self) -> str:
        if self.separate_actions:
            return f"http://127.0.0.1:{self.ports.actions}"
        return f"{self.web_url}/actions"

    def _env(self, name: str = "") -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "PYTHONPATH": str(ROOT),
                "RASA_TELEMETRY_ENABLED": "false",
                "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
                "OMP_WAIT_POLICY": "PASSIVE",
                "TOKENIZERS_PARALLELISM": "false",
                "HF_HUB_OFFLINE": "1",
                "FOND_STATE_DIR": str(self.state_dir),
                "FOND_RASA_URL": self.rasa_url,
                "FOND_RASA_URLS": ",".join(self.rasa_urls),
                "FOND_ACTION_SERVER_URL": self.actions_url,
                "FOND_ACTION_ENDPOINT": f"{self.actions_url}/webhook",
                "FOND_TRACKER_DB": str(self.state_dir / "tracker.db"),
            }
        )
        if name in self.rasa_names and not self.separate_actions:
            # Rasa replica i runs its actions in web app i mod N (each web app hosts the actions).
            web = self.web_urls[self.rasa_names.index(name) % self.web_replicas]
            env["FOND_ACTION_ENDPOINT"] = f"{web}/actions/webhook"
        # The embedded defaults of bot/endpoints.yml, unless the environment chose PostgreSQL and Redis.
        for key, default in (
            ("FOND_TRACKER_URL", ""),
            ("FOND_LOCK_STORE", "in_memory"),
            ("FOND_REDIS_HOST", "127.0.0.1"),
            ("FOND_REDIS_PORT", "6379"),
            ("FOND_REDIS_DB", "0"),
        ):
            env.setdefault(key, default)
        env.update(self.extra_env)
        return env

    def commands(self) -> dict[str, list[str]]:
        rasa_model = get_settings().rasa_model
        commands = {}
        if self.separate_actions:
            commands["actions"] = [
                str(ROOT / ".venv/bin/python"), "-m", "actions.server", "--port", str(self.ports.actions),
            ]  # fmt: skip
        for replica, name in enumerate(self.rasa_names):
            commands[name] = [
                str(ROOT / ".venv-rasa/bin/rasa"), "run", "--model", str(rasa_model),
                "--endpoints", "bot/endpoints.yml", "--credentials", "bot/credentials.yml",
                "--port", str(self.rasa_port(replica)), "--interface", "127.0.0.1",
            ]  # fmt: skip
        for replica, name in enumerate(self.web_names):
            commands[name] = [
                str(ROOT / ".venv/bin/uvicorn"), "webapp.main:app",
                "--host", self.web_host, "--port", str(self.ports.web + replica * REPLICA_PORT_STEP),
            ]  # fmt: skip
        return commands

    def ready_urls(self) -> dict[str, str]:
        """Where each service says it can serve users: the action server once its models are loaded, Rasa once
        its model is loaded, the web app once its first search and its first chat turn are done."""
        urls = {name: f"{url}/health" for name, url in zip(self.web_names, self.web_urls, strict=True)}
        if self.separate_actions:
            urls["actions"] = f"{self.actions_url}/ready"
        for replica, name in enumerate(self.rasa_names):
            urls[name] = f"{self.rasa_urls[replica]}/health"
        return urls

    def start(self, names: list[str] | None = None, timeout: float = 300.0) -> None:
        """Start the named services (default all), wait until each is ready, then supervise them."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        names = names or list(self.commands())
        self._stopping.clear()
        # Extra web apps start once the first one answers at all (its /health says 503 "laddar" while it warms
        # up): it has run the database migrations by then, so replicas never race on them. Waiting until it is
        # ready would deadlock: its warm-up sends a turn through every Rasa replica, whose actions may be in
        # the later web apps.
        later = [name for name in names if name in self.web_names[1:]]
        if later:
            self._shared_session_key()
        for name in names:
            if name not in later:
                self._spawn(name)
        if later:
            self._wait(self.web_names[0], self.ready_urls()[self.web_names[0]], began + timeout, answers=True)
            for name in later:
                self._spawn(name)
        for name in names:
            self._wait(name, self.ready_urls()[name], began + timeout)
        self.started_in = time.perf_counter() - began
        if self.supervise and (self._supervisor is None or not self._supervisor.is_alive()):
            self._supervisor = threading.Thread(target=self._watch, name="supervisor", daemon=True)
            self._supervisor.start()

    def _spawn(self, name: str) -> None:
        with self._lock:
            log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
            self.processes[name] = subprocess.Popen(
                self.commands()[name],
                cwd=ROOT,
                env=self._env(name),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            log.close()  # the child has its own copy
            self._since[name] = time.monotonic()

    def _shared_session_key(self) -> None:
        """Several web apps sign the conversation cookie with one key: ``FOND_SESSION_SECRET`` when set, else
        the key file in the shared state folder, made here once before any of them starts."""
        if not self._env().get("FOND_SESSION_SECRET"):
            from webapp.session import _key_file

            _key_file(self.state_dir)

    def _wait(self, name: str, url: str, deadline: float, answers: bool = False) -> None:
        """Until ``url`` says 200 (or, with ``answers``, until it answers anything)."""
        while time.perf_counter() < deadline:
            process = self.processes[name]
            if process.poll() is not None:
                self.stop()
                raise RuntimeError(f"{name} avslutades vid start; se {self.log_dir / (name + '.log')}")
            try:
                if httpx.get(url, timeout=2.0).status_code == 200 or answers:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{name} svarade inte på {url} i tid; se {self.log_dir / (name + '.log')}")

    def check(self) -> list[str]:
        """Restart every service that has exited unexpectedly and whose back-off has passed; their names."""
        restarted = []
        with self._lock:
            now = time.monotonic()
            for name, process in list(self.processes.items()):
                if process.poll() is None:
                    if now - self._since.get(name, now) > STEADY_SECONDS:
                        self._streak[name] = 0
                    continue
                if self._stopping.is_set():
                    break
                if name not in self._due:
                    streak = self._streak.get(name, 0)
                    self._due[name] = now + RESTART_DELAYS[min(streak, len(RESTART_DELAYS) - 1)]
                    self._note(f"{name} avslutades (kod {process.returncode}); startas om.")
                if now < self._due[name]:
                    continue
                del self._due[name]
                self._streak[name] = self._streak.get(name, 0) + 1
                self.restarts[name] = self.restarts.get(name, 0) + 1
                self._spawn(name)
                restarted.append(name)
                # Ask for readiness at once: the web app's warm-up starts with its first /health.
                threading.Thread(target=self._announce, args=(name,), daemon=True).start()
        return restarted

    def _announce(self, name: str) -> None:
        began = time.perf_counter()
        while not self._stopping.is_set() and time.perf_counter() - began < 300:
            try:
                if httpx.get(self.ready_urls()[name], timeout=2.0).status_code == 200:
                    self._note(f"{name} är redo igen efter {time.perf_counter() - began:.0f} s.")
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)

    def _watch(self) -> None:
        while not self._stopping.wait(0.5):
            self.check()

    def _note(self, text: str) -> None:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        print(f"{stamp} {text}", file=sys.stderr, flush=True)
        with open(self.log_dir / "launcher.log", "a", encoding="utf-8") as log:
            log.write(f"{stamp} {text}\n")

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Kill one service as a crash would (the supervisor then restarts it)."""
        self._killed[name] = self.processes[name].pid
        os.killpg(self._killed[name], sig)

    def wait_until_restarted(self, name: str, timeout: float = 300.0) -> float:
        """Seconds until ``name`` runs again as a new process (not the one ``kill`` ended) and is ready."""
        began = time.perf_counter()
        old = self._killed.get(name, self.processes[name].pid)
        while time.perf_counter() - began < timeout:
            process = self.processes.get(name)
            if process is not None and process.pid != old and process.poll() is None:
                try:
                    if httpx.get(self.ready_urls()[name], timeout=2.0).status_code == 200:
                        return time.perf_counter() - began
                except httpx.HTTPError:
                    pass
            time.sleep(0.5)
        raise RuntimeError(f"{name} startades inte om inom {timeout:.0f} s")

    def stop(self, name: str | None = None) -> None:
        if name is None:
            self._stopping.set()
            if self._supervisor is not None and self._supervisor is not threading.current_thread():
                self._supervisor.join(timeout=5)
                self._supervisor = None
        with self._lock:
            keys = [name] if name else list(self.processes)
            taken = [self.processes.pop(key, None) for key in keys]
            for key in keys:
                self._due.pop(key, None)
        for process in taken:
            if process is None or process.poll() is not None:
                continue
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def __enter__(self) -> Services:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Startar Fondassistentens tjänster.")
    parser.add_argument("--web-port", type=int, default=int(os.environ.get("FOND_WEB_PORT", 8000)))
    parser.add_argument("--rasa-port", type=int, default=int(os.environ.get("FOND_RASA_PORT", 5005)))
    parser.add_argument("--actions-port", type=int, default=int(os.environ.get("FOND_ACTIONS_PORT", 5055)))
    parser.add_argument("--host", default=os.environ.get("FOND_WEB_HOST", "127.0.0.1"))
    parser.add_argument(
        "--replicas",
        type=int,
        default=int(os.environ.get("FOND_RASA_REPLICAS", 1)),
        help="Antal Rasa-servrar (fler än en kräver FOND_TRACKER_URL och FOND_LOCK_STORE=redis).",
    )
    parser.add_argument(
        "--web-replicas",
        type=int,
        default=int(os.environ.get("FOND_WEB_REPLICAS", 1)),
        help="Antal webbappar (fler än en kräver FOND_DATABASE_URL, t.ex. PostgreSQL).",
    )
    parser.add_argument(
        "--separate-actions",
        action="store_true",
        default=os.environ.get("FOND_SEPARATE_ACTIONS", "") == "1",
        help="Kör actionservern som egen process (en extra kopia av modellerna).",
    )
    args = parser.parse_args()
    shared = os.environ.get("FOND_TRACKER_URL") and os.environ.get("FOND_LOCK_STORE") == "redis"
    if args.replicas > 1 and not shared:
        sys.exit(
            "FEL: flera Rasa-servrar måste dela konversationerna: sätt FOND_TRACKER_URL (PostgreSQL) och "
            "FOND_LOCK_STORE=redis (se deploy/README.md)."
        )
    if args.web_replicas > 1 and not os.environ.get("FOND_DATABASE_URL"):
        sys.exit(
            "FEL: flera webbappar måste dela idéskisserna och appens data: sätt FOND_DATABASE_URL "
            "(PostgreSQL, se deploy/README.md)."
        )
    services = Services(
        Ports(args.web_port, args.rasa_port, args.actions_port),
        web_host=args.host,
        rasa_replicas=args.replicas,
        web_replicas=args.web_replicas,
        separate_actions=args.separate_actions,
    )
    print(f"Startar {', '.join(services.commands())} ...", flush=True)
    try:
        services.start()
    except RuntimeError as error:
        sys.exit(f"FEL: {error}")
    print(
        f"\nFondassistenten körs (fond: {get_settings().fund}); alla tjänster svarade efter "
        f"{services.started_in:.0f} s.\n"
        f"  Chatten:           {services.web_url}/\n"
        f"  API-dokumentation: {services.web_url}/docs\n"
        f"  Loggar:            {services.log_dir}\n"
        "En tjänst som kraschar startas om medan de andra fortsätter. Avsluta med Ctrl-C.",
        flush=True,
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nAvslutar ...")
    finally:
        services.stop()


if __name__ == "__main__":
    main()
