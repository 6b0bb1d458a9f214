"""The test policy of tests/conftest.py, run on a small suite of its own: under FOND_STRICT_SKIPS=1
(make test) a skipped test fails the run unless tests/allowed_skips.yaml lists it, and so does a test that
writes into var/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

SUITE = """
import os
from pathlib import Path

import pytest


def test_passes():
    assert True


def test_skips():
    pytest.skip("Chromium saknas")


@pytest.mark.skipif(not os.environ.get("WRITE_VAR"), reason="writes only when asked")
def test_writes_into_var():
    Path(os.environ["FOND_DATA_DIR"], "state.txt").write_text("x")
"""


def _run(tmp_path: Path, allowed: str, strict: str = "1", write_var: bool = False) -> int:
    suite = tmp_path / "tests"
    suite.mkdir(exist_ok=True)
    shutil.copy(HERE / "conftest.py", suite / "conftest.py")
    (suite / "allowed_skips.yaml").write_text(allowed, encoding="utf-8")
    (suite / "test_suite.py").write_text(SUITE, encoding="utf-8")
    var = tmp_path / "var"
    var.mkdir(exist_ok=True)
    env = {**os.environ, "FOND_STRICT_SKIPS": strict, "FOND_DATA_DIR": str(var)}
    env.pop("WRITE_VAR", None)
    if write_var:
        env["WRITE_VAR"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(suite)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode


NOTHING_ALLOWED = "allowed: []\n"
SKIP_ALLOWED = (
    "allowed:\n"
    "  - test: tests/test_suite.py::test_skips\n    why: prov\n"
    "  - test: tests/test_suite.py::test_writes_into_var\n    why: prov\n"
)


def test_an_unlisted_skip_fails_a_strict_run(tmp_path: Path) -> None:
    assert _run(tmp_path, NOTHING_ALLOWED) == 1
    assert _run(tmp_path, NOTHING_ALLOWED, strict="0") == 0


def test_a_listed_skip_passes(tmp_path: Path) -> None:
    assert _run(tmp_path, SKIP_ALLOWED) == 0


def test_writing_into_var_fails_a_strict_run(tmp_path: Path) -> None:
    assert _run(tmp_path, SKIP_ALLOWED, write_var=True) == 1
