"""Precision, recall and F1 of the learned signals (rules/signals.py), and their speed. Prints figures only.

Usage (with the environment of scripts/setup.sh; FOND_DATA_DIR as usual):
  .venv/bin/python benchmarks/signals_benchmark.py            # cross-validation on the training data
  .venv/bin/python benchmarks/signals_benchmark.py --tune     # grid search; prints the values for config.yaml
  .venv/bin/python benchmarks/signals_benchmark.py --set tests/blind/signals.yaml
                                                              # the fitted models on a YAML list of
                                                              # {signal, text, label}; nothing is tuned on it

Cross-validation: stratified 5-fold, repeated 3 times with fixed seeds, on each signal's training sentences
plus the borrowed negatives (the other signals' negative sentences, which every signal trains on), all scored
out of fold; the out-of-fold probabilities of the repeats are averaged per sentence.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rules import signals as sg  # noqa: E402

FOLDS = 5
REPEATS = 3
C_GRID = (8.0, 32.0, 128.0)
WORD_WEIGHT_GRID = (0.5,)


def prf(labels: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    tp = int(((predicted == 1) & (labels == 1)).sum())
    fp = int(((predicted == 1) & (labels == 0)).sum())
    fn = int(((predicted == 0) & (labels == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def oof_probabilities(
    name: str, cfg: sg.SignalConfig, table: dict[str, np.ndarray], ww: float
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probability of every training sentence of the signal, averaged over the repeats.

    With borrowed negatives, those sentences are split into the folds too and scored out of fold: a
    classifier that fires on sentences about other matters pays for it in precision here.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    texts, labels, weights = sg.training_set(name, cfg)
    x_all = sg.features(texts, np.vstack([table[t] for t in texts]), cfg, ww)
    strata = labels + 2 * (weights < 1.0)  # own positives, own negatives, borrowed negatives
    total = np.zeros(len(texts))
    for seed in range(REPEATS):
        folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
        for train_idx, test_idx in folds.split(np.zeros(len(texts)), strata):
            clf = LogisticRegression(C=cfg.c, max_iter=2000, class_weight="balanced")
            clf.fit(x_all[train_idx], labels[train_idx], sample_weight=weights[train_idx])
            total[test_idx] += clf.predict_proba(x_all[test_idx])[:, 1]
    return labels, total / REPEATS


def best_threshold(labels: np.ndarray, probs: np.ndarray) -> tuple[float, float]:
    """(threshold, F1): the best F1 over thresholds 0.20 … 0.80; ties go to the lower threshold (recall)."""
    best = (0.5, -1.0)
    for t in np.arange(0.20, 0.801, 0.05):
        f1 = prf(labels, (probs >= t).astype(int))[2]
        if f1 > best[1] + 1e-9:
            best = (round(float(t), 2), f1)
    return best


def weak_threshold(labels: np.ndarray, probs: np.ndarray) -> float:
    """The highest threshold that still finds 95 % of the positives."""
    for t in np.arange(0.80, 0.049, -0.05):
        if prf(labels, (probs >= t).astype(int))[1] >= 0.95:
            return round(float(t), 2)
    return 0.05


def cross_validate() -> None:
    table = sg.training_vectors()
    ww = float(sg.load_config().get("word_weight", 1.0))
    print(f"Korsvalidering ({FOLDS} delar x {REPEATS}) på träningsmeningarna, tröskel ur config.yaml")
    print(
        f"{'signal':22} {'n':>4} {'pos':>4} {'P':>6} {'R':>6} {'F1':>6} {'tröskel':>8}"
        f" {'R svag':>7} {'FP egna':>8} {'FP svag':>8}"
    )
    f1s = []
    for name in sg.signal_names():
        cfg = sg.signal_config(name)
        labels, probs = oof_probabilities(name, cfg, table, ww)
        p, r, f1 = prf(labels, (probs >= cfg.threshold).astype(int))
        f1s.append(f1)
        # The checks also use the weak threshold ("may carry the signal": a warning). Recall there, and the
        # share of the signal's OWN negative sentences (near misses, counter-examples) scored at or above the
        # threshold and the weak threshold, out of fold.
        own = _own_negatives(name, cfg)
        r_weak = prf(labels, (probs >= cfg.weak_threshold).astype(int))[1]
        fp = float((probs[own] >= cfg.threshold).mean()) if own.any() else 0.0
        fp_weak = float((probs[own] >= cfg.weak_threshold).mean()) if own.any() else 0.0
        print(
            f"{name:22} {len(labels):4d} {labels.sum():4d} {p:6.2f} {r:6.2f} {f1:6.2f} {cfg.threshold:8.2f}"
            f" {r_weak:7.2f} {fp:8.2f} {fp_weak:8.2f}"
        )
    print(f"{'makro-F1':22} {'':4} {'':4} {'':6} {'':6} {statistics.mean(f1s):6.2f}")
    print("R svag: recall vid den svaga tröskeln; FP egna / FP svag: andel av signalens egna negativa")
    print("meningar (närliggande fall, motexempel) som får minst tröskeln / den svaga tröskeln, utanför")
    print("sin del.")


def _own_negatives(name: str, cfg: sg.SignalConfig) -> np.ndarray:
    """Mask over ``sg.training_set(name, cfg)``: the signal's own negative sentences (not borrowed ones)."""
    _texts, labels, weights = sg.training_set(name, cfg)
    return (labels == 0) & (weights >= 1.0)


