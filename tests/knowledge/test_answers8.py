"""Answer classes of the retired blind v7 (session 8, answers8), in wordings of our own (no å/ä/ö, typos, all
three funds), through ``actions.answers.answer_messages`` with the real index and model, each answered as
its fund's assistant:

- a question asking for a NAME (which university, which company, who chairs …) or for who makes up a body is
  "Det vet jag inte" when the documents only describe the role, and still answered where they name it;
- kinds of fact the documents never hold (moms, a lowest amount, translations, personal data, payment
  details) and a figure that is an amount or a year given for "hur många" are "Det vet jag inte";
- a question naming another fund's own body or form ("beredningsgruppen" in Sundsvall's assistant) is
  answered from that fund and says whose it is;
- the fund terms data cites sentences that are in the documents."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import yaml

from fondassistenten.chat_suite import first_sentences, normalise
from fondassistenten.settings import get_settings
from knowledge.fund_terms import DATA_FILE, term_municipality
from knowledge.textnorm import quote_key
from tests.knowledge.replies import reply_to


@contextmanager
def fund(name: str, searcher) -> Iterator[None]:
    """The process answers as ``name``'s assistant inside the block (as benchmarks/answer_benchmark.py)."""
    from actions.fund import active_profile
    from knowledge.search import get_searcher, municipality_for_fund

    before = os.environ.get("FOND_FUND")
    shared = get_searcher()
    default = shared.default_municipality
    os.environ["FOND_FUND"] = name
    get_settings.cache_clear()
    active_profile.cache_clear()
    shared.default_municipality = municipality_for_fund(name, get_settings().corpus_dir)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("FOND_FUND", None)
        else:
            os.environ["FOND_FUND"] = before
        get_settings.cache_clear()
        active_profile.cache_clear()
        shared.default_municipality = default


def _reply(question: str, fund_id: str, searcher) -> tuple[str, str]:
    with fund(fund_id, searcher):
        reply = reply_to(question)
    return reply, normalise(" ".join(first_sentences(reply, 2)))


@pytest.mark.parametrize(
    ("question", "fund_id"),
    [
        ("Vilket universitet ska utvardera projekten i Sundsvall?", "sundsvall"),
        ("Vilket företag har Södertälje anlitat för att utvärdera projekten?", "sodertalje"),
        ("vilken hogskola samarbetar fonden med for utvarderingarna", "sodertalje"),
        ("Vad heter ordföranden i ledningsgruppen i Sundsvall?", "sundsvall"),
        ("vilka personer sitter i radet for sociala investeringar", "stockholm"),
        ("vilka sitter i ledningsgruppen i sundsval?", "sundsvall"),
    ],
)
def test_a_name_the_documents_do_not_give_is_not_known(searcher, question, fund_id):
    reply, head = _reply(question, fund_id, searcher)
    assert head.startswith("det vet jag inte"), reply


@pytest.mark.parametrize(
    ("question", "fund_id", "expected"),
    [
        # the evaluation names them ("Ida Lagerqvist (FP)", "Christoffer Johansson (M)") and the composition
        # of the beredningsgrupp
        ("vilka politiker lamnade sarskilda yttranden?", "sodertalje", ("lagerqvist", "johansson")),
        ("Vilka sitter i beredningsgruppen?", "sodertalje", ("ekonomistrateg",)),
    ],
)
def test_a_name_or_member_the_documents_give_is_answered(searcher, question, fund_id, expected):
    reply, head = _reply(question, fund_id, searcher)
    assert not head.startswith("det vet jag inte"), reply
    assert any(name in head for name in expected), reply


@pytest.mark.parametrize(
    ("question", "fund_id", "why"),
    [
        ("ska moms raknas med i projektbudgeten?", "sodertalje", "moms"),
        ("Vad är det lägsta belopp man får söka?", "sundsvall", "lägsta belopp"),
        ("finns riktlinjerna oversatta till engelska", "stockholm", "översättningar"),
        ("hur hanterar vi personuppgifter och samtycke for deltagarna", "sodertalje", "personuppgifter"),
        ("vilket bankgiro ska fakturan ga till", "sundsvall", "betaluppgifter"),
        ("hur manga projekt har stockholms fond beviljat pengar till", "stockholm", "antalet"),
    ],
)
def test_kinds_of_fact_the_documents_lack_are_not_known(searcher, question, fund_id, why):
    reply, head = _reply(question, fund_id, searcher)
    assert head.startswith("det vet jag inte"), reply
    assert normalise(why) in head, reply


def test_the_direct_award_rule_still_answers_about_moms(searcher):
    reply, head = _reply("Räknas direktupphandlingsgränsen med eller utan moms?", "sodertalje", searcher)
    assert not head.startswith("det vet jag inte"), reply
    assert "700 000" in reply, reply


@pytest.mark.parametrize(
    ("question", "fund_id", "place"),
    [
        ("Vad gor beredningsgruppen?", "sundsvall", "södertälje"),
        ("vad ar en ideprovningsblankett", "sodertalje", "sundsvall"),
        ("vad ska radet for sociala investeringar granska?", "sundsvall", "stockholm"),
    ],
)
def test_another_funds_own_body_is_answered_as_that_funds(searcher, question, fund_id, place):
    reply, head = _reply(question, fund_id, searcher)
    assert normalise(place) in head, reply


def test_a_body_of_the_active_fund_stays_its_own(searcher):
    reply, head = _reply("Vem beslutar i ledningsgruppen om ansökningarna?", "sundsvall", searcher)
    assert "ledningsgrupp" in head, reply
    assert "södertälje" not in head, reply


def test_fund_terms_name_one_municipality_and_cite_the_documents():
    assert term_municipality("Vad gör beredningsgruppen?") == "Södertälje"
    assert term_municipality("vad ar en ideprovningsblankett") == "Sundsvall"
    # a comparison names two funds' bodies: no single fund
    assert term_municipality("Är beredningsgruppen samma sak som ledningsgruppen?") is None
    # Södertälje's "kontorsledningsgrupper" are no Sundsvall ledningsgrupp
    assert term_municipality("Vilka ledningsgrupper informerades om fonden hösten 2013?") is None
    corpus = get_settings().corpus_dir
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    for place, terms in data["municipalities"].items():
        for term in terms:
            text = quote_key((corpus / term["file"]).read_text(encoding="utf-8"))
            assert quote_key(term["quote"]) in text, (place, term["quote"])
