"""The workspace in-process against a real SQLite database and the real search index: recording, feedback,
FAQ entries with verified quotes that the search uses at once, the change log and undo, document upload,
insights and CSV, and masking before anything is stored."""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

import docx
from fastapi.testclient import TestClient

from knowledge.search import get_searcher
from webapp.coordinator.recorder import FEEDBACK_KEY, record_exchange

FILE = "sodertalje-utvardering-sociala-investeringsfonden-2015.md"
QUOTE = "Under inga omständigheter kan fondens medel användas som riktat föreningsstöd."
PERSONNUMMER = re.compile(r"\d{6,8}[-+ ]?\d{4}")


def _texts(state: Path) -> list[str]:
    db = sqlite3.connect(state / "fondassistenten.db")
    texts = []
    for (table,) in db.execute("select name from sqlite_master where type='table'"):
        for row in db.execute(f'select * from "{table}"'):
            texts += [str(v) for v in row if isinstance(v, str)]
    return texts


def test_no_personnummer_reaches_the_database(state: Path, coordinator: tuple[TestClient, str]) -> None:
    client, token = coordinator
    replies = record_exchange(
        "Jag heter Eva, 19850312-1234, mejl eva@example.se. Kan vi söka för 850312 1234?",
        [{"text": "Det vet jag inte – jag hittar inget svar på det."}],
    )
    feedback = replies[-1]["custom"][FEEDBACK_KEY]
    client.post("/api/feedback", json={"token": feedback, "rating": -1, "comment": "Ring 850312-1234"})
    client.post(
        "/samordnare/faq",
        data={"csrf_token": token, "title": "Om 850312-1234", "questions": "Får 19850312-1234 söka?",
              "answer": "Svar", "citat": f"{FILE} | {QUOTE}"},
    )  # fmt: skip
    texts = _texts(state)
    assert any("[personnummer borttaget]" in t for t in texts)
    assert not [t for t in texts if PERSONNUMMER.search(t)]
    assert not [t for t in texts if "eva@example.se" in t]


def test_unanswered_question_and_thumbs_down_show_in_the_overview(
    coordinator: tuple[TestClient, str],
) -> None:
    client, _ = coordinator
    record_exchange("Får vi köpa läsplattor till fritidsgården?", [{"text": "Det vet jag inte – ..."}])
    replies = record_exchange(
        "Vem beslutar om medlen?",
        [
            {
                "text": "Kommunstyrelsen beslutar.\n\n"
                "Källa: Södertälje kommun, utvärdering (2015), avsnitt ”Beslut”"
            }
        ],
    )
    token = replies[-1]["custom"][FEEDBACK_KEY]
    assert (
        client.post(
            "/api/feedback", json={"token": token, "rating": -1, "comment": "Svaret var oklart"}
        ).status_code
        == 201
    )
    page = client.get("/samordnare/").text
    assert "Får vi köpa läsplattor till fritidsgården?" in page
    assert "Svaret var oklart" in page and "Södertälje kommun, utvärdering (2015)" in page


def test_feedback_with_an_unknown_token_is_refused_in_swedish(anonymous: TestClient) -> None:
    response = anonymous.post("/api/feedback", json={"token": "finns-inte-alls-123", "rating": 1})
    assert response.status_code == 404
    assert "Svaret finns inte" in response.text


def test_greetings_and_button_payloads_get_no_feedback_buttons() -> None:
    assert "custom" not in record_exchange("hej", [{"text": "Hej! Jag är en automatiserad assistent."}])[-1]
    assert "custom" not in record_exchange("/affirm", [{"text": "Det vet jag inte"}])[-1]


def test_faq_entry_with_a_quote_not_in_the_documents_is_refused(coordinator: tuple[TestClient, str]) -> None:
    client, token = coordinator
    response = client.post(
        "/samordnare/faq",
        data={"csrf_token": token, "title": "Läsplattor", "questions": "Får vi köpa läsplattor?",
              "answer": "Nej.", "citat": f"{FILE} | Fonden betalar gärna läsplattor till alla."},
    )  # fmt: skip
    assert response.status_code == 422
    assert "finns inte ordagrant" in response.text


