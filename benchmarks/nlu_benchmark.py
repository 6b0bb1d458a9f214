"""Compare Swedish NLU pipelines on a tuning set, choose the fallback threshold, report on a blind set.

Run in the Rasa environment from the repository root (the e5 pipelines need the ONNX export:
``.venv/bin/python -m knowledge export-onnx``, done by scripts/setup.sh):

    .venv-rasa/bin/python benchmarks/nlu_benchmark.py                 # the main pipelines, tuning set
    .venv-rasa/bin/python benchmarks/nlu_benchmark.py --sweep         # every variant (scales, prefix, DIET)
    .venv-rasa/bin/python benchmarks/nlu_benchmark.py --only e5_counts_lr
    .venv-rasa/bin/python benchmarks/nlu_benchmark.py --blind tests/blind/nlu_blind.yaml

Tuning set: ``bot/tests/nlu_heldout.yml``. Nobody trains on it, but the pipeline, the e5 feature scale and the
fallback threshold were chosen on it, so its figures are TUNING figures, not an estimate for new users.

Blind set (``--blind``, a YAML list of ``{text, intent}``): written by someone else, never read or tuned on.
It only reports: the pipeline of ``config.yml`` (and today's count-vector baseline for comparison) at the
threshold already chosen in ``config.yml``. Run it once, after the choice is made.

For each pipeline: train on bot/data/nlu, parse every line and print train time, per-message parse latency,
intent accuracy and macro F1 on the in-scope lines, the out-of-scope detection rate (an out_of_scope line
counts as detected when predicted out_of_scope, other_language or below the fallback threshold) and, for a
sweep of thresholds, wrongly refused in-scope lines against detected out-of-scope lines. Pipelines are
trained without FallbackClassifier so the sweep sees the raw classifier confidence.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

TUNING = ROOT / "bot" / "tests" / "nlu_heldout.yml"
NLU_DATA = ROOT / "bot" / "data" / "nlu"
CONFIG = ROOT / "config.yml"
OUT_OF_SCOPE_LABELS = {"out_of_scope", "other_language"}
REFUSED = {"out_of_scope", "other_language", "nlu_fallback"}
THRESHOLDS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)

_TOKENIZER: dict[str, Any] = {"name": "WhitespaceTokenizer"}
_COUNTS: list[dict[str, Any]] = [
    {"name": "CountVectorsFeaturizer"},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 5},
]
_LR: dict[str, Any] = {
    "name": "LogisticRegressionClassifier",
    "max_iter": 1000,
    "solver": "lbfgs",
    "tol": 0.0001,
    "random_state": 42,
}
_DIET: dict[str, Any] = {
    "name": "DIETClassifier",
    "epochs": 100,
    "constrain_similarities": True,
    "random_seed": 42,
}


def _e5(scale: float, prefix: str = "query: ") -> dict[str, Any]:
    return {"name": "bot.components.e5_featurizer.E5Featurizer", "prefix": prefix, "scale": scale}


@dataclass
class Pipeline:
    components: list[dict[str, Any]]
    note: str
    threshold: float = 0.3
    """The fallback threshold this pipeline is reported at on the blind set."""
    main: bool = False
    """Run by default (otherwise only with --sweep or --only)."""
    extra: dict[str, Any] = field(default_factory=dict)


PIPELINES: dict[str, Pipeline] = {
    "counts_lr": Pipeline(
        [_TOKENIZER, *_COUNTS, _LR],
        "word + char_wb(1-5) count vectors, logistic regression (the pipeline before e5)",
        main=True,
    ),
    "counts_lr_folded": Pipeline(
        [{"name": "bot.components.folding_tokenizer.FoldingWhitespaceTokenizer"}, *_COUNTS, _LR],
        "same with å/ä/ö folded in the tokenizer",
    ),
    "e5_lr": Pipeline([_TOKENIZER, _e5(10.0), _LR], "e5 sentence vector alone (scale 10), LR", main=True),
    "e5_lr_s1": Pipeline([_TOKENIZER, _e5(1.0), _LR], "e5 alone, scale 1"),
    "e5_lr_s30": Pipeline([_TOKENIZER, _e5(30.0), _LR], "e5 alone, scale 30"),
    "e5_counts_lr_s1": Pipeline([_TOKENIZER, *_COUNTS, _e5(1.0), _LR], "count vectors + e5 (scale 1)"),
    "e5_counts_lr_s3": Pipeline([_TOKENIZER, *_COUNTS, _e5(3.0), _LR], "count vectors + e5 (scale 3)"),
    "e5_counts_lr_s10": Pipeline([_TOKENIZER, *_COUNTS, _e5(10.0), _LR], "count vectors + e5 (scale 10)"),
    "e5_counts_lr_s20": Pipeline([_TOKENIZER, *_COUNTS, _e5(20.0), _LR], "count vectors + e5 (scale 20)"),
    "e5_counts_lr": Pipeline(
        [_TOKENIZER, *_COUNTS, _e5(30.0), _LR], "count vectors + e5 (scale 30), LR: config.yml's", main=True
    ),
    "e5_counts_lr_noprefix": Pipeline(
        [_TOKENIZER, *_COUNTS, _e5(10.0, prefix=""), _LR], "count vectors + e5 without 'query: ' (scale 10)"
    ),
    "diet": Pipeline([_TOKENIZER, *_COUNTS, _DIET], "DIET, 100 epochs, count vectors"),
    "e5_diet": Pipeline([_TOKENIZER, *_COUNTS, _e5(1.0), _DIET], "DIET, 100 epochs, count vectors + e5"),
}


def config_pipeline() -> Pipeline:
    """config.yml's NLU pipeline without the FallbackClassifier, reported at config.yml's threshold."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    components = [c for c in config["pipeline"] if c["name"] != "FallbackClassifier"]
    fallback = [c for c in config["pipeline"] if c["name"] == "FallbackClassifier"]
    threshold = float(fallback[0].get("threshold", 0.3)) if fallback else 0.0
    return Pipeline(components, "config.yml as configured", threshold=threshold)


