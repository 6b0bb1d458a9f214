"""The web app in-process with its own state folder (database, live search file, session key)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fondassistenten.settings import get_settings

PASSWORD = "ett-langt-losenord-2026"


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("coordinator-state")
    patch = pytest.MonkeyPatch()
    patch.setenv("FOND_STATE_DIR", str(folder))
    patch.delenv("FOND_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield folder
    patch.undo()
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def app(state: Path):
    from fondassistenten.accounts import create_account
    from fondassistenten.db import upgrade
    from webapp.main import create_app

    upgrade()
    create_account("sam", PASSWORD, "samordnare", "Sam Samordnare")
    create_account("adam", PASSWORD, "administratör", "Adam Admin")
    return create_app()


def login(client: TestClient, username: str) -> str:
    """Sign in through the login form; returns the session's CSRF token."""
    page = client.get("/samordnare/logga-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/samordnare/logga-in",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    overview = client.get("/samordnare/")
    return re.search(r'name="csrf_token" value="([^"]+)"', overview.text).group(1)


@pytest.fixture
def anonymous(app) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def coordinator(app) -> Iterator[tuple[TestClient, str]]:
    with TestClient(app) as client:
        yield client, login(client, "sam")


@pytest.fixture
def admin(app) -> Iterator[tuple[TestClient, str]]:
    with TestClient(app) as client:
        yield client, login(client, "adam")
