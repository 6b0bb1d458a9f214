"""Failed sign-ins with a local account are limited per account and per client address, with a Swedish
message and ``Retry-After``; the limits are settings; a successful sign-in clears the account's count."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from tests.coordinator.conftest import PASSWORD
from webapp.coordinator import throttle
from webapp.coordinator.auth import SESSION_COOKIE, AuthSettings


@pytest.fixture(autouse=True)
def limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("FOND_LOGIN_LIMIT_ACCOUNT", "3/minute")
    monkeypatch.setenv("FOND_LOGIN_LIMIT_CLIENT", "5/minute")
    throttle.reset()
    yield
    throttle.reset()


def attempt(client: TestClient, username: str, password: str):
    page = client.get("/samordnare/logga-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post(
        "/samordnare/logga-in",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def test_an_account_is_locked_after_its_failed_attempts_even_with_the_right_password(
    anonymous: TestClient,
) -> None:
    for _ in range(3):
        assert attempt(anonymous, "sam", "fel-losenord").status_code == 401
    refused = attempt(anonymous, "Sam ", PASSWORD)  # the same account however it is typed
    assert refused.status_code == 429
    assert "För många misslyckade inloggningar på det här kontot" in refused.text
    assert "Vänta ungefär 1 minut" in refused.text
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert SESSION_COOKIE not in refused.cookies
    # Another account from the same client is not locked by it.
    assert attempt(anonymous, "adam", PASSWORD).status_code == 303


def test_a_client_is_limited_across_accounts(anonymous: TestClient) -> None:
    for name in ("a1", "a2", "a3", "a4", "a5"):
        assert attempt(anonymous, name, "gissning").status_code == 401
    refused = attempt(anonymous, "adam", PASSWORD)
    assert refused.status_code == 429
    assert "från din uppkoppling" in refused.text
    assert "retry-after" in refused.headers


def test_a_successful_sign_in_clears_the_account_count(anonymous: TestClient) -> None:
    for _ in range(2):
        assert attempt(anonymous, "sam", "fel-losenord").status_code == 401
    assert attempt(anonymous, "sam", PASSWORD).status_code == 303
    for _ in range(2):
        assert attempt(anonymous, "sam", "fel-losenord").status_code == 401
    assert attempt(anonymous, "sam", PASSWORD).status_code == 303


def test_the_limit_is_a_setting_and_a_wrong_one_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOND_LOGIN_LIMIT_ACCOUNT", "1/hour")
    assert AuthSettings().login_limit_account == "1/hour"
    monkeypatch.setenv("FOND_LOGIN_LIMIT_ACCOUNT", "fem per minut")
    with pytest.raises(ValidationError):
        AuthSettings()
