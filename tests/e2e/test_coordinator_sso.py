"""Single sign-on through a real OpenID Connect provider, in headless Chromium.

The provider is ``oidc-provider-mock`` (built on Authlib), a real HTTP server on a local port with a login
page, discovery, JWKS, token, userinfo and end-session endpoints. The web app runs as its own uvicorn process,
configured only through the ``FOND_OIDC_*`` settings that the README documents. A coordinator signs in through
the provider's page and lands in the workspace with the role her group gives; an administrator's group gives
the documents page; a municipal employee in neither group gets 403; a forged callback is refused; logging out
ends the session in the app and at the provider.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import httpx
import pytest
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import Browser, BrowserContext, Page, expect

from fondassistenten.settings import ROOT
from tests.e2e.conftest import CHROMIUM

_OFFSET = int(os.environ.get("FOND_TEST_PORT_OFFSET", "0"))
PROVIDER_PORT = 9700 + _OFFSET
WEB_PORT = 8700 + _OFFSET
PROVIDER = f"http://localhost:{PROVIDER_PORT}"
WEB = f"http://127.0.0.1:{WEB_PORT}"  # another site than the provider, as in a municipality

USERS = {
    "anna@kommun.se": {
        "name": "Anna Andersson",
        "preferred_username": "anna",
        "email": "anna@kommun.se",
        "groups": ["alla-anstallda", "fond-samordnare"],
    },
    "adam@kommun.se": {
        "name": "Adam Admin",
        "preferred_username": "adam",
        "email": "adam@kommun.se",
        "groups": ["fond-administratorer"],
    },
    "olle@kommun.se": {"name": "Olle Ovrig", "email": "olle@kommun.se", "groups": ["alla-anstallda"]},
}

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(CHROMIUM is None, reason="Debians chromium är inte installerad"),
]


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with run_server_in_thread(port=PROVIDER_PORT, require_nonce=True) as _server:
        for sub, claims in USERS.items():
            response = httpx.put(f"{PROVIDER}/users/{quote(sub)}", json=claims)
            assert response.status_code == 204, response.text
        yield PROVIDER


def accounts(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "fondassistenten.accounts", *args],
        input="ett-langt-lokalt-losenord\n", text=True, env=env, cwd=ROOT, capture_output=True, check=True,
    )  # fmt: skip
    return done.stdout


@pytest.fixture(scope="module")
def web_env(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The web app with nothing but the documented settings pointing it at the provider (yields its env)."""
    state = tmp_path_factory.mktemp("sso-state")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FOND_STATE_DIR": str(state),
        "FOND_OIDC_METADATA_URL": f"{provider}/.well-known/openid-configuration",
        "FOND_OIDC_CLIENT_ID": "fondassistenten",
        "FOND_OIDC_CLIENT_SECRET": "hemlighet-fran-leverantoren",
        "FOND_OIDC_ROLE_CLAIM": "groups",
        "FOND_OIDC_COORDINATOR_GROUP": "fond-samordnare",
        "FOND_OIDC_ADMIN_GROUP": "fond-administratorer",
        # Plain HTTP on this machine only; a municipality's provider and the app are behind HTTPS.
        "AUTHLIB_INSECURE_TRANSPORT": "1",
    }
    env.pop("FOND_DATABASE_URL", None)
    env.pop("FOND_OIDC_REDIRECT_URI", None)
    # A local account with the user name Anna has at the provider: SSO must not take it over.
    accounts(env, "create", "anna", "--roll", "administratör", "--namn", "Lokala Anna", "--lösenord-stdin")
    log = open(Path(state) / "web.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/uvicorn"), "webapp.main:app", "--host", "127.0.0.1", "--port", str(WEB_PORT)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while True:
            if process.poll() is not None:
                output = (Path(state) / "web.log").read_text()[-3000:]
                pytest.fail("Webbappen avslutades vid start:\n" + output)
            try:
                if httpx.get(f"{WEB}/samordnare/logga-in", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("Webbappen svarade inte inom 240 s.")
            time.sleep(1)
        yield env
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def web(web_env: dict[str, str]) -> str:
    return WEB


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="sv-SE")
    yield context
    context.close()


