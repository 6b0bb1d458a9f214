"""The frozen blind paraphrase suite (``tests/blind/checks.yaml``, written by someone who has not seen the
checks): no case that should fail, warn or stay unknown may pass, and at most 5 % may fail wrongly.

The suite must exist: a missing file fails this test (it does not skip). Confusion matrix per check:
``.venv/bin/python benchmarks/checks_blind.py``.
"""

from __future__ import annotations

from tests.rules.blind import MAX_FALSE_FAIL, format_report, load_cases, run_suite, suite_path


def _line(outcome) -> str:  # type: ignore[no-untyped-def]
    case = outcome.case
    return (
        f"{case.get('id')}: {case['check']} ({case.get('fund')}) expected {case['expect']}, got {outcome.got}"
    )


def test_blind_suite_never_passes_a_case_that_should_not_pass() -> None:
    report = run_suite(load_cases(suite_path()))
    assert report.judged, "no case of the blind suite could be run"
    assert not report.false_passes, (
        "\n".join(["cases that passed although they should not:"] + [_line(o) for o in report.false_passes])
        + "\n\n"
        + format_report(report)
    )
    assert report.false_fail_rate() <= MAX_FALSE_FAIL, (
        "\n".join(
            [f"false fails {report.false_fail_rate():.1%} > {MAX_FALSE_FAIL:.0%}:"]
            + [_line(o) for o in report.false_fails]
        )
        + "\n\n"
        + format_report(report)
    )
