"""The chat suites over the real REST channel (web app → Rasa → action server), Södertälje fund.

- The tuning suite (``tests/e2e/chat_tuning.yaml``) is the developers' own: it must pass.
- The retired session-2 blind sets (``tests/tuning/chat_single_s2.yaml``, ``chat_conversations_s2.yaml``) are
  tuning sets now. Each reports its tuning two thirds and its held-out third
  (``tests/tuning/heldout_s2.yaml``, looked at only at the end) apart, and asserts a floor just below
  the pass rate measured on the whole set.
- The probe set ``tests/tuning/probe_s3.yaml`` (a developer's own everyday messages) keeps a floor likewise.
- The blind suites (``tests/blind/chat_single.yaml``, ``chat_conversations.yaml``) were written by someone who
  saw only the corpus and the product description, frozen before the change and never tuned on. They run in
  every ``make test`` and report their pass rate and every failure; they assert only that every message got a
  reply, so that a figure nobody may tune on cannot block a change (the README reports it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from fondassistenten.chat_suite import (
    fund_assistant,
    load_answer_checks,
    load_suite,
    report,
    rest_sender,
    run_per_fund,
    run_suite,
)
from fondassistenten.launcher import Services
from fondassistenten.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
TUNING = ROOT / "tests" / "e2e" / "chat_tuning.yaml"
BLIND = [ROOT / "tests" / "blind" / "chat_single.yaml", ROOT / "tests" / "blind" / "chat_conversations.yaml"]
BLIND_ANSWERS = ROOT / "knowledge" / "eval" / "blind_2026.yaml"
TUNING_PASS_RATE = 0.9
"""The tuning suite is ours; below this something we know how to do has broken."""
RETIRED = ROOT / "tests" / "tuning"
HELD_OUT = RETIRED / "heldout_s2.yaml"
RETIRED_FLOORS = {"chat_single_s2": 0.82, "chat_conversations_s2": 0.86}
"""Just below the whole-set pass rates measured at the end of the change (2026-11-23, this test):
chat_single_s2 136/159 (86 %; tuning part 91/106, held-out third 45/53), chat_conversations_s2 35/38 (92 %;
23/26 and 12/12). A few cases of margin: the answers' passages also move with the knowledge index."""

pytestmark = pytest.mark.servers


PROBE_S3 = RETIRED / "probe_s3.yaml"
PROBE_S3_FLOOR = 0.9
"""Probe set s3 (conversation2, everyday messages the other sets lack: several things at once, questions and
mashing inside the form, sole traders, private persons, yes/no variants, English, no å/ä/ö). A tuning set:
41/56 on main before the changes it drove (105c49f^; the four cases added last, pc13-pc15 and p041, were
seen failing there too), 53/56 (95 %) after (2026-11-24 00:18 UTC, this test); the three failures are answer
content. Floor a few cases below."""


PROBE_S4 = RETIRED / "probe_s4.yaml"
PROBE_S4_FLOOR = 0.84
"""Probe set s4 (conversation helper, session 4): the conversation-layer failure classes of the session-3
blind run in my own words (a question answered instead of the eligibility summary, follow-ups, checks across
turns, outside actors who want to be paid, short idéskiss requests, "hur gör jag?"). 17/19 (89 %) after
8179eab (2026-11-24 02:33 UTC, chat_suite on a snapshot of main); the two failures are answer content (the
repayment period via the FAQ, what the money may not pay for). Floor one case below."""


PROBE_S5 = RETIRED / "probe_s5.yaml"
PROBE_S5_FLOOR = 0.86
"""Probe set s5 (session 5): the lead's own tryout (p501-p508) and a helper's fresh-eyes tryout (t501-t535, it
saw only PRODUCT.md and the corpus). 4/43 on 8f9dacc (before session 5), 39/43 (91 %) at 6454f3f (2026-11-24
06:40 UTC, chat_suite); the four failures are answer content and one follow-up. Floor two cases below."""

PROBE_S6 = RETIRED / "probe_s6.yaml"
PROBE_S6_FLOOR = 0.32
"""Probe set s6 (session 6): a helper's fresh-eyes tryout (t601-t635; it saw only PRODUCT.md and the corpus)
on main at 08aa050, every turn that failed there. 4/34 at the end of session 6; 12/34 (35 %) at the end of
session 7 (2026-11-24 11:40 UTC, chat_suite on 5c36781). t601 asks that the same sender continue a
conversation without the session cookie, which the web app refuses by design (README, *Säkerhet*), so it
cannot pass here. Floor one case below."""

