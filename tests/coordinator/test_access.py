"""Every coordinator page and API refuses anonymous and applicant requests; forms need the CSRF token."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

PAGES = [
    "/samordnare/",
    "/samordnare/insikter",
    "/samordnare/insikter.csv",
    "/samordnare/faq",
    "/samordnare/faq/ny",
    "/samordnare/faq/1",
    "/samordnare/dokument",
    "/samordnare/vendor/chart.umd.min.js",
]
POSTS = [
    "/samordnare/faq",
    "/samordnare/faq/1",
    "/samordnare/faq/1/ta-bort",
    "/samordnare/faq/andring/1/angra",
    "/samordnare/dokument",
    "/samordnare/dokument/1/ta-bort",
    "/samordnare/logga-ut",
]


def _all_routes_are_listed(app) -> None:
    listed = {re.sub(r"/\d+", "/{x}", p) for p in PAGES + POSTS}
    for route in app.routes:
        path = getattr(route, "path", "")
        if path.startswith("/samordnare") and "logga-in" not in path and "static" not in path:
            if "sso" in path:
                continue
            assert re.sub(r"\{[^}]+\}", "{x}", path) in listed, f"{path} saknas i testet"


def test_every_coordinator_route_is_covered(app) -> None:
    _all_routes_are_listed(app)


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_get_is_refused(anonymous: TestClient, path: str) -> None:
    response = anonymous.get(path)
    assert response.status_code == 401
    assert "Logga in" in response.text


@pytest.mark.parametrize("path", PAGES)
def test_applicant_with_a_chat_session_is_refused(anonymous: TestClient, path: str) -> None:
    # an applicant has used the chat (and has its cookies) but no coordinator account
    anonymous.post("/api/feedback", json={"token": "x" * 20, "rating": 1})
    anonymous.cookies.set("fond_samordnare", "forfalskad.kaka.utan-giltig-signatur")
    assert anonymous.get(path).status_code == 401


@pytest.mark.parametrize("path", POSTS)
def test_anonymous_post_is_refused(anonymous: TestClient, path: str) -> None:
    assert anonymous.post(path, data={"title": "x"}).status_code == 401


@pytest.mark.parametrize("path", POSTS)
def test_post_without_csrf_token_is_refused(coordinator: tuple[TestClient, str], path: str) -> None:
    client, _token = coordinator
    response = client.post(path, data={"title": "Försök", "questions": "Får vi?"})
    assert response.status_code == 403
    client.cookies.clear()


def test_post_with_wrong_csrf_token_is_refused(coordinator: tuple[TestClient, str]) -> None:
    client, token = coordinator
    response = client.post("/samordnare/faq", data={"csrf_token": token[:-2] + "xx", "title": "x"})
    assert response.status_code == 403


def test_login_form_without_its_token_is_refused(anonymous: TestClient) -> None:
    response = anonymous.post("/samordnare/logga-in", data={"username": "sam", "password": "x"})
    assert response.status_code == 403


def test_wrong_password_is_refused_in_swedish(anonymous: TestClient) -> None:
    page = anonymous.get("/samordnare/logga-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = anonymous.post(
        "/samordnare/logga-in", data={"username": "sam", "password": "fel-losenord-123", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "Fel användarnamn eller lösenord" in response.text


def test_session_cookie_is_http_only_and_strict(anonymous: TestClient) -> None:
    page = anonymous.get("/samordnare/logga-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    from tests.coordinator.conftest import PASSWORD

    response = anonymous.post(
        "/samordnare/logga-in",
        data={"username": "sam", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = [v for k, v in response.headers.multi_items() if k == "set-cookie" and "fond_samordnare" in v][0]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_secure_flag_over_https(app) -> None:
    with TestClient(app, base_url="https://intranat.example") as client:
        page = client.get("/samordnare/logga-in")
        assert "Secure" in page.headers["set-cookie"]


def test_a_coordinator_may_not_upload_documents(coordinator: tuple[TestClient, str]) -> None:
    client, token = coordinator
    response = client.post(
        "/samordnare/dokument", data={"csrf_token": token}, files={"fil": ("a.md", b"# Rubrik\n\ntext")}
    )
    assert response.status_code == 403


def test_signed_in_coordinator_sees_the_pages(coordinator: tuple[TestClient, str]) -> None:
    client, _ = coordinator
    for path in ("/samordnare/", "/samordnare/insikter", "/samordnare/faq", "/samordnare/dokument"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="sv">' in response.text
