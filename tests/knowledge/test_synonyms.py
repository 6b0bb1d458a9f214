"""Lay-term expansion from knowledge/synonyms.yaml: matching, and what it changes for a user's search."""

from __future__ import annotations

from knowledge.synonyms import QueryExpander, SynonymGroup, default_expander


def test_lay_terms_map_to_official_terms_whatever_the_spelling():
    expander = default_expander()
    for question in ("Måste vi betala tillbaka pengarna?", "maste vi betala tillbaka pengarna"):
        assert "återföring" in expander.official_terms(question), question
    for question in ("Kan föreningar söka?", "kan foreningar soka", "Kan Föreningen söka?"):
        assert "extern aktör" in expander.official_terms(question), question


def test_a_phrase_matches_only_as_a_whole():
    expander = QueryExpander([SynonymGroup(lay=(("betala", "tillbaka"),), official=("återföring",))])
    assert expander.official_terms("När ska vi betala tillbaka?") == ["återföring"]
    assert expander.official_terms("Vem ska betala hyran?") == []


def test_questions_without_lay_terms_are_not_expanded():
    assert default_expander().official_terms("Vad blir det för väder i morgon?") == []


def test_lay_wording_finds_the_rule_in_official_wording(searcher):
    # the guideline says "drift av befintlig verksamhet"; the applicant says rent and salaries
    resp = searcher.search("Får fonden betala hyra och löner för det vi redan gör?", k=3)
    assert resp.answerable
    assert any("befintlig verksamhet" in p.text or "befintlig drift" in p.text for p in resp.passages), [
        p.text[:80] for p in resp.passages
    ]


def test_expansion_does_not_make_an_off_topic_question_answerable(searcher):
    # "hyra" expands to the fund's "befintlig verksamhet, drift"; the flag must still look at the question
    assert not searcher.search("Hur betalar jag hyran för min lägenhet?").answerable