def _examples(block: dict[str, Any]) -> list[str]:
    lines = (line.strip() for line in str(block.get("examples") or "").splitlines())
    return [line[2:].strip() for line in lines if line.startswith("- ")]


def load_tuning(path: Path = TUNING) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    blocks = [block for block in data["nlu"] if "intent" in block]
    return [(text, block["intent"]) for block in blocks for text in _examples(block)]


def load_blind(path: Path) -> list[tuple[str, str]]:
    """The blind set's schema: a YAML list of ``{text: ..., intent: ...}``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise SystemExit(f"{path}: expected a YAML list of {{text, intent}}")
    return [(str(row["text"]), str(row["intent"])) for row in data]


def training_intents(data_dir: Path = NLU_DATA) -> set[str]:
    intents: set[str] = set()
    for path in sorted(data_dir.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        intents.update(block["intent"] for block in data.get("nlu") or [] if "intent" in block)
    return intents


def training_size(data_dir: Path) -> int:
    total = 0
    for path in sorted(data_dir.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        total += sum(len(_examples(block)) for block in data.get("nlu") or [] if "intent" in block)
    return total


def data_version() -> str:
    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return result.stdout.strip()

    dirty = " + uncommitted changes" if git("status", "--porcelain", "--", str(NLU_DATA)) else ""
    return f"commit {git('rev-parse', '--short', 'HEAD') or '?'}{dirty}"


def snapshot_training_data(workdir: Path) -> tuple[Path, str]:
    """A copy of bot/data/nlu taken once, so every pipeline of a run trains on the same examples."""
    version = data_version()
    target = workdir / "nlu-data"
    shutil.copytree(NLU_DATA, target)
    return target, f"{NLU_DATA.relative_to(ROOT)} at {version}, {training_size(target)} examples"


def train(name: str, pipeline: Pipeline, data_dir: Path, workdir: Path) -> tuple[Path, float]:
    from rasa.model_training import train_nlu

    config = workdir / f"{name}.yml"
    config.write_text(
        yaml.safe_dump(
            {"recipe": "default.v1", "language": "sv", "pipeline": pipeline.components, "policies": []}
        ),
        encoding="utf-8",
    )
    started = time.perf_counter()
    model = train_nlu(str(config), str(data_dir), str(workdir), fixed_model_name=name)
    if not model:
        raise SystemExit(f"training {name} failed")
    return Path(model), time.perf_counter() - started


def predict(model: Path, texts: list[str]) -> tuple[list[tuple[str, float]], list[float]]:
    """(intent, confidence) per text and the parse time of each, one message at a time as in the chat."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def run() -> tuple[list[tuple[str, float]], list[float]]:
        await agent.parse_message("hej")  # warm-up: lazy model loading is not a message's latency
        out, seconds = [], []
        for text in texts:
            started = time.perf_counter()
            parsed = await agent.parse_message(text)
            seconds.append(time.perf_counter() - started)
            intent = parsed.get("intent") or {}
            out.append((intent.get("name") or "", float(intent.get("confidence") or 0.0)))
        return out, seconds

    return asyncio.run(run())