PROBE_S7 = RETIRED / "probe_s7.yaml"
PROBE_S7_FLOOR = 0.18
"""Probe set s7 (session 7): a helper's fresh-eyes tryout (t701-t753; it saw only PRODUCT.md and the corpus)
on main at 76a92e0, mid-change, every turn that failed there: 0/53 there, 11/53 (21 %) at the end of the
change (2026-11-24 11:40 UTC, chat_suite on 5c36781). Mostly the next change's tuning set. Floor one case
below."""

HELPER_PROBES_S7 = {
    "probe_s7_form7": 0.9,
    "probe_s7_routing7": 0.8,
    "probe_s7_externals7": 0.9,
    "probe_s7_answers7": 0.9,
}
"""Session 7's helpers' own new wordings of the failure classes they worked on (written after they chose their
settings, as a check on the class rather than the read case): 15/15, 19/22, 20/20 and 10/10 at the end of the
change (2026-11-24 11:40 UTC, chat_suite on 5c36781). Floors a case or two below."""

HELPER_PROBES_S8 = {
    "probe_s8_facts8": 0.85,
    "probe_s8_facts8b": 0.7,
    "probe_s8_form8": 0.9,
    "probe_s8_follow8": 0.78,
    "probe_s8_routefix8": 0.85,
}
"""Session 8's helpers' own new wordings of their failure classes, written before changing code: facts8 (a
fact stated in a later turn answered with its check, a rule question mid-idea, amounts in spaced number
words) 20/21 at the end of its work (2026-11-24 14:00 UTC, chat_suite); facts8b (procurement with no form of
purchase, an outside person paid by the project, a first message with nothing decidable, facts inside a
question) 26/34; form8 (next part in the form's order, requests for the draft in any wording, a question
announced mid-form, roles and late values) 33/33; follow8 (pronoun follow-ups, "var står det?", outside actors
who also ask, anger in words, fake decisions, unknowns) 38/46; routefix8 (the review's routing findings)
8/8, all at the end of session 8 (2026-11-24 15:20 UTC, chat_suite on the integrated tree). Floors a case or a
few below."""

S4_FLOORS = {"chat_single_s4": 0.86, "chat_conversations_s4": 0.75}
"""The blind sets v4, run once at the end of session 4 (104/154 and 22/37), then retired to tuning: session 5
chose on their odd ids and read the even ids at the end of each helper's work. 140/154 (91 %) and 30/37
(81 %) at 6454f3f (2026-11-24 06:40 UTC, chat_suite). Floors a few cases below."""

S5_FLOORS = {"chat_single_s5": 0.92, "chat_conversations_s5": 0.55}
"""The blind sets v5, run once at the end of session 5 (126/158 and 8/45), then retired to tuning: session 6
chose on their odd ids and read the even ids at the end of each helper's work (some even-id cases were named
in the briefs, so the even half is not unseen). 149/158 (94 %) and 27/45 (60 %) at the end of session 6
(2026-11-24 09:00 UTC, chat_suite); 150/158 and 26/45 at the end of session 7. Floors a few cases below."""

S7_FLOORS = {"chat_single_s7": 0.85, "chat_conversations_s7": 0.4}
"""The blind sets v7, run once at the end of session 7 (129/159 and 9/45), then retired to tuning: session 8's
helpers read the failures of both halves (the even half is not unseen). 139/159 (87 %) and 20/45 (44 %) at the
end of session 8 (2026-11-24 15:20 UTC, chat_suite on the integrated tree). Floors a few cases below."""

S6_FLOORS = {"chat_single_s6": 0.83, "chat_conversations_s6": 0.47}
"""The blind sets v6, run once at the end of session 6 (124/156 and 8/42), then retired to tuning: session 7
chose on their odd ids and read the even ids at the end of each helper's work (some even-id cases were named
in the briefs or seen in result files, so the even half is not unseen). 134/156 (86 %) and 22/42 (52 %) at
the end of session 7 (2026-11-24 11:40 UTC, chat_suite on 5c36781). Floors a few cases below."""


