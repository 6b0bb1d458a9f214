"""The Rasa project itself: the data validates and the trained model follows every test story.

Runs the Rasa CLI of the Python 3.10 environment (.venv-rasa). The model is trained once per session
when it is missing or older than any file it is trained from.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from fondassistenten.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
MODEL = get_settings().rasa_model
PROJECT_ARGS = ["--config", "config.yml", "--domain", "bot/domain", "--data", "bot/data"]

pytestmark = pytest.mark.skipif(not RASA.exists(), reason="the Rasa environment .venv-rasa is not installed")


def rasa(*args: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.run(
        [str(RASA), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def newest_input() -> float:
    files = [ROOT / "config.yml", *(ROOT / "bot").rglob("*.yml"), *(ROOT / "bot" / "components").glob("*.py")]
    return max(f.stat().st_mtime for f in files if "tests" not in f.parts)


@pytest.fixture(scope="session")
def trained_model() -> Path:
    if not MODEL.exists() or MODEL.stat().st_mtime < newest_input():
        result = rasa(
            "train", *PROJECT_ARGS, "--out", str(MODEL.parent), "--fixed-model-name", "fondassistenten"
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return MODEL


def test_training_data_and_domain_validate():
    result = rasa("data", "validate", *PROJECT_ARGS)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_the_model_follows_every_test_story(trained_model, tmp_path):
    result = rasa(
        "test",
        "core",
        "--model",
        str(trained_model),
        "--stories",
        "bot/tests",
        "--out",
        str(tmp_path),
        "--fail-on-prediction-errors",
    )
    failed = (tmp_path / "failed_test_stories.yml").read_text(encoding="utf-8")
    assert result.returncode == 0 and "None of the test stories failed" in failed, failed[-3000:]
