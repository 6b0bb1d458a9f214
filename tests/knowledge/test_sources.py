"""Honest sources: each passage carries its document's kind, year and municipality, proposed wording is marked
as a proposal, and one label names the source the same way everywhere."""

from __future__ import annotations

from knowledge.citation import source_label
from knowledge.ingest import Passage

SODERTALJE = "sodertalje-utvardering-sociala-investeringsfonden-2015.md"


def _with(passages: list[Passage], text: str) -> list[Passage]:
    return [p for p in passages if text in p.text]


def test_every_passage_has_a_swedish_kind_and_a_year(passages):
    kinds = {(p.municipality, p.kind, p.year) for p in passages}
    assert ("Sundsvall", "riktlinje", 2015) in kinds
    assert ("Södertälje", "utvärdering", 2015) in kinds
    assert ("Stockholm", "yttrande", 2016) in kinds
    assert ("Stockholm", "utlåtande", 2013) in kinds
    assert {p.kind for p in passages} <= {"riktlinje", "utvärdering", "yttrande", "utlåtande"}


def test_proposed_wording_is_a_proposal_and_the_wording_in_force_is_not(passages):
    proposed = _with(passages, "Föreslagen lydelse: Den nämnd som ska ansvara för insatsen kan upphandla")
    current = _with(passages, "Nuvarande lydelse: I sådana fall ska ansökan göras av den nämnd")
    assert proposed and all(p.proposal for p in proposed)
    assert current and not any(p.proposal for p in current)
    # the two never share a passage, so neither is shown with the other's status
    assert not any("Föreslagen lydelse" in p.text for p in current)


def test_a_paragraph_continuing_proposed_wording_is_a_proposal_too(passages):
    continued = _with(passages, "Till beredningsgruppen kan adjungeras kontaktpersoner för ansökan")
    assert continued and all(p.proposal for p in continued)


def test_quoted_guideline_text_in_a_proposal_section_is_not_a_proposal(passages):
    quoted = _with(passages, "Riktlinjerna: Varje insats måste definiera den tidsperiod")
    assert quoted and not any(p.proposal for p in quoted)


def test_the_adopted_guideline_is_never_a_proposal(passages):
    sundsvall = [p for p in passages if p.municipality == "Sundsvall"]
    assert sundsvall and not any(p.proposal for p in sundsvall)


def test_draft_guidelines_and_the_motion_are_proposals(passages):
    draft = _with(passages, "Stadsledningskontoret föreslår en modell som innebär att medel återförs")
    assert draft and all(p.proposal for p in draft)
    motion = [p for p in passages if p.document_file.startswith("stockholm-utlatande")]
    assert motion and all(p.proposal for p in motion)
    background = _with(passages, "har en social investeringsfond om 300 miljoner kronor inrättats")
    assert background and not any(p.proposal for p in background)


def test_source_label_names_municipality_kind_year_and_section(passages):
    rule = next(p for p in passages if "Alla kommunala förvaltningar får söka medel" in p.text)
    assert source_label(rule) == "Sundsvalls kommun, riktlinje (2015), avsnitt ”3.1.1 Vem får ansöka?”"
    proposed = _with(passages, "Föreslagen lydelse: Den nämnd som ska ansvara för insatsen kan upphandla")[0]
    assert source_label(proposed).startswith("Södertälje kommun, utvärdering (2015), förslag, avsnitt ”")
    current = _with(passages, "Nuvarande lydelse: I sådana fall ska ansökan göras av den nämnd")[0]
    assert "förslag" not in source_label(current).split("avsnitt")[0]


def test_chat_citations_use_the_same_label(passages):
    from actions.citations import passage_source

    proposed = _with(passages, "Föreslagen lydelse: Den nämnd som ska ansvara för insatsen kan upphandla")[0]
    assert passage_source(proposed) == source_label(proposed)