@pytest.mark.parametrize(
    ("name", "path", "floor"),
    [
        ("tuning", TUNING, TUNING_PASS_RATE),
        ("probe_s3", PROBE_S3, PROBE_S3_FLOOR),
        ("probe_s4", PROBE_S4, PROBE_S4_FLOOR),
        ("probe_s5", PROBE_S5, PROBE_S5_FLOOR),
        ("probe_s6", PROBE_S6, PROBE_S6_FLOOR),
        ("probe_s7", PROBE_S7, PROBE_S7_FLOOR),
        *((name, RETIRED / f"{name}.yaml", floor) for name, floor in HELPER_PROBES_S7.items()),
        *((name, RETIRED / f"{name}.yaml", floor) for name, floor in HELPER_PROBES_S8.items()),
        *((name, RETIRED / f"{name}.yaml", floor) for name, floor in S4_FLOORS.items()),
        *((name, RETIRED / f"{name}.yaml", floor) for name, floor in S5_FLOORS.items()),
        *((name, RETIRED / f"{name}.yaml", floor) for name, floor in S6_FLOORS.items()),
        *((name, RETIRED / f"{name}.yaml", floor) for name, floor in S7_FLOORS.items()),
    ],
    ids=[
        "tuning_suite",
        "probe_s3_tuning_suite",
        "probe_s4_tuning_suite",
        "probe_s5_tuning_suite",
        "probe_s6_tuning_suite",
        "probe_s7_tuning_suite",
        *(f"{name}_tuning_suite" for name in HELPER_PROBES_S7),
        *(f"{name}_tuning_suite" for name in HELPER_PROBES_S8),
        "chat_single_s4_tuning_suite",
        "chat_conversations_s4_tuning_suite",
        "chat_single_s5_tuning_suite",
        "chat_conversations_s5_tuning_suite",
        "chat_single_s6_tuning_suite",
        "chat_conversations_s6_tuning_suite",
        "chat_single_s7_tuning_suite",
        "chat_conversations_s7_tuning_suite",
    ],
)
def test_a_tuning_suite_keeps_its_floor(services: Services, name: str, path: Path, floor: float, capsys):
    outcomes = run_suite(load_suite(path), rest_sender(services.web_url))
    text = report(name, outcomes)
    with capsys.disabled():
        print("\n" + text)
    rate = sum(o.passed for o in outcomes) / len(outcomes)
    assert rate >= floor, text


@pytest.mark.parametrize("name", sorted(RETIRED_FLOORS))
def test_a_retired_blind_set_reports_its_parts_and_keeps_its_floor(services: Services, name: str, capsys):
    cases = load_suite(RETIRED / f"{name}.yaml")
    held = set(yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))[name])
    assert held and held <= {c.id for c in cases}, "the held-out ids are ids of the set"
    outcomes = run_suite(cases, rest_sender(services.web_url))
    tuned = [o for o in outcomes if o.case.id not in held]
    kept = [o for o in outcomes if o.case.id in held]
    with capsys.disabled():
        print("\n" + report(f"{name} (justeringsdelen)", tuned))
        print(report(f"{name} (hållen tredjedel)", kept))
    rate = sum(o.passed for o in outcomes) / len(outcomes)
    assert rate >= RETIRED_FLOORS[name], f"{name}: {rate:.0%} < {RETIRED_FLOORS[name]:.0%}"


@pytest.mark.parametrize("path", BLIND, ids=lambda p: p.stem)
def test_the_blind_suite_runs_and_reports(services: Services, path: Path, capsys):
    assert path.exists(), f"Den blinda sviten saknas: {path}"
    outcomes = run_suite(load_suite(path), rest_sender(services.web_url))
    text = report(f"BLIND {path.name}", outcomes)
    with capsys.disabled():
        print("\n" + text)
    transport = [
        o.case.id for o in outcomes for _, issues in o.problems if any("fel vid anrop" in i for i in issues)
    ]
    empty = [o.case.id for o in outcomes for _, issues in o.problems if "tomt svar" in issues]
    assert not transport, f"Anrop som misslyckades: {transport}"
    assert not empty, f"Meddelanden utan svar: {empty}"


OTHER_FUND_OFFSET = 500 + int(os.environ.get("FOND_TEST_PORT_OFFSET", "0"))
"""Ports of the other funds' assistants (web 8500, Rasa 5505, actions 5555 plus FOND_TEST_PORT_OFFSET)."""


def test_the_blind_answer_check_runs_and_reports(
    services: Services, tmp_path_factory: pytest.TempPathFactory, capsys
):
    """Issue 9: the reply's first two sentences answer the blind question (its must-contain phrases). Each
    question goes to an assistant configured for the fund its writer named (Stockholm's and Sundsvall's staff
    use their own fund's assistant), started for its questions and stopped after."""
    cases = load_answer_checks(BLIND_ANSWERS)
    assert len(cases) >= 60, "minst 60 blinda frågor med svarskrav"
    others = tmp_path_factory.mktemp("other_funds")
    outcomes = run_per_fund(
        cases,
        rest_sender(services.web_url),
        get_settings().fund,
        lambda fund: fund_assistant(fund, OTHER_FUND_OFFSET, others),
    )
    with capsys.disabled():
        print("\n" + report("BLIND svarsnivå (första två meningarna)", outcomes, show=80))
    assert all(o.replies and o.replies[0] for o in outcomes), "varje fråga får ett svar"
