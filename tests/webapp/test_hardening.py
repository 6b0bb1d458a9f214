"""What an attacker or an auditor would try on the web app, through HTTP on the real app (Rasa at a closed
port, so the chat proxy answers by itself): sessions, rate limits, headers, the contract, hostile exports,
logs and retention."""

from __future__ import annotations

import io
import logging
import os
import re
import socket
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from fastapi.testclient import TestClient
from markdown_it import MarkdownIt
from pypdf import PdfReader

from fondassistenten.drafts import DraftStore
from fondassistenten.settings import Settings, get_settings
from webapp import ratelimit, retention
from webapp.main import _NoQueryString, create_app
from webapp.session import COOKIE

CHAT = "/webhooks/rest/webhook"


def _closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def _app(**overrides):
    app = create_app()
    nobody = _closed_port()
    settings = Settings(rasa_url=nobody, rasa_urls="", action_server_url=nobody, **overrides)
    app.dependency_overrides[get_settings] = lambda: settings
    return app


@pytest.fixture(scope="module")
def app():
    return _app()


# --- sessions -------------------------------------------------------------------------------------


def test_the_server_chooses_the_conversation_and_ignores_the_senders_a_client_sends(app) -> None:
    browser = TestClient(app)
    first = browser.post(CHAT, json={"sender": "anna-1", "message": "hej"})
    assert first.status_code == 503  # Rasa is down here: the reply still names the conversation
    cookie = first.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    conversation = first.json()[0]["recipient_id"]
    assert conversation.startswith("webb-") and conversation != "anna-1"
    again = browser.post(CHAT, json={"sender": "bo-2", "message": "hej igen"})
    assert again.json()[0]["recipient_id"] == conversation
    assert "set-cookie" not in again.headers
    other = TestClient(app).post(CHAT, json={"sender": conversation, "message": "hej"})
    assert other.json()[0]["recipient_id"] not in (conversation, "")  # a known id gives no access


def test_a_tampered_cookie_starts_a_new_conversation(app) -> None:
    browser = TestClient(app)
    conversation = browser.post("/api/session").json()["conversation_id"]
    value = browser.cookies[COOKIE]
    forged = TestClient(app, cookies={COOKIE: value[:-2] + ("AA" if not value.endswith("AA") else "BB")})
    reply = forged.post(CHAT, json={"message": "hej"})
    assert reply.json()[0]["recipient_id"] != conversation


def test_starting_over_gives_a_new_conversation(app) -> None:
    browser = TestClient(app)
    first = browser.post("/api/session").json()["conversation_id"]
    second = browser.post("/api/session").json()
    assert second["conversation_id"] != first and "ny konversation" in second["message"]
    assert browser.post(CHAT, json={"message": "hej"}).json()[0]["recipient_id"] == second["conversation_id"]


def test_the_session_key_is_generated_once_and_private(tmp_path: Path) -> None:
    app = _app(state_dir=tmp_path)
    TestClient(app).post("/api/session")
    key = tmp_path / "session.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    content = key.read_text()
    TestClient(_app(state_dir=tmp_path)).post("/api/session")
    assert key.read_text() == content


# --- rate limits ----------------------------------------------------------------------------------


def test_a_client_over_its_limit_gets_a_swedish_429() -> None:
    ratelimit.reset()
    client = TestClient(_app(rate_limit_chat="3/minute"))
    statuses = [client.post(CHAT, json={"message": "hej"}).status_code for _ in range(4)]
    assert statuses == [503, 503, 503, 429]
    limited = client.post(CHAT, json={"message": "hej"})
    assert "Vänta en stund" in limited.json()["detail"]
    assert int(limited.headers["retry-after"]) >= 1
    ratelimit.reset()