def macro_f1(gold: list[str], pred: list[str]) -> float:
    from sklearn.metrics import f1_score

    labels = sorted(set(gold))
    return float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(
    name: str,
    pipeline: Pipeline,
    set_label: str,
    training: str,
    rows: list[tuple[str, str]],
    predictions: list[tuple[str, float]],
    seconds: float,
    latencies: list[float],
    thresholds: tuple[float, ...],
) -> None:
    in_scope = [(g, p) for (_, g), p in zip(rows, predictions, strict=True) if g not in OUT_OF_SCOPE_LABELS]
    oos = [(g, p) for (_, g), p in zip(rows, predictions, strict=True) if g == "out_of_scope"]
    all_gold = [g for _, g in rows]
    all_pred = [p[0] for p in predictions]
    accuracy = sum(g == p[0] for g, p in in_scope) / max(1, len(in_scope))
    print(f"\n== {name}: {pipeline.note}")
    print(f"   set: {set_label}")
    print(f"   trained in {seconds:.1f} s on {training}")
    print(
        f"   parse latency per message: p50 {1000 * statistics.median(latencies):.1f} ms, "
        f"p95 {1000 * _percentile(latencies, 0.95):.1f} ms ({len(latencies)} messages)"
    )
    print(f"   in-scope lines {len(in_scope)}, out-of-scope lines {len(oos)}")
    print(f"   intent accuracy (in scope, no fallback) {accuracy:.3f}")
    print(f"   macro F1 (all labels, no fallback)      {macro_f1(all_gold, all_pred):.3f}")
    print("   threshold  in-scope accuracy  wrongly refused  out-of-scope detected  macro F1")
    for threshold in thresholds:

        def label(p: tuple[str, float], t: float = threshold) -> str:
            return "nlu_fallback" if p[1] < t else p[0]

        acc = sum(g == label(p) for g, p in in_scope) / max(1, len(in_scope))
        refused = sum(label(p) in REFUSED for _, p in in_scope) / max(1, len(in_scope))
        detected = sum(label(p) in REFUSED for _, p in oos) / max(1, len(oos))
        f1 = macro_f1(all_gold, [label(p) for p in predictions])
        print(f"   {threshold:9.2f}  {acc:17.3f}  {refused:15.3f}  {detected:21.3f}  {f1:8.3f}")
    errors = [(t, g, p) for (t, g), p in zip(rows, predictions, strict=True) if g != p[0]]
    print(f"   misclassified without fallback ({len(errors)}):")
    for text, gold_label, (p, c) in errors:
        print(f"     {gold_label:>18} -> {p:<18} {c:.2f}  {text}")


