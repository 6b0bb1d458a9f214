"""The frozen blind paraphrase suite (``tests/blind/checks.yaml``, written by someone who saw only the corpus
and the product description): runs in every ``make test`` and prints its confusion matrix per check, the false
passes (target: zero) and the false fails (target: at most 5 %).

Like the other blind sets, it reports and does not gate: a figure nobody may tune on must not decide whether
a change lands (README, "Mätningar"). The test fails only when the suite is missing or could not be run. The
gates on what the checks must do are the tuning scenarios (``tests/rules/scenarios``, ``test_provenance.py``).
Printer for the same figures: ``.venv/bin/python benchmarks/checks_blind.py``.
"""

from __future__ import annotations

from tests.rules.blind import MAX_FALSE_FAIL, format_report, load_cases, run_suite, suite_path


def test_the_blind_check_suite_runs_and_reports(capsys) -> None:  # type: ignore[no-untyped-def]
    cases = load_cases(suite_path())
    report = run_suite(cases)
    assert report.judged, "no case of the blind suite could be run"
    lines = [
        "BLIND checks.yaml",
        format_report(report),
        f"false passes: {len(report.false_passes)} (target 0); "
        f"false fails: {report.false_fail_rate():.1%} (target ≤ {MAX_FALSE_FAIL:.0%})",
    ]
    for outcome in report.false_passes + report.false_fails:
        case = outcome.case
        where = f"{case.get('id')}: {case['check']} ({case.get('fund')})"
        lines.append(f"  {where} expected {case['expect']}, got {outcome.got}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
