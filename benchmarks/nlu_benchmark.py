"""Compare Swedish NLU pipelines on the held-out set and choose the FallbackClassifier threshold.

Run in the Rasa environment from the repository root:
    RASA_TELEMETRY_ENABLED=false .venv-rasa/bin/python benchmarks/nlu_benchmark.py [--only lr_folded]

For each pipeline: train on bot/data/nlu, parse every line of bot/tests/nlu_heldout.yml and print
train time, intent accuracy and macro F1 on the in-scope lines, the out-of-scope detection rate
(an out_of_scope line counts as detected when predicted out_of_scope, other_language or below the
fallback threshold) and, for a sweep of fallback thresholds, the trade-off between wrongly refused
in-scope lines and detected out-of-scope lines. Pipelines are trained without FallbackClassifier so the
sweep sees the raw classifier confidence.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

HELDOUT = ROOT / "bot" / "tests" / "nlu_heldout.yml"
NLU_DATA = ROOT / "bot" / "data" / "nlu"
OUT_OF_SCOPE_LABELS = {"out_of_scope", "other_language"}
THRESHOLDS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)

_FEATURIZERS = [
    {"name": "CountVectorsFeaturizer"},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 5},
]
_LR = {
    "name": "LogisticRegressionClassifier",
    "max_iter": 1000,
    "solver": "lbfgs",
    "tol": 0.0001,
    "random_state": 42,
}

PIPELINES = {
    # chosen: folds å/ä/ö and case before the count vectors, fast logistic regression
    "lr_folded": [
        {"name": "bot.components.folding_tokenizer.FoldingWhitespaceTokenizer"},
        *_FEATURIZERS,
        _LR,
    ],
    # same without folding, to measure what the custom tokenizer adds
    "lr_plain": [{"name": "WhitespaceTokenizer"}, *_FEATURIZERS, _LR],
    # Rasa's default-style DIET (fewer epochs than the default 300 to keep training time sane on 2 cores)
    "diet": [
        {"name": "WhitespaceTokenizer"},
        *_FEATURIZERS,
        {"name": "DIETClassifier", "epochs": 100, "constrain_similarities": True, "random_seed": 42},
    ],
    "diet_folded": [
        {"name": "bot.components.folding_tokenizer.FoldingWhitespaceTokenizer"},
        *_FEATURIZERS,
        {"name": "DIETClassifier", "epochs": 100, "constrain_similarities": True, "random_seed": 42},
    ],
}


def load_heldout() -> list[tuple[str, str]]:
    data = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    rows = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                rows.append((line[2:].strip(), block["intent"]))
    return rows


def train(name: str, workdir: Path) -> tuple[Path, float]:
    from rasa.model_training import train_nlu

    config = workdir / f"{name}.yml"
    config.write_text(
        yaml.safe_dump(
            {"recipe": "default.v1", "language": "sv", "pipeline": PIPELINES[name], "policies": []}
        ),
        encoding="utf-8",
    )
    started = time.perf_counter()
    model = train_nlu(str(config), str(NLU_DATA), str(workdir), fixed_model_name=name)
    return Path(model), time.perf_counter() - started


def predict(model: Path, texts: list[str]) -> list[tuple[str, float]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def run() -> list[tuple[str, float]]:
        out = []
        for text in texts:
            parsed = await agent.parse_message(text)
            intent = parsed.get("intent") or {}
            out.append((intent.get("name") or "", float(intent.get("confidence") or 0.0)))
        return out

    return asyncio.run(run())


def macro_f1(gold: list[str], pred: list[str]) -> float:
    from sklearn.metrics import f1_score

    labels = sorted(set(gold))
    return float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0))


def report(
    name: str, rows: list[tuple[str, str]], predictions: list[tuple[str, float]], seconds: float
) -> None:
    in_scope = [(g, p) for (_, g), p in zip(rows, predictions, strict=True) if g not in OUT_OF_SCOPE_LABELS]
    oos = [(g, p) for (_, g), p in zip(rows, predictions, strict=True) if g == "out_of_scope"]
    gold = [g for g, _ in in_scope]
    pred = [p[0] for _, p in in_scope]
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    all_gold = [g for _, g in rows]
    all_pred = [p[0] for p in predictions]
    print(f"\n== {name}: trained in {seconds:.1f} s on {NLU_DATA.relative_to(ROOT)}")
    print(f"   in-scope lines {len(in_scope)}, out-of-scope lines {len(oos)}")
    print(f"   intent accuracy (in scope, no fallback) {accuracy:.3f}")
    print(f"   macro F1 (all labels, no fallback)      {macro_f1(all_gold, all_pred):.3f}")
    print("   threshold  in-scope accuracy  wrongly refused  out-of-scope detected  macro F1")
    for threshold in THRESHOLDS:

        def label(p: tuple[str, float], t: float = threshold) -> str:
            return "nlu_fallback" if p[1] < t else p[0]

        acc = sum(g == label(p) for g, p in in_scope) / len(in_scope)
        refused = sum(label(p) == "nlu_fallback" for _, p in in_scope) / len(in_scope)
        detected = sum(label(p) in {"out_of_scope", "other_language", "nlu_fallback"} for _, p in oos) / len(
            oos
        )
        f1 = macro_f1(all_gold, [label(p) for p in predictions])
        print(f"   {threshold:9.2f}  {acc:17.3f}  {refused:15.3f}  {detected:21.3f}  {f1:8.3f}")
    errors = [(t, g, p) for (t, g), p in zip(rows, predictions, strict=True) if g != p[0]]
    print(f"   misclassified ({len(errors)}):")
    for text, gold_label, (p, c) in errors:
        print(f"     {gold_label:>18} -> {p:<18} {c:.2f}  {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=list(PIPELINES), help="pipelines to run (default: all)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    rows = load_heldout()
    texts = [text for text, _ in rows]
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory(prefix="nlu-bench-") as tmp:
        for name in args.only or PIPELINES:
            model, seconds = train(name, Path(tmp))
            report(name, rows, predict(model, texts), seconds)


if __name__ == "__main__":
    main()
