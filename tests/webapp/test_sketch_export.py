"""Export of an idea sketch as the documents an applicant hands in."""

from __future__ import annotations

import io

from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from fondassistenten.drafts import DraftStore, get_draft_store
from webapp.main import create_app

SKETCH = {
    "title": "Öppen mötesplats för unga",
    "applicant": "Kultur- och fritidsnämnden",
    "applicant_kind": "nämnd",
    "target_group": "Ungdomar 13–19 år",
    "funding_purpose": (
        "Hyra och löner för den befintliga fritidsgården, så att verksamheten kan fortsätta som idag."
    ),
    "budget_sek": 1_200_000,
}

client = TestClient(create_app())


def test_markdown_export_has_every_part_and_the_checks() -> None:
    response = client.post("/api/sketch/export", params={"format": "md"}, json=SKETCH)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    text = response.text
    assert text.startswith("# Idéskiss: Öppen mötesplats för unga")
    assert "Målgrupp: Ungdomar 13–19 år" in text
    assert "Metod: (inte ifyllt ännu)" in text  # what is missing is visible
    assert "## Kontroller mot fondens regler" in text
    assert "Uppfylls inte" in text  # rent and salaries for existing operations
    assert "Källa:" in text


def test_docx_and_pdf_carry_the_same_content_with_swedish_letters() -> None:
    docx = client.post("/api/sketch/export", params={"format": "docx"}, json=SKETCH)
    assert docx.status_code == 200
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "Idéskiss: Öppen mötesplats för unga" in paragraphs
    assert any(p.startswith("Källa:") for p in paragraphs)

    pdf = client.post("/api/sketch/export", params={"format": "pdf"}, json=SKETCH)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Öppen mötesplats för unga" in text
    assert "Kontroller mot fondens regler" in text


def test_bad_export_requests_get_swedish_answers() -> None:
    assert client.post("/api/sketch/export", params={"format": "exe"}, json=SKETCH).status_code == 422
    bad = client.post("/api/sketch/export", json={"budget_sek": -5})
    assert bad.status_code == 422
    unknown_fund = client.post("/api/sketch/export", params={"fund": "malmo"}, json=SKETCH)
    assert unknown_fund.status_code == 422
    assert unknown_fund.json()["detail"][0]["field"] == "fund"  # the same shape as every other 422
    own = TestClient(create_app())
    conversation = own.post("/api/session").json()["conversation_id"]
    missing = own.get(f"/api/sketch/{conversation}/export")
    assert missing.status_code == 404
    assert "ingen sparad idéskiss" in missing.json()["detail"]


def test_a_saved_chat_draft_exports_only_for_its_own_session(tmp_path) -> None:
    store = DraftStore(tmp_path / "drafts.sqlite")
    app = create_app()
    app.dependency_overrides[get_draft_store] = lambda: store
    anna, bo = TestClient(app), TestClient(app)
    conversation = anna.post("/api/session").json()["conversation_id"]
    store.save(conversation, SKETCH, "sodertalje")
    response = anna.get(f"/api/sketch/{conversation}/export", params={"format": "md"})
    assert response.status_code == 200
    assert "Öppen mötesplats för unga" in response.text
    for other in (bo, TestClient(app, cookies={"fond_samtal": "webb-forfalskad.sig"})):
        refused = other.get(f"/api/sketch/{conversation}/export", params={"format": "md"})
        assert refused.status_code == 403
        assert "annan konversation" in refused.json()["detail"]
        assert "Öppen mötesplats" not in refused.text
