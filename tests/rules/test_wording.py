"""How verdicts and confirmation questions read for a civil servant (tryout 5): each quoted phrase once, and
no end of the user's own question ("går det?") pasted into the bot's question."""

from __future__ import annotations

from datetime import date

from rules.checks import run_checks
from rules.facts import FactUse
from rules.questions import confirm_question
from rules.sketch import IdeaSketch


def test_a_confirmation_leaves_out_the_end_of_the_users_question() -> None:
    fact = FactUse(
        field="funding_purpose",
        label="vad pengarna ska användas till",
        provenance="inferred",
        phrase="gratis körkort till 20 ungdomar i Ronna som är arbetslösa, går det",
    )
    text = confirm_question("likstallighet", fact).text
    assert text == (
        "Det låter som att pengarna ska gå till gratis körkort till 20 ungdomar i Ronna som är arbetslösa "
        "– stämmer det?"
    )


def test_a_verdict_quotes_each_phrase_it_rests_on_once() -> None:
    sketch = IdeaSketch(
        description="Vi vill anställa två extra fritidsledare på fritidsgården, kan fonden betala lönerna?"
    )
    (result,) = run_checks(sketch, "sodertalje", as_of=date(2026, 11, 24), only=["befintlig_verksamhet"])
    quotes = [q for q in result.explanation.split("”")[1::2]]
    assert quotes, result.explanation
    assert not any(a != b and a.lower() in b.lower() for a in quotes for b in quotes), quotes
    assert len(quotes) == len(set(quotes)), quotes
