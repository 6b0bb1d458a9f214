"""The retired blind paraphrase suites of session 2 (``tests/tuning/checks_s2.yaml``, 204 sketches), session 3
(``tests/tuning/checks_s3.yaml``, 189 sketches), session 4 (``tests/tuning/checks_s4.yaml``, 194) and
session 5 (``tests/tuning/checks_s5.yaml``, 230), session 6 (``tests/tuning/checks_s6.yaml``, 218) and
session 7 (``tests/tuning/checks_s7.yaml``, 225),
written by someone who had not seen the checks, are now tuning sets, and gates: no case that should fail,
warn or stay unknown may get ``pass`` (issue 8: "never pass on a guess"), and at most 5 % may get a ``fail``
the writer did not accept.

The new blind suite ``tests/blind/checks.yaml`` is only reported (``test_blind_checks.py``), never gated on.
Figures per check: ``.venv/bin/python benchmarks/checks_blind.py --set tests/tuning/checks_s2.yaml`` (or
``checks_s3.yaml``, ``checks_s4.yaml``, ``checks_s5.yaml``, ``checks_s6.yaml``, ``--part odd|even``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.blind import MAX_FALSE_FAIL, TUNING_FILE, format_report, load_cases, run_suite

RETIRED = [
    TUNING_FILE,
    TUNING_FILE.with_name("checks_s3.yaml"),
    TUNING_FILE.with_name("checks_s4.yaml"),
    TUNING_FILE.with_name("checks_s5.yaml"),
    TUNING_FILE.with_name("checks_s6.yaml"),
    TUNING_FILE.with_name("checks_s7.yaml"),
]
FLOORS = {"checks_s4": 176, "checks_s5": 200, "checks_s6": 195, "checks_s7": 212}
"""Cases within expect/acceptable a suite must keep. s4 (the blind set v4, 194 sketches, retired 2026-11-24):
173 in its one blind run; 179 after session 5's changes (tuned on the odd ids: 86 -> 91 of 97; the even ids
looked at once at the end: 87 -> 88 of 97, the one false pass gone). s5 (the blind set v5, 230 sketches,
retired 2026-11-24): 178 in its one blind run with 2 false passes; 200 and none after session 6's changes
(tuned on the odd ids: 87 -> 104 of 115; the even ids looked at once at the end: 91 -> 96 of 115).
s6 (the blind set v6, 218 sketches, retired 2026-11-24): 170 in its one blind run with 3 false passes;
195 and none after session 7's changes (tuned on the odd ids: 83 -> 105 of 109; the even ids looked at
once at the end: 87 -> 90 of 109, its one false pass gone).
s7 (the blind set v7, 225 sketches, retired 2026-11-24): 209 in its one blind run with 1 false pass (k031) and
3 false fails (k025, k056, k109); 212 with no false pass and 1 false fail after session 8's changes (facts8:
a named party brought in when no actor is stated, an offer to every child, "vidareutveckla … en ny modul";
odd ids 103 -> 105 of 113, even ids 106 -> 107 of 112). k025 (3 000 000 kr, no form of purchase) stays a
fail: the scenarios in tests/rules/scenarios/ expect a fail for a contract over the limit with no form
given."""


@pytest.mark.parametrize("suite", RETIRED, ids=lambda p: p.stem)
def test_the_retired_suite_has_no_false_pass_and_few_false_fails(suite: Path) -> None:
    report = run_suite(load_cases(suite))
    assert not report.invalid, [o.error for o in report.invalid]
    wrong = [
        f"{o.case['id']} {o.case['check']} ({o.case.get('fund')}): expected {o.case['expect']}, got {o.got}"
        for o in report.false_passes + report.false_fails
    ]
    assert not report.false_passes, "\n".join(wrong) + "\n" + format_report(report)
    assert report.false_fail_rate() <= MAX_FALSE_FAIL, "\n".join(wrong) + "\n" + format_report(report)
    within = sum(o.correct for o in report.judged)
    assert within >= FLOORS.get(suite.stem, 0), format_report(report)
