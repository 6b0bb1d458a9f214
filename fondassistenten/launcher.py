"""Starts the three services (action server, Rasa server, web app), waits until each answers ``/health``, and
stops them again. Used by ``scripts/run.sh`` and by the end-to-end tests, so both run the same thing.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from fondassistenten.settings import ROOT, get_settings


@dataclass
class Ports:
    web: int = 8000
    rasa: int = 5005
    actions: int = 5055


@dataclass
class Services:
    ports: Ports = field(default_factory=Ports)
    state_dir: Path = field(default_factory=lambda: get_settings().state_path)
    web_host: str = "127.0.0.1"
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    started_in: float | None = None

    @property
    def log_dir(self) -> Path:
        return self.state_dir / "logs"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.web}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.rasa}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.actions}"

    def _env(self) -> dict[str, str]:
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
                "FOND_ACTION_SERVER_URL": self.actions_url,
                "FOND_ACTION_ENDPOINT": f"{self.actions_url}/webhook",
                "FOND_TRACKER_DB": str(self.state_dir / "tracker.db"),
            }
        )
        env.update(self.extra_env)
        return env

    def commands(self) -> dict[str, list[str]]:
        rasa_model = get_settings().rasa_model
        return {
            "actions": [
                str(ROOT / ".venv/bin/python"), "-m", "actions.server", "--port", str(self.ports.actions),
            ],
            "rasa": [
                str(ROOT / ".venv-rasa/bin/rasa"), "run", "--model", str(rasa_model),
                "--endpoints", "bot/endpoints.yml", "--credentials", "bot/credentials.yml",
                "--port", str(self.ports.rasa), "--interface", "127.0.0.1",
            ],
            "webapp": [
                str(ROOT / ".venv/bin/uvicorn"), "webapp.main:app",
                "--host", self.web_host, "--port", str(self.ports.web),
            ],
        }  # fmt: skip

    def ready_urls(self) -> dict[str, str]:
        """Where each service says it can serve users (the action server once its models are loaded)."""
        return {
            "actions": f"{self.actions_url}/ready",
            "webapp": f"{self.web_url}/health",
            "rasa": f"{self.rasa_url}/health",
        }

    def start(self, names: list[str] | None = None, timeout: float = 300.0) -> None:
        """Start the named services (default all) and wait until each is ready."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        env = self._env()
        commands = self.commands()
        names = names or list(commands)
        for name in names:
            log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
            self.processes[name] = subprocess.Popen(
                commands[name],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        for name in names:
            self._wait(name, self.ready_urls()[name], began + timeout)
        self.started_in = time.perf_counter() - began

    def _wait(self, name: str, url: str, deadline: float) -> None:
        while time.perf_counter() < deadline:
            process = self.processes[name]
            if process.poll() is not None:
                self.stop()
                raise RuntimeError(f"{name} avslutades vid start; se {self.log_dir / (name + '.log')}")
            try:
                if httpx.get(url, timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{name} svarade inte på {url} i tid; se {self.log_dir / (name + '.log')}")

    def stop(self, name: str | None = None) -> None:
        for key in [name] if name else list(self.processes):
            process = self.processes.pop(key, None)
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
    args = parser.parse_args()
    services = Services(Ports(args.web_port, args.rasa_port, args.actions_port), web_host=args.host)
    print("Startar actionservern, Rasa och webbappen ...", flush=True)
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
        "Avsluta med Ctrl-C.",
        flush=True,
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while all(p.poll() is None for p in services.processes.values()):
            time.sleep(1)
        dead = [n for n, p in services.processes.items() if p.poll() is not None]
        print(
            f"FEL: {', '.join(dead)} avslutades oväntat; se loggarna i {services.log_dir}.", file=sys.stderr
        )
        sys.exit(1)
    except KeyboardInterrupt:
        print("\nAvslutar ...")
    finally:
        services.stop()


if __name__ == "__main__":
    main()