def test_faq_entry_is_searched_at_once_logged_and_undoable(coordinator: tuple[TestClient, str]) -> None:
    client, token = coordinator
    question = "Får vi köpa läsplattor till fritidsgården för fondens pengar?"
    before = get_searcher().search(question)
    response = client.post(
        "/samordnare/faq",
        data={"csrf_token": token, "title": "Läsplattor", "questions": question, "answer": "Nej.",
              "citat": f"{FILE} | {QUOTE}"},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text
    after = get_searcher().search(question)
    assert after.answerable and after.faq_topic and after.faq_topic.startswith("samordnare_")
    assert QUOTE[:40] in after.passages[0].text
    assert before.faq_topic != after.faq_topic

    log = client.get("/samordnare/faq").text
    assert "Läsplattor: skapad" in log and "sam" in log
    change = re.findall(r"/samordnare/faq/andring/(\d+)/angra", log)[0]
    undo = client.post(f"/samordnare/faq/andring/{change}/angra", data={"csrf_token": token})
    assert undo.status_code == 200  # redirected to the list
    assert "Läsplattor: ångrad" in undo.text
    assert get_searcher().search(question).faq_topic != after.faq_topic


def test_an_unanswered_question_with_an_faq_entry_links_to_the_entry(
    coordinator: tuple[TestClient, str],
) -> None:
    client, token = coordinator
    question = "Får vi hyra en buss till utflykten?"
    record_exchange(question, [{"text": "Det vet jag inte – jag hittar inget svar på det."}])
    row = re.search(
        r"<tr><td>Får vi hyra en buss till utflykten\?</td>.*?</tr>", client.get("/samordnare/").text, re.S
    )
    assert row and "Skriv FAQ-svar" in row.group(0)
    saved = client.post(
        "/samordnare/faq",
        data={"csrf_token": token, "title": "Bussresor", "questions": "får vi hyra en buss till utflykten",
              "answer": "Nej.", "citat": f"{FILE} | {QUOTE}"},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    row = re.search(
        r"<tr><td>Får vi hyra en buss till utflykten\?</td>.*?</tr>", client.get("/samordnare/").text, re.S
    )
    assert row and "FAQ-svar finns" in row.group(0) and "Skriv FAQ-svar" not in row.group(0)
    assert re.search(r'href="/samordnare/faq/\d+">Redigera', row.group(0))


def _docx(paragraphs: list[tuple[str, str | None]]) -> bytes:
    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_uploaded_document_is_searchable_at_once(admin: tuple[TestClient, str]) -> None:
    client, token = admin
    sentence = (
        "Från och med 2027 ska varje idéskiss till fonden beskriva hur projektet minskar klimatpåverkan "
        "från resor och lokaler, och nämnden ska redovisa detta i sin årliga uppföljning av projektet."
    )
    content = _docx(
        [("Reviderad riktlinje för sociala investeringar", "Heading 1"), ("Klimat och miljö", "Heading 2"),
         (sentence, None), ("Övrigt gäller som tidigare enligt riktlinjen.", None)]
    )  # fmt: skip
    response = client.post(
        "/samordnare/dokument",
        data={"csrf_token": token, "title": "Reviderad riktlinje 2027", "municipality": "Södertälje",
              "kind": "riktlinje", "date": "2026-11-01", "valid_from": "2026-11-01"},
        files={"fil": ("riktlinje-2027.docx", content)},
    )  # fmt: skip
    assert response.status_code == 200, re.findall(r"role=\"alert\">([^<]+)", response.text)
    assert "går redan att söka i" in response.text
    result = get_searcher().search("Måste idéskissen beskriva klimatpåverkan från resor?")
    assert "klimatpåverkan från resor" in result.passages[0].text
    assert result.passages[0].document_title == "Reviderad riktlinje 2027"


def test_removed_document_is_no_longer_found(admin: tuple[TestClient, str]) -> None:
    client, token = admin
    text = (
        "# Tillfällig riktlinje\n\n"
        + "Under 2027 prövar fonden särskilt idéer om simundervisning för nyanlända. " * 3
    )
    client.post(
        "/samordnare/dokument",
        data={"csrf_token": token, "title": "Tillfällig riktlinje om simning", "municipality": "Södertälje",
              "kind": "riktlinje"},
        files={"fil": ("sim.md", text.encode())},
    )  # fmt: skip
    question = "Prövar fonden idéer om simundervisning för nyanlända?"
    assert get_searcher().search(question).passages[0].document_title == "Tillfällig riktlinje om simning"
    page = client.get("/samordnare/dokument").text
    remove = re.search(r'action="(/samordnare/dokument/\d+/ta-bort)">\s*<input[^>]+>\s*<button[^>]*'
                       r'aria-label="Ta bort Tillfällig riktlinje om simning"', page)  # fmt: skip
    assert remove, "ingen knapp för att ta bort dokumentet"
    assert client.post(remove.group(1), data={}).status_code == 403  # without the CSRF token
    done = client.post(remove.group(1), data={"csrf_token": token})
    assert done.status_code == 200 and "Dokumentet är borttaget" in done.text
    assert "Tillfällig riktlinje om simning" not in done.text
    assert all(
        p.document_title != "Tillfällig riktlinje om simning"
        for p in get_searcher().search(question).passages
    )
    assert client.post(remove.group(1), data={"csrf_token": token}).status_code == 404


def test_superseded_document_is_no_longer_cited(admin: tuple[TestClient, str]) -> None:
    client, token = admin
    old = "sundsvall-riktlinje-sociala-investeringar-2015.md"
    assert any(
        p.document_file == old for p in get_searcher().search("Vem får söka i Sundsvall?", k=20).passages
    )
    text = "# Ny riktlinje\n\n" + "Alla förvaltningar i Sundsvall får söka medel ur fonden efter beslut. " * 5
    response = client.post(
        "/samordnare/dokument",
        data={"csrf_token": token, "title": "Sundsvalls nya riktlinje", "municipality": "Sundsvall",
              "kind": "riktlinje", "supersedes": old},
        files={"fil": ("ny.md", text.encode())},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    passages = get_searcher().search("Vem får söka i Sundsvall?", k=20).passages
    assert not [p for p in passages if p.document_file == old]
    assert passages[0].document_title == "Sundsvalls nya riktlinje"


def test_upload_of_an_unsupported_file_gets_a_swedish_answer(admin: tuple[TestClient, str]) -> None:
    client, token = admin
    response = client.post(
        "/samordnare/dokument",
        data={"csrf_token": token, "title": "Bild", "municipality": "Södertälje", "kind": "riktlinje"},
        files={"fil": ("bild.png", b"\x89PNG....")},
    )
    assert response.status_code == 422
    assert "PDF, DOCX eller Markdown" in response.text


def test_insights_page_and_csv(coordinator: tuple[TestClient, str]) -> None:
    client, _ = coordinator
    page = client.get("/samordnare/insikter")
    assert page.status_code == 200
    assert 'id="veckodiagram"' in page.text and "Tummen upp" in page.text
    csv = client.get("/samordnare/insikter.csv?tabell=obesvarade")
    assert csv.headers["content-type"].startswith("text/csv")
    assert "Får vi köpa läsplattor till fritidsgården?" in csv.text
    assert 'id="skissdiagram"' in page.text and "Påbörjade:" in page.text
    assert '<option value="sodertalje" >Södertälje</option>' in page.text  # the fund's name, not its id
    assert client.get("/samordnare/insikter?fond=uppsala").status_code == 422
    sketches = client.get("/samordnare/insikter.csv?tabell=ideskisser")
    assert sketches.text.lstrip("\ufeff").startswith("vecka;paborjade;klara;exporterade")
    assert client.get("/samordnare/insikter?fran=igår").status_code == 422


def test_times_are_shown_in_swedish_time() -> None:
    import datetime as dt

    from webapp.coordinator.routes import local_time

    assert local_time(dt.datetime(2026, 11, 23, 23, 30)) == "2026-11-24 00:30"  # winter time, UTC+1
    assert local_time(dt.datetime(2026, 7, 1, 12, 0, 5), seconds=True) == "2026-07-01 14:00:05"  # summer
