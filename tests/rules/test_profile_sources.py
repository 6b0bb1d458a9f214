"""Every quote in the fund profiles and shared sources occurs in the cited document under its section."""

from __future__ import annotations

import re

import pytest
import yaml

from fondassistenten.settings import get_settings
from rules.profiles import PROFILE_DIR, available_funds, load_profile
from rules.sources import DATA_DIR, normalise


def _walk_sources(node, default_file: str | None):
    """Yield (file, section, quote) for every source entry anywhere in a YAML tree."""
    if isinstance(node, dict):
        if "quote" in node and "section" in node and node.get("kind") is None and "source" not in node:
            yield node.get("file") or default_file, node["section"], node["quote"]
        for value in node.values():
            yield from _walk_sources(value, default_file)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_sources(value, default_file)


def _all_sources():
    for path in sorted(PROFILE_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for file, section, quote in _walk_sources(data, data["default_file"]):
            yield pytest.param(file, section, quote, id=f"{path.stem}:{quote[:40]}")
    shared = yaml.safe_load((DATA_DIR / "sources.yaml").read_text(encoding="utf-8"))
    for key, entry in shared["passages"].items():
        yield pytest.param(entry["file"], entry["section"], entry["quote"], id=f"shared:{key}")


def _document(file: str) -> str:
    return (get_settings().corpus_dir / file).read_text(encoding="utf-8")


def _section_lines(text: str) -> set[str]:
    return {normalise(re.sub(r"^#+", "", line)) for line in text.splitlines() if line.strip()}


@pytest.mark.parametrize(("file", "section", "quote"), list(_all_sources()))
def test_quote_occurs_verbatim_in_cited_document(file: str, section: str, quote: str) -> None:
    text = _document(file)
    assert normalise(quote) in normalise(text), f"quote not found in {file}: {quote!r}"


@pytest.mark.parametrize(("file", "section", "quote"), list(_all_sources()))
def test_cited_section_is_a_heading_line_before_the_quote(file: str, section: str, quote: str) -> None:
    text = _document(file)
    lines = text.splitlines()
    heading_positions = [
        i for i, line in enumerate(lines) if line.strip() and normalise(re.sub(r"^#+", "", line)) == section
    ]
    assert heading_positions, f"section {section!r} is not a line of {file}"
    first_word = normalise(quote).split()[0]
    quote_positions = [i for i, line in enumerate(lines) if first_word in normalise(line)]
    assert any(h <= q for h in heading_positions for q in quote_positions)


def test_every_profile_loads_and_cites_something_for_each_rule() -> None:
    assert set(available_funds()) >= {"sodertalje", "sundsvall", "stockholm"}
    for fund in available_funds():
        profile = load_profile(fund)
        for fact in (
            profile.target_group,
            profile.applicants,
            profile.decision,
            profile.repayment,
            profile.method,
            profile.evaluation,
            profile.implementation,
            profile.contact,
        ):
            assert profile.cite(fact), f"{fund}: a rule without a source"


def test_sodertalje_contact_is_the_real_handlaggare_from_the_corpus() -> None:
    contact = load_profile("sodertalje").contact
    assert contact.email == "sofie.somers@sodertalje.se"
    assert not contact.generic
    assert load_profile("stockholm").contact.generic