def run(
    names: list[str],
    pipelines: dict[str, Pipeline],
    rows: list[tuple[str, str]],
    set_label: str,
    blind: bool,
) -> None:
    texts = [text for text, _ in rows]
    with tempfile.TemporaryDirectory(prefix="nlu-bench-") as tmp:
        data_dir, training = snapshot_training_data(Path(tmp))
        for name in names:
            pipeline = pipelines[name]
            model, seconds = train(name, pipeline, data_dir, Path(tmp))
            predictions, latencies = predict(model, texts)
            thresholds = (pipeline.threshold,) if blind else THRESHOLDS
            report(name, pipeline, set_label, training, rows, predictions, seconds, latencies, thresholds)


def cross_validate(names: list[str], pipelines: dict[str, Pipeline], folds: int) -> None:
    """Stratified k-fold over bot/data/nlu: a second, larger tuning measure (lines in the training data's own
    style, so easier than the tuning set); every pipeline sees the same folds."""
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    with tempfile.TemporaryDirectory(prefix="nlu-cv-") as tmp:
        data_dir, training = snapshot_training_data(Path(tmp))
        data = load_data(str(data_dir))
        examples = [m for m in data.training_examples if m.get("intent") and m.get("text")]
        labels = [m.get("intent") for m in examples]
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=42)
        splits = list(splitter.split(examples, labels))
        print(f"\n== {folds}-fold cross-validation on {training} (TUNING: the training data itself)")
        print("   pipeline                 accuracy  macro F1  train s/fold  parse p95 ms")
        for name in names:
            gold: list[str] = []
            pred: list[str] = []
            train_seconds: list[float] = []
            latencies: list[float] = []
            for fold, (train_idx, test_idx) in enumerate(splits):
                fold_dir = Path(tmp) / f"{name}-{fold}"
                fold_dir.mkdir()
                part = TrainingData(
                    training_examples=[examples[i] for i in train_idx],
                    entity_synonyms=data.entity_synonyms,
                    regex_features=data.regex_features,
                    lookup_tables=data.lookup_tables,
                )
                (fold_dir / "data").mkdir()
                (fold_dir / "data" / "nlu.yml").write_text(part.nlu_as_yaml(), encoding="utf-8")
                model, seconds = train(name, pipelines[name], fold_dir / "data", fold_dir)
                predictions, times = predict(model, [examples[i].get("text") for i in test_idx])
                gold += [labels[i] for i in test_idx]
                pred += [p for p, _ in predictions]
                train_seconds.append(seconds)
                latencies += times
            accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
            print(
                f"   {name:<24} {accuracy:8.3f}  {macro_f1(gold, pred):8.3f}  "
                f"{statistics.mean(train_seconds):12.1f}  {1000 * _percentile(latencies, 0.95):12.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=[*PIPELINES, "config"], help="pipelines to run")
    parser.add_argument("--sweep", action="store_true", help="every variant, DIET included (slow)")
    parser.add_argument("--cv", type=int, metavar="K", help="k-fold cross-validation on bot/data/nlu instead")
    parser.add_argument(
        "--blind", type=Path, help="report (never tune) on a blind YAML list of {text, intent}"
    )
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    os.chdir(ROOT)
    pipelines = {**PIPELINES, "config": config_pipeline()}
    if args.blind:
        rows = load_blind(args.blind)
        unknown = sorted({g for _, g in rows} - training_intents() - OUT_OF_SCOPE_LABELS)
        if unknown:
            print(f"NOTE: blind labels no intent is trained on (always counted wrong): {', '.join(unknown)}")
        names = args.only or ["config", "counts_lr"]
        label = f"BLIND {args.blind} ({len(rows)} lines; reported once, nothing chosen on it)"
        run(names, pipelines, rows, label, blind=True)
        return
    names = args.only or [n for n, p in PIPELINES.items() if p.main or args.sweep]
    if args.cv:
        cross_validate(names, pipelines, args.cv)
        return
    rows = load_tuning()
    label = (
        f"TUNING {TUNING.relative_to(ROOT)} ({len(rows)} lines): the pipeline, e5 scale and fallback "
        "threshold were chosen on it, so these are tuning figures"
    )
    run(names, pipelines, rows, label, blind=False)


if __name__ == "__main__":
    main()
