"""The SSO settings the README documents, against a real OpenID Connect provider (``oidc-provider-mock``
on a local port): the redirect URI registered at the provider is used even behind a proxy, the state cookie's
flags, and the mapping from the role claim to the workspace's roles. The whole sign-in in a browser is in
``tests/e2e/test_coordinator_sso.py``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient
from oidc_provider_mock import run_server_in_thread

from webapp.coordinator.sso import OidcSettings, role_for

_OFFSET = int(os.environ.get("FOND_TEST_PORT_OFFSET", "0"))
PROVIDER = f"http://localhost:{9750 + _OFFSET}"
PUBLIC_CALLBACK = "https://fond.kommun.se/samordnare/sso/callback"


@pytest.fixture(scope="module")
def sso_client(state: Path, app) -> Iterator[TestClient]:
    """A second app with SSO (``app``, the one without, is made first, before the settings are set)."""
    from webapp.main import create_app

    patch = pytest.MonkeyPatch()
    patch.setenv("FOND_OIDC_METADATA_URL", f"{PROVIDER}/.well-known/openid-configuration")
    patch.setenv("FOND_OIDC_CLIENT_ID", "fondassistenten")
    patch.setenv("FOND_OIDC_CLIENT_SECRET", "hemlig")
    patch.setenv("FOND_OIDC_REDIRECT_URI", PUBLIC_CALLBACK)
    patch.setenv("FOND_SECURE_COOKIES", "true")
    from fondassistenten.settings import get_settings

    get_settings.cache_clear()
    try:
        with run_server_in_thread(port=9750 + _OFFSET), TestClient(create_app()) as client:
            yield client
    finally:
        patch.undo()
        get_settings.cache_clear()


def test_the_configured_redirect_uri_is_sent_and_the_state_cookie_is_secure(sso_client: TestClient) -> None:
    page = sso_client.get("/samordnare/logga-in")
    assert "Logga in med kommunens konto" in page.text
    response = sso_client.get("/samordnare/sso/login", follow_redirects=False)
    assert response.status_code == 302
    location = urlparse(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{PROVIDER}/oauth2/authorize"
    query = parse_qs(location.query)
    # Behind a TLS proxy the app sees http://testserver; the provider must get the registered https address.
    assert query["redirect_uri"] == [PUBLIC_CALLBACK]
    assert query["client_id"] == ["fondassistenten"]
    assert query["scope"] == ["openid profile email"]
    assert query["state"][0] and query["nonce"][0]
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("fond_sso=")
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "path=/samordnare/sso" in cookie


def test_without_sso_settings_the_link_is_hidden_and_the_route_says_so(anonymous: TestClient) -> None:
    assert "kommunens konto" not in anonymous.get("/samordnare/logga-in").text
    response = anonymous.get("/samordnare/sso/login")
    assert response.status_code == 404
    assert "Inloggning med kommunens konto är inte inställd här." in response.text


def test_an_unreachable_provider_gets_a_swedish_answer(
    state: Path, app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from webapp.main import create_app

    # Nothing listens on this port: the provider is down.
    monkeypatch.setenv(
        "FOND_OIDC_METADATA_URL", f"http://localhost:{9751 + _OFFSET}/.well-known/openid-configuration"
    )
    monkeypatch.setenv("FOND_OIDC_CLIENT_ID", "fondassistenten")
    with TestClient(create_app()) as client:
        response = client.get("/samordnare/sso/login", follow_redirects=False)
    assert response.status_code == 502
    assert "Kommunens inloggning svarar inte just nu." in response.text


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({"groups": ["alla", "fond-samordnare"]}, "samordnare"),
        ({"groups": ["fond-samordnare", "fond-administratorer"]}, "administratör"),
        ({"groups": "fond-administratorer"}, "administratör"),  # one group as a string
        ({"groups": ["alla-anstallda"]}, None),
        ({}, None),
    ],
)
def test_groups_map_to_roles(claims: dict, role: str | None) -> None:
    assert role_for(claims, OidcSettings()) == role


def test_role_claim_may_be_a_path_and_groups_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOND_OIDC_ROLE_CLAIM", "realm_access.roles")  # Keycloak
    monkeypatch.setenv("FOND_OIDC_COORDINATOR_GROUP", "samordnare-norr, samordnare-syd")
    settings = OidcSettings()
    assert role_for({"realm_access": {"roles": ["samordnare-syd"]}}, settings) == "samordnare"
    assert role_for({"realm_access": {"roles": ["annat"]}}, settings) is None
    assert role_for({"realm_access": "trasig"}, settings) is None
