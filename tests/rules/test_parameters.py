"""Dated procurement parameters: looked up as of a date; an uncovered date warns; a new period is data."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml

from rules.checks import run_checks
from rules.parameters import PARAMETER_DIR, ParameterTable
from rules.sketch import IdeaSketch
from tests.rules.table_dates import SOCIAL, after_the_table, last_period, last_value

TABLE = ParameterTable.from_file()


def test_direct_award_limit_follows_the_purchase_date() -> None:
    assert TABLE.at("direktupphandlingsgrans", date(2019, 12, 31)).value == 586907
    assert TABLE.at("direktupphandlingsgrans", date(2020, 1, 1)).value == 615312
    assert TABLE.at("direktupphandlingsgrans", date(2022, 2, 1)).value == 700000
    assert TABLE.at("direktupphandlingsgrans", date(2030, 1, 1)).covered  # fixed in LOU until changed


def test_uncovered_date_gives_last_known_value_and_is_flagged() -> None:
    lookup = TABLE.at(SOCIAL, after_the_table(SOCIAL) + timedelta(days=59))
    assert not lookup.covered and lookup.stale
    assert lookup.value == last_value(SOCIAL) and lookup.period == last_period(SOCIAL)
    gap = TABLE.at("direktupphandlingsgrans", date(2022, 1, 15))
    assert not gap.covered and gap.value == 615312


def test_every_value_has_a_source() -> None:
    for param in TABLE.parameters.values():
        for period in param.values:
            assert period.source.source and period.source.kind in ("lag", "myndighet")


def _social_service(day: date) -> IdeaSketch:
    return IdeaSketch(
        external_actors=[
            {
                "name": "Stiftelsen Stöd",
                "value_sek": 5_000_000,
                "purchase_date": (day + timedelta(days=59)).isoformat(),
                "social_service": True,
                # stated: over the threshold only a stated direct award fails (session 8)
                "form": "direktupphandling",
            }
        ]
    )


def test_adding_a_period_is_a_data_change_only(tmp_path: Path) -> None:
    day = after_the_table(SOCIAL)  # the first month the table has no value for
    sketch = _social_service(day)
    (before,) = run_checks(sketch, only=["upphandling"], as_of=day)
    assert before.status == "warn"

    data = yaml.safe_load((PARAMETER_DIR / "upphandling.yaml").read_text(encoding="utf-8"))
    end = day.replace(year=day.year + 2) - timedelta(days=1)
    data[SOCIAL]["values"].append(
        {
            "start": day,
            "end": end,
            "value": 4_000_000,
            "verified_as_of": end,
            "source": {"source": "Testkälla", "section": "Tröskelvärden (test)", "kind": "myndighet"},
        }
    )
    path = tmp_path / "upphandling.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    (after,) = run_checks(sketch, only=["upphandling"], as_of=day, parameter_file=path)
    assert after.status == "fail"  # 5 mnkr is over the (test) threshold of 4 mnkr
    assert "4\u00a0000\u00a0000" in after.explanation
    assert any(c.source == "Testkälla" for c in after.citations)
