"""Synthetic questions per passage (doc2query): an everyday phrasing that only a synthetic question of a
passage matches finds that passage first; a quote that matches no passage stops the index build with a
message naming it; changed question files rebuild the index. Real model, real index builds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from knowledge.index import QUESTIONS_CHANGED, ensure_index, fingerprint
from knowledge.ingest import Passage
from knowledge.passage_questions import QuestionEntry, QuoteNotFoundError, load_entries, locate, resolve
from knowledge.search import SearchConfig, Searcher

from .conftest import CORPUS
from .test_index_rebuild import SMALL_DOC, _small_corpus

QUESTION_FILE = Path(SMALL_DOC).stem + ".yaml"
TARGET = "Vissa förvaltningar har inte möjlighet att lägga ner dessa resurser på att skriva ansökningar"
SYNTHETIC = "Missar staden bra projekt för att det tar för mycket tid att söka?"
ASKED = (
    "missar staden bra projekt när det tar för lång tid att söka",
    "tappar staden bra projekt för att ansökan tar för lång tid",
)


def _quiet(_: str) -> None:
    pass


def _write_questions(folder: Path, entries: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / QUESTION_FILE).write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return folder


def _enabled() -> SearchConfig:
    """The configured fusion (knowledge/search.yaml), switched on even if it is off by default."""
    config = SearchConfig.load()
    return replace(config, passage_questions=replace(config.passage_questions, enabled=True))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory, model_name: str) -> Path:
    root = tmp_path_factory.mktemp("doc2query")
    corpus = _small_corpus(root)
    questions = _write_questions(root / "questions", [{"quote": TARGET, "questions": [SYNTHETIC]}])
    ensure_index(corpus, root / "with", model_name, questions_dir=questions, say=_quiet)
    ensure_index(corpus, root / "without", model_name, questions_dir=None, say=_quiet)
    return root


def _first(searcher: Searcher, question: str) -> Passage:
    return searcher.search(question).passages[0]


def test_a_paraphrase_that_only_a_synthetic_question_matches_finds_its_passage_first(
    small: Path, model_name: str
):
    with_questions = Searcher(small / "with", model_name, config=_enabled())
    without = Searcher(small / "without", model_name, config=_enabled())
    for question in ASKED:
        assert TARGET in _first(with_questions, question).text, question
        # the documents' own wording alone puts another passage first
        assert TARGET not in _first(without, question).text, question


def test_the_synthetic_questions_do_not_count_when_switched_off(small: Path, model_name: str):
    config = SearchConfig.load()
    off = replace(config, passage_questions=replace(config.passage_questions, enabled=False))
    searcher = Searcher(small / "with", model_name, config=off)
    assert TARGET not in _first(searcher, ASKED[0]).text


def test_a_quote_that_matches_no_passage_stops_the_build_and_names_it(tmp_path: Path, model_name: str):
    corpus = _small_corpus(tmp_path)
    lost = "Fonden delar ut glass till alla barn varje fredag"
    questions = _write_questions(
        tmp_path / "questions",
        [{"quote": TARGET, "questions": [SYNTHETIC]}, {"quote": lost, "questions": ["Får barnen glass?"]}],
    )
    index_dir = tmp_path / "index"
    with pytest.raises(QuoteNotFoundError) as error:
        ensure_index(corpus, index_dir, model_name, questions_dir=questions, say=_quiet)
    message = str(error.value)
    assert lost in message and QUESTION_FILE in message and "hittades inte" in message
    assert TARGET not in message
    assert not index_dir.exists()  # nothing half-built is left to search in


def test_changed_questions_rebuild_the_index(small: Path, model_name: str, tmp_path: Path):
    corpus = small / "corpus"
    questions = _write_questions(tmp_path / "questions", [{"quote": TARGET, "questions": [SYNTHETIC]}])
    index_dir = tmp_path / "index"
    assert ensure_index(corpus, index_dir, model_name, questions_dir=questions, say=_quiet).rebuilt
    assert not ensure_index(corpus, index_dir, model_name, questions_dir=questions, say=_quiet).rebuilt
    _write_questions(questions, [{"quote": TARGET, "questions": [SYNTHETIC, "Är det svårt att söka?"]}])
    changed = ensure_index(corpus, index_dir, model_name, questions_dir=questions, say=_quiet)
    assert changed.rebuilt and changed.reason == QUESTIONS_CHANGED
    assert "Är det svårt att söka?" in Searcher(index_dir, model_name).question_texts


def test_the_repository_question_files_are_part_of_the_fingerprint(tmp_path: Path):
    from knowledge.passage_questions import QUESTIONS_DIR

    copy = tmp_path / "passage_questions"
    copy.mkdir()
    for path in QUESTIONS_DIR.glob("*.yaml"):
        (copy / path.name).write_bytes(path.read_bytes())
    before = fingerprint(CORPUS, "model", questions_dir=copy)
    assert before == fingerprint(CORPUS, "model")
    first = sorted(copy.glob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# ändrad\n", encoding="utf-8")
    assert fingerprint(CORPUS, "model", questions_dir=copy) != before


def test_every_quote_of_the_repository_files_is_found(passages: list[Passage]):
    entries = load_entries(CORPUS, say=_quiet)
    resolved = resolve(entries, passages)  # raises on a quote no passage holds
    covered = {passages[i].document_file for i in resolved.owners}
    assert covered == {p.document_file for p in passages}


def test_a_table_row_quoted_with_tabs_belongs_to_the_passage_with_its_cells(passages: list[Passage]):
    entry = QuestionEntry(
        "sodertalje-utvardering-sociala-investeringsfonden-2015.md",
        "Finansiering (fond eller driftsmedel)\tFond (24 mnkr).\tFond (40 mnkr).",
        ("Hur stor var fonden i Norrköping?",),
        "test",
    )
    found = locate(entry, passages)
    assert len(found) == 1 and "Fond (40 mnkr)" in passages[found[0]].text
