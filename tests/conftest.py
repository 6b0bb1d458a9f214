"""Rules for every test run.

- **Never the real ``var/state``.** ``FOND_STATE_DIR`` points at a fresh temporary folder before any settings
  are read, so drafts, tracker databases, keys and logs written by tests stay out of ``var/``. With
  ``FOND_STRICT_SKIPS=1`` (``make test``) the run also fails when a test changed anything under ``var/``.
- **Rate limits relaxed** (``FOND_RATE_LIMIT_*``): the suites send hundreds of messages from 127.0.0.1; the
  tests of the limits themselves set their own.
- **A skip is a failure** under ``FOND_STRICT_SKIPS=1`` unless the test is on ``tests/allowed_skips.yaml``.
- **The ``servers`` marker** is put on every test that uses the real servers (the ``services`` fixture or
  ``tests/e2e``), so ``pytest -m "not servers"`` runs the quick part alone.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ALLOWED_SKIPS = Path(__file__).parent / "allowed_skips.yaml"
STRICT = os.environ.get("FOND_STRICT_SKIPS", "") not in ("", "0", "false")

os.environ["FOND_STATE_DIR"] = tempfile.mkdtemp(prefix="fond-test-state-")
for _scope in ("CHAT", "SEARCH", "EXPORT"):
    os.environ.setdefault(f"FOND_RATE_LIMIT_{_scope}", "100000/minute")

_started = time.time()


def _real_var() -> Path:
    return Path(os.environ.get("FOND_DATA_DIR") or ROOT / "var")


def allowed_skips() -> list[str]:
    data = yaml.safe_load(ALLOWED_SKIPS.read_text(encoding="utf-8")) or {}
    return [entry["test"] for entry in data.get("allowed") or []]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "services" in getattr(item, "fixturenames", ()) or item.nodeid.startswith("tests/e2e/"):
            item.add_marker(pytest.mark.servers)


def _skipped(terminalreporter) -> list[pytest.TestReport]:
    return [r for r in terminalreporter.stats.get("skipped", []) if hasattr(r, "nodeid")]


def _unallowed(reports: list[pytest.TestReport]) -> list[pytest.TestReport]:
    allowed = allowed_skips()
    return [r for r in reports if not any(r.nodeid.startswith(prefix) for prefix in allowed)]


def _written_into_var(since: float) -> list[Path]:
    var = _real_var()
    if not var.exists():
        return []
    changed = []
    for folder, _dirs, files in os.walk(var):
        for name in files:
            path = Path(folder) / name
            try:
                if path.stat().st_mtime > since:
                    changed.append(path)
            except OSError:
                continue
    return changed


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not STRICT:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    bad = _unallowed(_skipped(reporter))
    written = _written_into_var(_started)
    session.config._fond_policy = (bad, written)  # type: ignore[attr-defined]
    if bad or written:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    bad, written = getattr(config, "_fond_policy", ([], []))
    if bad:
        terminalreporter.section("överhoppade tester (FOND_STRICT_SKIPS=1)", red=True)
        for report in bad:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            terminalreporter.line(f"{report.nodeid}: {reason}")
        terminalreporter.line(
            f"{len(bad)} test hoppades över utan att stå i tests/allowed_skips.yaml: körningen räknas som "
            "misslyckad."
        )
    if written:
        terminalreporter.section("tester skrev i var/", red=True)
        for path in written[:20]:
            terminalreporter.line(str(path))
        terminalreporter.line(
            "Tester får inte skriva i den riktiga var/: använd tmp_path eller FOND_STATE_DIR."
        )
