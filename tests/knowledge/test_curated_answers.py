"""The coordinators' curated answers (knowledge/faq.yaml ``answers``): a question in everyday words gets the
answer in its first sentence, then the verbatim quote with the document's kind and year; a proposal or
another municipality's text is never given as the active fund's rule; the quotes are real."""

from __future__ import annotations

import pytest

from fondassistenten.chat_suite import first_sentences
from knowledge.faq import Locator, load_faq, locate
from knowledge.textnorm import quote_key
from rules.profiles import available_funds
from tests.knowledge.replies import reply_to as _reply

U15 = "utvärdering (2015)"
TOPICS = load_faq()
ANSWERS = [(t.id, a) for t in TOPICS for a in t.answers]


def test_every_curated_answer_is_well_formed(passages):
    funds = set(available_funds()) | {"alla"}
    for topic, answer in ANSWERS:
        assert answer.fund in funds, (topic, answer.fund)
        if answer.rule:
            from rules.answers import _ANSWERS

            assert answer.rule in _ANSWERS, (topic, answer.rule)
            continue
        hits = locate(Locator(answer.file, answer.quote), passages)
        assert hits, f"{topic}/{answer.fund}: the quote is not verbatim in {answer.file}"
        if any(passages[i].proposal for i in hits):
            assert "förslag" in answer.text, f"{topic}/{answer.fund}: a proposal must be called one"
    per_fund = [(topic, a.fund) for topic, a in ANSWERS]
    assert len(per_fund) == len(set(per_fund)), "one answer per topic and fund"


def test_other_funds_answers_name_their_municipality():
    names = {"sundsvall": "Sundsvall", "stockholm": "Stockholm"}
    for topic, answer in ANSWERS:
        if answer.fund in names and not answer.rule:
            assert names[answer.fund] in answer.text, (topic, answer.fund)


@pytest.mark.parametrize(
    ("question", "phrase", "source"),
    [
        ("vem far egentligen soka pengar ur fonden?", "nämnd", "Södertälje"),
        ("Vilken målgrupp ska projekten ha?", "barn och unga", "Södertälje"),
        ("vad far fondens pengar inte anvandas till", "befintlig verksamhet", U15),
        ("När antogs riktlinjerna för fonden?", "2013", U15),
        ("Måste vi betala tillbaka om projektet inte gav någon effekt?", "särskild prövning", U15),
        ("Räknas upphandlingsvärdet per år eller för hela avtalstiden?", "hela avtalsperioden", U15),
        ("Kan man få exempel på vad som räknas som lägre kostnader?", "vårdinstitution", U15),
        ("En förening vill vara med i vårt projekt, hur gör vi?", "upphandlas", U15),
    ],
)
def test_a_rule_question_gets_the_answer_first_with_source_kind_and_year(searcher, question, phrase, source):
    reply = _reply(question)
    first = " ".join(first_sentences(reply, 2))
    assert phrase.lower() in first.lower(), reply
    assert not first.startswith("Det vet jag inte"), reply
    source_line = next(line for line in reply.splitlines() if line.startswith("Källa:"))
    assert source in source_line, reply


def test_the_quote_under_a_curated_answer_is_verbatim(searcher, passages):
    reply = _reply("När antogs riktlinjerna för fonden?")
    quote = next(line for line in reply.splitlines() if line.startswith("”"))
    key = quote_key(quote.strip("”"))
    assert any(key in quote_key(p.text) for p in passages), reply


def test_another_funds_rule_asked_for_here_gets_the_active_funds_rule(searcher):
    reply = _reply("Gäller Sundsvalls regler om återbetalning hos oss också?")
    first = " ".join(first_sentences(reply, 2))
    assert "Sundsvalls regler och siffror gäller Sundsvalls fond" in first, reply
    assert "fem år" in reply.split("Källa:")[0], reply
    assert "tio år" not in reply.split("Källa:")[0], reply
    assert "Källa: Södertälje kommun, utvärdering (2015)" in reply, reply


def test_our_own_fund_size_when_another_funds_is_mentioned(searcher):
    reply = _reply("Stockholm lär ha 300 miljoner i sin fond, har vi lika mycket?")
    first = " ".join(first_sentences(reply, 2))
    assert "Stockholms regler och siffror gäller Stockholms fond" in first, reply
    assert "24" in reply.split("Källa:")[0] and "300" not in reply.split("Källa:")[0], reply


def test_a_proposal_is_called_a_proposal(searcher):
    reply = _reply("Vad säger förslaget om hur en extern aktör kan komma in i projektet?")
    assert "förslag" in " ".join(first_sentences(reply, 2)), reply


@pytest.mark.parametrize(
    "question",
    [
        "Hur gick det för familjecentralernas ansökan, fick de pengarna?",
        "Vem efterträdde stadsdirektören?",
        "hur mycket pengar finns kvar i fonden nu",
        "Kan vi renovera fritidsgården med fondens pengar?",
    ],
)
def test_a_fact_after_the_documents_gets_det_vet_jag_inte(searcher, question):
    reply = _reply(question)
    assert first_sentences(reply, 1)[0].startswith("Det vet jag inte – "), reply


@pytest.fixture
def new_fund(monkeypatch, tmp_path):
    """A fund added by copying a profile (README: *Lägga till en fond*) but given no answer in
    knowledge/faq.yaml: the three real profiles and a test profile in a temporary profile folder, the test
    profile active. ``make(fund_size)`` writes it with the given ``fund_size`` and switches to it."""
    import yaml

    from actions.fund import active_profile
    from fondassistenten.settings import get_settings
    from knowledge.search import get_searcher
    from rules import profiles

    for path in profiles.PROFILE_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    base = yaml.safe_load((profiles.PROFILE_DIR / "sodertalje.yaml").read_text(encoding="utf-8"))

    def clear() -> None:  # everything read for the active fund is read again
        profiles.load_profile.cache_clear()
        get_settings.cache_clear()
        active_profile.cache_clear()
        get_searcher.cache_clear()

    def make(fund_size: dict) -> None:
        name = "Provköpings sociala investeringsfond"
        data = dict(base, id="provfond", name=name, municipality="Provköping")
        data["fund_size"] = dict(fund_size, sources=base["fund_size"]["sources"])
        (tmp_path / "provfond.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        monkeypatch.setattr(profiles, "PROFILE_DIR", tmp_path)
        monkeypatch.setenv("FOND_FUND", "provfond")
        clear()

    yield make
    monkeypatch.undo()
    clear()


def test_a_new_fund_without_faq_answers_gets_its_own_fund_size_never_another_funds(searcher, new_fund):
    # recipes8: a fund added without `- fund: <id>` answers in faq.yaml was told Norrköping's 40 mnkr
    new_fund({"value_sek": 12_000_000, "text": "Fonden omfattar 12 miljoner kronor."})
    reply = _reply("Hur stor är fonden?")
    answer = reply.split("Källa:")[0]
    assert first_sentences(reply, 1)[0].startswith("Fonden omfattar 12 miljoner kronor"), reply
    assert not any(other in answer for other in ("Norrköping", "40 miljoner", "24 miljoner")), reply


def test_a_new_fund_whose_size_is_not_known_says_so_and_names_the_contact(searcher, new_fund):
    new_fund({"known": False, "text": "Fondens storlek står inte i dokumenten."})
    reply = _reply("Hur stor är fonden?")
    assert first_sentences(reply, 1)[0].startswith("Det vet jag inte"), reply
    assert "fondens samordnare" in reply.split("Källa:")[0], reply
    assert not any(other in reply for other in ("Norrköping", "40 miljoner", "24 miljoner")), reply
