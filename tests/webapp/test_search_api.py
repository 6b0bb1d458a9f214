"""``GET /api/search`` through FastAPI's TestClient on a small app with only the search router."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from fondassistenten.settings import get_settings
from knowledge.model_prep import is_prepared
from webapp.routers.search import router


@pytest.fixture(scope="module")
def client() -> TestClient:
    settings = get_settings()
    if not settings.embedding_model and not is_prepared(settings.model_dir):
        pytest.skip(
            f"Embeddingmodellen saknas i {settings.model_dir}; kör: python -m knowledge prepare-model"
        )
    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


def _message(response) -> str:
    return " ".join(error["msg"] for error in response.json()["detail"])


def test_search_returns_ranked_passages_with_sources(client):
    response = client.get("/api/search", params={"q": "När ska återbetalningen börja?", "k": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["answerable"] is True and len(body["passages"]) == 3
    scores = [p["score"] for p in body["passages"]]
    assert scores == sorted(scores, reverse=True)
    source = body["passages"][0]["source"]
    assert source["municipality"] == "Södertälje" and source["document_title"] and source["section"]
    assert {"document_file", "kind", "position"} <= set(source)
    assert source["kind"] == "utvärdering" and source["year"] == 2015
    assert source["label"].startswith("Södertälje kommun, utvärdering (2015)")


def test_proposed_wording_is_marked_as_a_proposal(client):
    body = client.get(
        "/api/search",
        params={"q": "Vad är den föreslagna lydelsen om externa aktörer och upphandling?", "k": 10},
    ).json()
    proposed = [p for p in body["passages"] if p["text"].startswith("Föreslagen lydelse")]
    assert proposed, [p["text"][:60] for p in body["passages"]]
    assert all(p["source"]["proposal"] is True and ", förslag," in p["source"]["label"] for p in proposed)
    current = [p for p in body["passages"] if p["text"].startswith("Nuvarande lydelse")]
    assert all(p["source"]["proposal"] is False for p in current)


def test_unanswerable_question_is_flagged(client):
    body = client.get(
        "/api/search", params={"q": "Vilka öppettider har stadsbiblioteket på lördagar?"}
    ).json()
    assert body["answerable"] is False


@pytest.mark.parametrize("q", ["", "   "])
def test_empty_question_gets_a_swedish_422(client, q):
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 422
    assert "Skriv en fråga" in _message(response)


def test_too_long_question_gets_a_swedish_422(client):
    response = client.get("/api/search", params={"q": "återbetalning " * 715})  # 10 010 characters
    assert response.status_code == 422
    assert "för lång" in _message(response) and "2 000 tecken" in _message(response)


@pytest.mark.parametrize("k", [0, 21])
def test_k_out_of_range_gets_a_swedish_422(client, k):
    response = client.get("/api/search", params={"q": "Vem får söka?", "k": k})
    assert response.status_code == 422
    assert "mellan 1 och 20" in _message(response)


def test_html_is_treated_as_text_and_never_echoed(client):
    response = client.get(
        "/api/search", params={"q": "<script>alert(1)</script><b>Kan en förening söka pengar?</b>"}
    )
    assert response.status_code == 200
    assert "<script" not in response.text and "<b>" not in response.text
    assert response.json()["query"] == "alert(1) Kan en förening söka pengar?"


def test_other_language_or_nonsense_does_not_crash(client):
    for q in ("What is the weather like in London today?", "asdkjh qwpoeiu zxcmnb"):
        response = client.get("/api/search", params={"q": q})
        assert response.status_code == 200
        assert response.json()["answerable"] is False, q


def test_openapi_documents_the_endpoint_with_an_example(client):
    schema = client.get("/openapi.json").json()
    assert "/api/search" in schema["paths"]
    assert schema["components"]["schemas"]["SearchOut"]["examples"]