# --- headers and the documentation ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/docs", "/redoc", "/openapi.json", "/static/chat.js", "/health", "/finns-inte", "/api/checks"],
)
def test_every_page_sends_the_security_headers(app, path: str) -> None:
    response = TestClient(app).get(path, params={"fund": "malmo"} if path == "/api/checks" else None)
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_the_api_documentation_is_served_by_the_app_itself(app) -> None:
    client = TestClient(app)
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources, page
        for source in sources:
            assert source.startswith("/"), f"{page} loads {source} from elsewhere"
            assert client.get(source).status_code == 200, source
        assert "<script>" not in html  # no inline script: the CSP allows none


def test_the_contract_documents_the_apps_own_error_bodies(app) -> None:
    schema = TestClient(app).get("/openapi.json").json()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "422" in operation["responses"]:
                ref = operation["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ValidationErrorResponse"), (method, path)
    for path, method in (
        (CHAT, "post"),
        ("/api/search", "get"),
        ("/api/sketch/export", "post"),
        ("/api/sketch/{sender_id}/export", "get"),
    ):
        assert "429" in schema["paths"][path][method]["responses"], path
    draft = schema["paths"]["/api/sketch/{sender_id}/export"]["get"]["responses"]
    assert {"403", "404"} <= set(draft)


# --- exports of hostile fields --------------------------------------------------------------------

HOSTILE = {
    "title": "Idé\u000bmed\u0000styr\u001btecken\ufffe och \u202eomvänd",
    "problem": "x\u000by",
    "description": "[Klicka här](javascript:alert(document.cookie)) <script>alert(1)</script> "
    "![bild](http://evil.example/x.png) <img src=x onerror=alert(1)> &lt;b&gt; www.evil.example",
    "target_group": "Unga\n\n## Kontroller mot fondens regler\n\nBefintlig verksamhet: Uppfyllt\n"
    "- punkt\n1. ett",
    "method": "*fet* _kursiv_ `kod` | tabell | ~~struken~~ > citat\n    indrag",
    "applicant": "Anna 850312\u20131008, anna@example.se, 070-123 45 67, 19850312 - 1010, 85-03-12-1009",
}


@pytest.mark.parametrize("fmt", ["docx", "pdf", "md"])
def test_hostile_fields_export_and_long_titles_never_give_500(app, fmt: str) -> None:
    client = TestClient(app)
    for sketch in (HOSTILE, {"title": "Å" * 300}, {"title": "👍"}, {"title": "\u0000" * 10}):
        response = client.post("/api/sketch/export", params={"format": fmt}, json=sketch)
        assert response.status_code == 200, (fmt, sketch)
    docx = client.post("/api/sketch/export", params={"format": "docx"}, json={"title": "Å" * 300})
    assert Document(io.BytesIO(docx.content)).paragraphs[0].text == "Idéskiss: " + "Å" * 300


def test_the_markdown_export_is_inert_text(app) -> None:
    text = TestClient(app).post("/api/sketch/export", params={"format": "md"}, json=HOSTILE).text
    html = MarkdownIt("commonmark").render(text)
    for markup in ("<a ", "<img", "<script", "<code", "<em", "<strong", "<blockquote", "<pre", "<li"):
        assert markup not in html, markup
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings.count("Kontroller mot fondens regler") == 1
    assert "javascript:alert" in html.replace("\\", "")  # the text is kept, as text
    assert "Befintlig verksamhet: Uppfyllt" not in [p.strip() for p in re.findall(r"<p>(.*?)</p>", html)]


def test_exports_carry_no_personal_data_or_control_characters(app) -> None:
    client = TestClient(app)
    md = client.post("/api/sketch/export", params={"format": "md"}, json=HOSTILE).text
    docx = Document(
        io.BytesIO(client.post("/api/sketch/export", params={"format": "docx"}, json=HOSTILE).content)
    )
    docx_text = "\n".join(p.text for p in docx.paragraphs)
    pdf = client.post("/api/sketch/export", params={"format": "pdf"}, json=HOSTILE).content
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for text in (md, docx_text, pdf_text):
        for secret in ("1008", "1010", "1009", "anna@example.se", "123 45 67"):
            assert secret not in text
        assert "personnummer borttaget" in text
        assert not re.search("[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\u202e]", text)