def sign_in(page: Page, web: str, sub: str) -> None:
    """From the app's login page through the provider's login page, as the user signs in there."""
    page.goto(web + "/samordnare/logga-in")
    page.get_by_role("link", name="Logga in med kommunens konto").click()
    expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible(timeout=30_000)
    assert page.url.startswith(PROVIDER + "/oauth2/authorize")
    query = parse_qs(urlparse(page.url).query)
    assert query["redirect_uri"] == [f"{web}/samordnare/sso/callback"]
    assert query["state"][0] and query["nonce"][0]
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_coordinator_signs_in_through_the_provider_and_out_again(
    web: str, web_env: dict[str, str], context: BrowserContext
) -> None:
    page = context.new_page()
    callbacks: list[str] = []
    page.on(
        "request", lambda request: callbacks.append(request.url) if "/sso/callback" in request.url else None
    )
    sign_in(page, web, "anna@kommun.se")
    expect(page.get_by_role("heading", name="Översikt")).to_be_visible(timeout=30_000)
    expect(page.locator("header")).to_contain_text("Anna Andersson (samordnare)")
    assert len(callbacks) == 1
    # Her SSO account is a new one: the local administrator "anna" is untouched.
    listed = [line.split("\t") for line in accounts(web_env, "list").splitlines()]
    assert ["anna", "administratör", "aktivt", "lokalt"] in listed
    assert ["anna-2", "samordnare", "aktivt", "inloggning via SSO"] in listed
    cookies = {cookie["name"]: cookie for cookie in context.cookies(web)}
    session = cookies["fond_samordnare"]
    assert session["httpOnly"] and session["sameSite"] == "Strict"
    # A coordinator is not an administrator: she sees the documents but cannot upload.
    page.goto(web + "/samordnare/dokument")
    expect(page.get_by_text("Bara en administratör kan ladda upp dokument.")).to_be_visible()
    expect(page.get_by_role("button", name="Ladda upp")).to_have_count(0)
    page.goto(web + "/samordnare/")
    expect(page.get_by_role("heading", name="Översikt")).to_be_visible()

    # Logging out ends the session in the app and at the provider, then comes back to the login page.
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", name="End Session")).to_be_visible(timeout=30_000)
    assert page.url.startswith(PROVIDER + "/oauth2/end_session")
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible(timeout=30_000)
    assert page.url.startswith(web + "/samordnare/logga-in")
    assert "fond_samordnare" not in {cookie["name"] for cookie in context.cookies(web)}
    response = page.goto(web + "/samordnare/")
    assert response is not None and response.status == 401
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible()
    # The provider's answer cannot be replayed: its state was used up at the first sign-in.
    response = page.goto(callbacks[0])
    assert response is not None and response.status == 401
    expect(page.get_by_text("Inloggningen via kommunens konto misslyckades")).to_be_visible()
    response = page.goto(web + "/samordnare/")
    assert response is not None and response.status == 401


def test_administrator_group_gives_the_administrator_role(web: str, context: BrowserContext) -> None:
    page = context.new_page()
    sign_in(page, web, "adam@kommun.se")
    expect(page.get_by_role("heading", name="Översikt")).to_be_visible(timeout=30_000)
    expect(page.locator("header")).to_contain_text("Adam Admin (administratör)")
    page.get_by_role("link", name="Dokument", exact=True).click()
    expect(page.get_by_role("heading", name="Dokument", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Ladda upp")).to_be_visible()


def test_employee_without_a_fund_group_is_refused(web: str, context: BrowserContext) -> None:
    page = context.new_page()
    sign_in(page, web, "olle@kommun.se")
    expect(page.get_by_text("Ditt konto har inte behörighet till samordnarnas arbetsyta.")).to_be_visible(
        timeout=30_000
    )
    response = page.goto(web + "/samordnare/")
    assert response is not None and response.status == 401
    assert "fond_samordnare" not in {cookie["name"] for cookie in context.cookies(web)}


def test_refusing_at_the_provider_comes_back_as_a_swedish_message(web: str, context: BrowserContext) -> None:
    page = context.new_page()
    page.goto(web + "/samordnare/logga-in")
    page.get_by_role("link", name="Logga in med kommunens konto").click()
    page.get_by_role("button", name="Deny").click()
    expect(page.get_by_text("Inloggningen via kommunens konto misslyckades")).to_be_visible(timeout=30_000)
    assert page.url.startswith(web + "/samordnare/sso/callback")
    assert "fond_samordnare" not in {cookie["name"] for cookie in context.cookies(web)}


def test_forged_callback_is_refused(web: str, context: BrowserContext) -> None:
    page = context.new_page()
    response = page.goto(web + "/samordnare/sso/callback?code=gissad&state=forfalskad")
    assert response is not None and response.status == 401
    expect(page.get_by_text("Inloggningen via kommunens konto misslyckades")).to_be_visible()
    response = page.goto(web + "/samordnare/")
    assert response is not None and response.status == 401
