"""Answer-level figures without the servers: the reply ``actions.answers.answer_messages`` gives to each
question of a retrieval set (the same function the chat calls for a question), checked as the REST suite
checks it.

    .venv/bin/python benchmarks/answer_benchmark.py --set knowledge/eval/retired_blind_s2.yaml --half tune
    .venv/bin/python benchmarks/answer_benchmark.py --set knowledge/eval/retired_blind_s2.yaml --half check

Halves of a ``questions:`` set (blind schema): ``tune`` = odd-numbered ids (n001, n003 …), ``check`` = even
ones; ``all`` = every question. The retired session-2 blind set (knowledge/eval/retired_blind_s2.yaml) is a
TUNING set: settings were iterated on its ``tune`` half and its ``check`` half only read at the end.

Printed per half: retrieval (recall@1, recall@3, MRR with the search's own answerable flag), the answer level
(every ``answer_must_contain`` group matched in the reply's first two sentences, as
``python -m fondassistenten.chat_suite --answers`` checks over REST), unanswerable questions whose reply says
"Det vet jag inte" in its first sentence, and answerable ones that wrongly say it.

The frozen blind set (knowledge/eval/blind_2026.yaml) is refused, except with ``--blind-once --half all``:
the one run at the end of a change whose figures go into the README (never used to choose anything).

Each question is answered as its ``fund`` would answer it (the active fund switched per question, as
``chat_suite --answers`` starts an assistant per fund); ``--fund`` keeps only one fund's questions.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fondassistenten.chat_suite import Turn, first_sentences  # noqa: E402
from fondassistenten.settings import get_settings  # noqa: E402
from knowledge.evaluation import Question, evaluate, load_questions  # noqa: E402
from knowledge.search import get_searcher, municipality_for_fund  # noqa: E402

UNKNOWN = re.compile(r"\bvet jag inte\b", re.IGNORECASE)


def in_half(question: Question, half: str) -> bool:
    if half == "all":
        return True
    number = int(re.sub(r"\D", "", question.id) or 0)
    return (number % 2 == 1) == (half == "tune")


@contextmanager
def active_fund(fund: str, searcher) -> Iterator[None]:
    """The process answers as ``fund``'s assistant inside the block (settings, fund profile and the search's
    default municipality switched); the configured fund again after it."""
    from actions.fund import active_profile

    before = os.environ.get("FOND_FUND")
    default = searcher.default_municipality
    os.environ["FOND_FUND"] = fund
    get_settings.cache_clear()
    active_profile.cache_clear()
    searcher.default_municipality = municipality_for_fund(fund, get_settings().corpus_dir)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("FOND_FUND", None)
        else:
            os.environ["FOND_FUND"] = before
        get_settings.cache_clear()
        active_profile.cache_clear()
        searcher.default_municipality = default


def says_unknown(reply: str) -> bool:
    return bool(UNKNOWN.search(" ".join(first_sentences(reply, 1))))


def grid(searcher, questions: list[Question]) -> None:
    """Answer choice settings on the given questions: the first two sentences of the chosen sentences (and of
    the rule answer when one is given) must hold every ``answer_must_contain`` group."""
    from dataclasses import replace

    from actions import services
    from actions.answers import ANSWER_CANDIDATES, _target
    from knowledge.answer import _question_vector, _scored, answer_config, choose_answer

    base = answer_config()
    cases = []
    for q in questions:
        if not (q.answerable and q.answer_must_contain):
            continue
        response = searcher.search(q.question, k=ANSWER_CANDIDATES)
        rule = services.rule_answer(q.question)
        vector = _question_vector(q.question)
        rule_score = None
        if rule is not None:
            _, scores = _scored(q.question, rule.text, vector, replace(base, min_words=3))
            rule_score = max(scores.values()) if scores else None
        turn = Turn(message=q.question, must_contain=[list(g) for g in q.answer_must_contain])
        turn.first_sentences = 2
        cases.append((q, response, rule, rule_score, vector, turn, _target(q.question)))
    for top, pw in ((1, 0.0), (2, 4.0)):
        for lexical in (0.0, 0.1, 0.2, 0.3):
            for neighbour in (0.0, 0.015, 0.03, 0.06):
                for margin in (None, 0.02):
                    config = replace(
                        base,
                        top_passages=top,
                        passage_weight=pw,
                        lexical_weight=lexical,
                        neighbour_margin=neighbour,
                    )
                    ok = 0
                    for q, response, rule, rule_score, vector, turn, target in cases:
                        choice = choose_answer(
                            q.question, list(response.passages), vector, target, config=config
                        )
                        text = choice.text if choice else ""
                        if rule is not None and (
                            margin is None
                            or choice is None
                            or rule_score is None
                            or choice.score < rule_score + margin
                        ):
                            text = rule.text
                        ok += not turn.problems(text)
                    print(
                        f"top {top} pw {pw:.1f} lexical {lexical:.2f} neighbour {neighbour:.3f} "
                        f"rule_margin {margin}: {ok}/{len(cases)}",
                        flush=True,
                    )


def search_grid(searcher, questions: list[Question]) -> None:
    """Retrieval weights on the given questions (the question vectors are encoded once)."""
    from dataclasses import replace

    corpus_dir = get_settings().corpus_dir
    vectors = {q.id: searcher.encode_queries(q.question) for q in questions}
    base = searcher.config

    def rank(question: Question) -> tuple[list[str], bool]:
        place = municipality_for_fund(question.fund, corpus_dir) if question.fund else None
        response = searcher.search(question.question, k=10, municipality=place, vector=vectors[question.id])
        return [p.id for p in response.passages], response.answerable

    for lexical in (0.0, 0.02, 0.05, 0.1):
        for boost in (0.0, 0.02, 0.04):
            searcher.config = replace(base, lexical_weight=lexical, municipality_boost=boost)
            m = evaluate(questions, searcher.passages, rank)
            print(
                f"lexical {lexical:.2f} boost {boost:.2f}: r@1 {m.recall_at_1:.3f} "
                f"r@3 {m.recall_at_3:.3f} MRR {m.mrr:.3f}",
                flush=True,
            )
    searcher.config = base


def vary(searcher, sets: list[tuple[str, list[Question]]], settings: list[str]) -> None:
    """The answer level, unanswerable flagged and answerable wrongly flagged per set for each combination of
    ``answer`` settings (``key=v1,v2`` …, values as YAML), the whole reply as :func:`main` checks it."""
    import itertools
    from dataclasses import replace

    import yaml

    import knowledge.answer as answer_module
    import knowledge.faq as faq_module
    from actions.answers import answer_messages

    base = answer_module.answer_config()
    faq_base = faq_module.answer_settings()
    search_base = searcher.config
    keys = [item.split("=", 1)[0] for item in settings]
    values = [[yaml.safe_load(v) for v in item.split("=", 1)[1].split(",")] for item in settings]
    for combination in itertools.product(*values):
        chosen = dict(zip(keys, combination, strict=True))
        # "faq.<name>": a setting of the answers section of knowledge/faq.yaml; "search.<name>": of the search
        # (the answerable thresholds …); else of the answer section of knowledge/search.yaml
        own = {k: v for k, v in chosen.items() if not k.startswith(("faq.", "search."))}
        config = replace(base, **own)
        faq_config = replace(faq_base, **{k[4:]: v for k, v in chosen.items() if k.startswith("faq.")})
        searcher.config = replace(
            search_base, **{k[7:]: v for k, v in chosen.items() if k.startswith("search.")}
        )
        answer_module.answer_config = lambda config=config: config  # type: ignore[assignment]
        faq_module.answer_settings = lambda faq_config=faq_config: faq_config  # type: ignore[assignment]
        line = []
        for name, questions in sets:
            passed = flagged = wrongly = 0
            for q in questions:
                with active_fund(q.fund or get_settings().fund, searcher):
                    reply = "\n".join(answer_messages(q.question))
                unknown = says_unknown(reply)
                if not q.answerable:
                    flagged += unknown
                    continue
                wrongly += unknown
                if q.answer_must_contain:
                    turn = Turn(message=q.question, must_contain=[list(g) for g in q.answer_must_contain])
                    turn.first_sentences = 2
                    passed += not turn.problems(reply)
            line.append(f"{name} {passed}/{flagged}/{wrongly}")
        names = ", ".join(f"{k}={v}" for k, v in chosen.items())
        print(names, "|", " ".join(line), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", type=Path, default=Path("knowledge/eval/retired_blind_s2.yaml"))
    parser.add_argument(
        "--vary",
        nargs="+",
        default=[],
        metavar="KEY=V1,V2",
        help="Svarsinställningar (answer i search.yaml, faq.<namn> i faq.yaml) att pröva på --set och --also "
        "(svarsnivå/obesvarbara flaggade/besvarbara felaktigt flaggade per mängd).",
    )
    parser.add_argument("--also", type=Path, nargs="*", default=[], help="Fler mängder för --vary.")
    parser.add_argument("--half", choices=("tune", "check", "all"), default="tune")
    parser.add_argument("--fund", default="", help="Bara frågorna för denna fond (t.ex. sundsvall).")
    parser.add_argument("--show", action="store_true", help="Skriv ut varje fel med svaret.")
    parser.add_argument("--grid", action="store_true", help="Rutnät för svarsvalet (answer i search.yaml).")
    parser.add_argument("--search-grid", action="store_true", help="Rutnät för sökningens vikter.")
    parser.add_argument(
        "--blind-once",
        action="store_true",
        help="Den blinda mängden, en gång vid en ändrings slut (hela mängden, inga rutnät): för README:n.",
    )
    args = parser.parse_args()

    blind = "blind_2026" in str(args.set) or "tests/blind" in str(args.set)
    if blind and not (args.blind_once and args.half == "all" and not (args.grid or args.search_grid)):
        sys.exit("Den blinda mängden körs bara med --blind-once --half all, en gång vid ändringens slut.")
    from actions.answers import answer_messages

    searcher = get_searcher()
    corpus_dir = get_settings().corpus_dir
    questions = [q for q in load_questions(args.set) if in_half(q, args.half)]
    if args.fund:
        questions = [q for q in questions if (q.fund or get_settings().fund) == args.fund]

    def rank(question: Question) -> tuple[list[str], bool]:
        place = municipality_for_fund(question.fund, corpus_dir) if question.fund else None
        response = searcher.search(question.question, k=10, municipality=place)
        return [p.id for p in response.passages], response.answerable

    if args.vary:
        sets = [(args.set.stem, questions)]
        for path in args.also:
            if "blind_2026" in str(path) or "tests/blind" in str(path):
                sys.exit("Den blinda mängden används inte för att välja inställningar.")
            sets.append((path.stem, [q for q in load_questions(path) if in_half(q, args.half)]))
        vary(searcher, sets, args.vary)
        return
    if args.grid:
        grid(searcher, questions)
        return
    if args.search_grid:
        search_grid(searcher, questions)
        return
    metrics = evaluate(questions, searcher.passages, rank)
    print(f"{args.set} – halva {args.half}")
    print("Sökning: " + " | ".join(metrics.lines()))

    checked = passed = wrongly_unknown = answerable = 0
    flagged = unanswerable = 0
    failures: list[str] = []
    for q in questions:
        with active_fund(q.fund or get_settings().fund, searcher):
            reply = "\n".join(answer_messages(q.question))
        unknown = says_unknown(reply)
        if not q.answerable:
            unanswerable += 1
            flagged += unknown
            if not unknown:
                failures.append(f"{q.id} OBESVARBAR besvarad: {q.question}\n      -> {reply[:300]!r}")
            continue
        answerable += 1
        wrongly_unknown += unknown
        if not q.answer_must_contain:
            continue
        checked += 1
        turn = Turn(message=q.question, must_contain=[list(g) for g in q.answer_must_contain])
        turn.first_sentences = 2
        problems = turn.problems(reply)
        passed += not problems
        if problems:
            failures.append(f"{q.id} {problems}: {q.question}\n      -> {reply[:300]!r}")
    print(f"Svarsnivå (två första meningarna): {passed}/{checked} ({passed / max(checked, 1):.0%})")
    print(f"Obesvarbara med 'Det vet jag inte' först: {flagged}/{unanswerable}")
    print(f"Besvarbara felaktigt 'Det vet jag inte': {wrongly_unknown}/{answerable}")
    if args.show:
        print("\n".join(failures))


if __name__ == "__main__":
    main()