def tune(only: str | None = None) -> None:
    table = sg.training_vectors()
    print("Rutnätssökning per signal (korsvalidering på träningsmeningarna); bästa F1 vid bästa tröskel")
    for name in sg.signal_names():
        if only and name != only:
            continue
        base = sg.signal_config(name)
        options = []
        word_sets = [((), ()), (base.words, ()), (base.words, base.negation)]
        for (words, neg), c, borrow, ww in itertools.product(word_sets, C_GRID, (True,), WORD_WEIGHT_GRID):
            if not words and ww != WORD_WEIGHT_GRID[0]:
                continue
            cfg = replace(base, words=words, negation=neg, c=c, borrow_negatives=borrow)
            labels, probs = oof_probabilities(name, cfg, table, ww)
            threshold, f1 = best_threshold(labels, probs)
            p, r, _ = prf(labels, (probs >= threshold).astype(int))
            kind = "e5" + ("+ord" if words else "") + ("+negation" if neg else "")
            options.append((f1, kind, c, borrow, ww, threshold, weak_threshold(labels, probs), p, r))
        options.sort(key=lambda o: (-o[0], o[2]))
        print(f"\n{name}:")
        for f1, kind, c, borrow, ww, t, weak, p, r in options[:5]:
            print(
                f"  F1 {f1:.3f} P {p:.2f} R {r:.2f}  {kind:16} C={c:<5} lånade negativa={borrow!s:5} "
                f"ordvikt={ww} tröskel={t} svag={weak}"
            )
        per_kind: dict[str, float] = {}
        for o in options:
            per_kind[o[1]] = max(per_kind.get(o[1], 0.0), o[0])
        print("  bästa per särdragsuppsättning: " + ", ".join(f"{k} {v:.3f}" for k, v in per_kind.items()))


def on_set(path: Path) -> None:
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(cases, dict):
        cases = cases.get("cases") or cases.get("examples") or []
    th = sg.thresholds()
    by_signal: dict[str, tuple[list[int], list[int]]] = {}
    aliases = {"existing_operations": "drift", "references": "research_basis"}
    for case in cases:
        name = aliases.get(case["signal"], case["signal"])
        if name not in th:
            continue
        found = any(s.probabilities[name] >= th[name] for s in sg.classify(str(case["text"])))
        labels, predicted = by_signal.setdefault(name, ([], []))
        labels.append(int(bool(case["label"])))
        predicted.append(int(found))
    print(f"Tränade modeller på {path} (inget valdes på denna mängd)")
    print(f"{'signal':22} {'n':>4} {'pos':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for name in sg.signal_names():
        if name not in by_signal:
            print(f"{name:22} (inga fall)")
            continue
        labels_a, predicted_a = (np.array(v) for v in by_signal[name])
        p, r, f1 = prf(labels_a, predicted_a)
        print(f"{name:22} {len(labels_a):4d} {labels_a.sum():4d} {p:6.2f} {r:6.2f} {f1:6.2f}")


SKETCH = (
    "Socialnämnden vill pröva en ny metod för att minska skolfrånvaron på två skolor. "
    "Pengarna går inte till befintlig verksamhet utan till två närvarocoacher under projekttiden. "
    "Alla elever i årskurs 7–9 med mer än 15 procents frånvaro erbjuds stödet på samma villkor. "
    "Metoden bygger på Skolverkets kunskapsöversikt om frånvaro och en svensk studie från 2021. "
    "Forskare vid Södertörns högskola gör utvärderingen med en jämförelsegrupp."
)


def timing(rounds: int = 40) -> None:
    sg.classify("Start.")  # loads the model and the fitted signals
    with_encoding, cached = [], []
    for i in range(rounds):
        text = SKETCH.replace("två skolor", f"{i + 2} skolor").replace(
            "två närvarocoacher", f"{i + 2} coacher"
        )
        text = text.replace("2021", str(1990 + i)).replace("7–9", f"{i}-9")
        text = text.replace("15 procents", f"{i + 10} procents").replace("Forskare", f"{i} forskare")
        t0 = time.perf_counter()
        sg.classify(text)
        with_encoding.append(time.perf_counter() - t0)
        sg._sentence_cache.clear()  # vectors stay cached: the time of classifying alone
        t0 = time.perf_counter()
        sg.classify(text)
        cached.append(time.perf_counter() - t0)

    def q(xs: list[float], f: float) -> float:
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(len(xs) * f))] * 1000

    print(f"\nTid för en idéskiss på 5 meningar ({rounds} olika):")
    print(
        f"  med inbäddning:        p50 {q(with_encoding, 0.5):6.1f} ms  p95 {q(with_encoding, 0.95):6.1f} ms"
    )
    print(f"  med färdiga vektorer:  p50 {q(cached, 0.5):6.1f} ms  p95 {q(cached, 0.95):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", type=Path, help="YAML list of {signal, text, label}")
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--signal", help="with --tune: only this signal")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    if args.tune:
        tune(args.signal)
        return
    if args.set:
        on_set(args.set)
    else:
        cross_validate()
    if not args.no_timing:
        timing()


if __name__ == "__main__":
    main()