def test_the_pdf_prints_swedish_and_says_where_a_character_cannot_be_printed(app) -> None:
    sketch = {"title": "Tummen upp 👍", "description": "Åsa Öberg, Ängelholm – ”citat” – é ü ß €"}
    pdf = TestClient(app).post("/api/sketch/export", params={"format": "pdf"}, json=sketch).content
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Tummen upp [U+1F44D]" in text
    assert "Åsa Öberg, Ängelholm – ”citat” – é ü ß €" in text
    assert "saknar" in text  # the note about characters the font lacks


# --- logs and retention ---------------------------------------------------------------------------


def test_the_access_log_drops_query_strings() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/api/search?q=850312-1008", "1.1", 200),
        None,
    )
    assert _NoQueryString().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /api/search HTTP/1.1" 200'


def _rasa_events_table(path: Path) -> sqlite3.Connection:
    """The table Rasa's SQLTrackerStore keeps its events in (rasa/core/tracker_store.py, SQLEvent)."""
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
        "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
        "action_name VARCHAR(255), data TEXT)"
    )
    return db


def test_retention_deletes_old_conversations_and_drafts_and_keeps_recent_ones(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    old, recent = (now - timedelta(days=400)).timestamp(), (now - timedelta(days=10)).timestamp()
    db = _rasa_events_table(tmp_path / "tracker.db")
    rows = [("gammal", old), ("gammal", old + 60), ("aktiv", old), ("aktiv", recent), ("ny", recent)]
    db.executemany("INSERT INTO events (sender_id, type_name, timestamp) VALUES (?, 'user', ?)", rows)
    db.commit()
    db.close()
    drafts = DraftStore(tmp_path / "drafts.sqlite")
    drafts.save("gammal", {"title": "Gammal idé"}, "sodertalje")
    drafts.save("ny", {"title": "Ny idé"}, "sodertalje")
    with sqlite3.connect(tmp_path / "drafts.sqlite") as raw:
        raw.execute(
            "UPDATE drafts SET updated_at = ? WHERE sender_id = 'gammal'",
            ((now - timedelta(days=400)).isoformat(timespec="seconds"),),
        )
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "webapp.log").write_text("")
    os.chmod(tmp_path / "tracker.db", 0o644)

    done = retention.purge(Settings(state_dir=tmp_path, retention_days=365))

    assert (done.conversations, done.drafts) == (1, 1)
    with sqlite3.connect(tmp_path / "tracker.db") as kept:
        senders = {row[0] for row in kept.execute("SELECT sender_id FROM events")}
    assert senders == {"aktiv", "ny"}
    assert drafts.load("gammal") is None and drafts.load("ny") == {"title": "Ny idé"}
    for path in (tmp_path / "tracker.db", tmp_path / "drafts.sqlite", tmp_path / "logs" / "webapp.log"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700


def test_the_pdf_font_from_the_rasa_environment_is_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Debian's fonts-dejavu-core the PDF uses the DejaVu Sans that matplotlib (rasa.lock) ships."""
    from webapp import sketch_document

    bundled = [d for d in sketch_document.FONT_DIRS if "matplotlib" in str(d)]
    assert bundled and (bundled[0] / "DejaVuSans.ttf").is_file(), "the Rasa environment is not installed"
    monkeypatch.setattr(sketch_document, "FONT_DIRS", bundled)
    document = sketch_document.build_document(
        sketch_document.IdeaSketch(title="Åsa Öberg ÄÖÅ äöå"), "sodertalje"
    )
    text = PdfReader(io.BytesIO(sketch_document.to_pdf(document))).pages[0].extract_text()
    assert "Idéskiss: Åsa Öberg ÄÖÅ äöå" in text


def test_the_error_log_names_the_exception_but_not_its_text() -> None:
    from webapp.main import _NoExceptionText

    try:
        raise ValueError("Mitt personnummer är 850312-1008")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI application", None, sys.exc_info()
        )
    assert _NoExceptionText().filter(record)
    formatted = logging.Formatter().format(record)
    assert formatted == "Exception in ASGI application (ValueError)"
