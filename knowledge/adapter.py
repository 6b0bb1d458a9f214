"""A learned query-side adapter for the dense search: a 384 x 384 linear map applied to the user's e5 query
vector before it is compared with the passages (and their sentence windows).

It is trained on the synthetic question -> passage pairs of ``knowledge/passage_questions/`` only (written
from the corpus, never from an evaluation set), with the e5 model frozen: every synthetic question's stored
query vector against every passage of the corpus (a full softmax over all passages, so the neighbouring
sections of the same document are the hard negatives, and every other passage an in-batch negative). A
passage scores by the best cosine of itself and its windows, as in the search. The map starts at the
identity and is pulled back towards it (``l2``), so it only bends the query space where the pairs ask it to.

Only the ranking uses it. The answerable flag, the FAQ match and the synthetic questions' own cosines
compare the query as the model gives it (their thresholds were measured on those cosines), and the Rasa
NLU gets the unchanged ONNX vectors. The passages and the index are not touched either: only queries move.

The trained map is committed (``knowledge/query_adapter.npz``, float16, ~0.3 MB) with the settings it was
trained with and a check vector: the model's query vector of a fixed sentence. A different model (another
``FOND_EMBEDDING_MODEL``) gives another check vector, and the search then runs without the adapter.

Re-train (deterministic: full-batch Adam on the CPU, one thread), from the index of the configured data dir::

    .venv/bin/python -m knowledge.adapter train          # writes knowledge/query_adapter.npz
    .venv/bin/python -m knowledge.adapter train --out /tmp/a.npz --epochs 200 --l2 0

Settings and measurements: ``knowledge/search.yaml`` → ``query_adapter``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

ADAPTER_FILE = Path(__file__).with_name("query_adapter.npz")
CHECK_TEXT = "query: Vem kan söka pengar ur den sociala investeringsfonden?"
"""Encoded at training time and again at load: the adapter is only used with the model it was trained on."""
CHECK_MIN_COSINE = 0.999


@dataclass(frozen=True)
class TrainingParams:
    temperature: float = 0.02
    """Softmax temperature of the cosines (e5's cosines lie in a narrow band)."""
    l2: float = 0.01
    """Weight of ||W - I||² in the loss: how far the map may move from the identity."""
    epochs: int = 100
    learning_rate: float = 0.001
    seed: int = 0


@dataclass
class QueryAdapter:
    matrix: np.ndarray
    """W (d x d): the adapted query is W q, normalised."""
    check_vector: np.ndarray
    params: dict

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        """Unit-length adapted copies of the query ``vectors`` (one per row)."""
        adapted = np.atleast_2d(np.asarray(vectors, dtype=np.float32)) @ self.matrix.T
        norms = np.linalg.norm(adapted, axis=1, keepdims=True)
        return np.ascontiguousarray(adapted / np.maximum(norms, 1e-12), dtype=np.float32)

    def fits(self, model) -> bool:
        """Whether ``model`` is the model the adapter was trained on (same query vector of CHECK_TEXT)."""
        vector = np.asarray(model.encode([CHECK_TEXT], normalize_embeddings=True), dtype=np.float32)[0]
        return (
            vector.shape == self.check_vector.shape and float(vector @ self.check_vector) >= CHECK_MIN_COSINE
        )

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            matrix=self.matrix.astype(np.float16),
            check_vector=self.check_vector.astype(np.float32),
            params=np.array(json.dumps(self.params, sort_keys=True)),
        )

    @classmethod
    def load(cls, path: Path) -> QueryAdapter:
        with np.load(path, allow_pickle=False) as data:
            return cls(
                matrix=data["matrix"].astype(np.float32),
                check_vector=data["check_vector"].astype(np.float32),
                params=json.loads(str(data["params"])),
            )


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def evaluation_questions() -> set[str]:
    """Every question of the tuning sets in ``knowledge/eval/`` (the blind set is never read), normalised."""
    from knowledge.evaluation import BLIND_FILE, EVAL_DIR, load_questions

    paths = [p for p in sorted(EVAL_DIR.glob("*.yaml")) if p.resolve() != BLIND_FILE.resolve()]
    return {_key(q.question) for path in paths for q in load_questions(path)}


def training_pairs(
    questions: list[str],
    owners: np.ndarray,
    vectors: np.ndarray,
    passages: int,
    exclude: set[str] | frozenset[str] = frozenset(),
) -> tuple[np.ndarray, np.ndarray]:
    """One row per distinct synthetic question: its query vector and a 0/1 row of the passages it belongs
    to (a question whose quote lies in two passages has two). Questions in ``exclude`` (normalised with
    case and spacing folded) are left out: three synthetic questions happen to be word for word a tuning
    question ("Hur prioriteras ansökningarna i Sundsvall?"), and no evaluation question is trained on."""
    rows: dict[str, int] = {}
    keep: list[int] = []
    positives: list[set[int]] = []
    for i, (text, owner) in enumerate(zip(questions, owners, strict=True)):
        if _key(text) in exclude:
            continue
        if text not in rows:
            rows[text] = len(keep)
            keep.append(i)
            positives.append(set())
        positives[rows[text]].add(int(owner))
    mask = np.zeros((len(keep), passages), dtype=bool)
    for row, owned in enumerate(positives):
        mask[row, sorted(owned)] = True
    return np.asarray(vectors, dtype=np.float32)[keep], mask


def train(
    question_vectors: np.ndarray,
    positives: np.ndarray,
    key_vectors: np.ndarray,
    key_owners: np.ndarray,
    params: TrainingParams,
    say=print,
) -> np.ndarray:
    """The map W (d x d) minimising the softmax loss of the positives over all passages, plus l2 ||W - I||².

    ``key_vectors``: every passage and window vector; ``key_owners``: the passage each belongs to."""
    import torch

    torch.manual_seed(params.seed)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # one thread: the same sums in the same order, the same map on every run
    try:
        queries = torch.from_numpy(np.ascontiguousarray(question_vectors, dtype=np.float32))
        keys = torch.from_numpy(np.ascontiguousarray(key_vectors, dtype=np.float32))
        owners = torch.from_numpy(np.asarray(key_owners, dtype=np.int64))
        target = torch.from_numpy(positives)
        n, d = queries.shape
        passages = positives.shape[1]
        delta = torch.zeros((d, d), requires_grad=True)
        optimiser = torch.optim.Adam([delta], lr=params.learning_rate)
        index = owners.unsqueeze(0).expand(n, -1)
        for epoch in range(params.epochs):
            optimiser.zero_grad()
            adapted = torch.nn.functional.normalize(queries @ (torch.eye(d) + delta).T, dim=1)
            cosines = adapted @ keys.T
            best = torch.full((n, passages), -2.0).scatter_reduce(1, index, cosines, reduce="amax")
            logits = best / params.temperature
            loss = (
                torch.logsumexp(logits, dim=1)
                - torch.logsumexp(logits.masked_fill(~target, float("-inf")), dim=1)
            ).mean()
            total = loss + params.l2 * (delta**2).sum()
            total.backward()
            optimiser.step()
            if epoch % 10 == 0 or epoch == params.epochs - 1:
                say(f"  epok {epoch + 1}/{params.epochs}: förlust {loss.item():.4f}")
        return (torch.eye(d) + delta).detach().numpy().astype(np.float32)
    finally:
        torch.set_num_threads(threads)


def train_from_index(index_dir: Path, model, params: TrainingParams, say=print) -> QueryAdapter:
    """Train on the synthetic questions stored in the built index at ``index_dir``."""
    from knowledge.index import load_index

    loaded = load_index(index_dir)
    queries, positives = training_pairs(
        loaded.passage_questions.questions,
        np.asarray(loaded.passage_questions.owners, dtype=np.int64),
        loaded.passage_question_vectors,
        len(loaded.passages),
        exclude=evaluation_questions(),
    )
    keys = np.vstack([loaded.passage_vectors, loaded.window_vectors])
    owners = np.concatenate([np.arange(len(loaded.passages)), loaded.window_owners])
    say(
        f"Tränar frågeadaptern på {len(queries)} syntetiska frågor mot {len(loaded.passages)} stycken "
        f"({len(keys)} vektorer)"
    )
    matrix = train(queries, positives, keys, owners, params, say)
    check = np.asarray(model.encode([CHECK_TEXT], normalize_embeddings=True), dtype=np.float32)[0]
    info = asdict(params) | {"questions": len(queries), "passages": len(loaded.passages)}
    return QueryAdapter(matrix=matrix, check_vector=check, params=info)


def load_adapter(path: Path, model, say=print) -> QueryAdapter | None:
    """The adapter at ``path`` when it exists and was trained on ``model``; None (with a note) otherwise."""
    if not path.is_file():
        say(f"Obs: frågeadaptern {path} saknas; sökningen körs utan den")
        return None
    adapter = QueryAdapter.load(path)
    if not adapter.fits(model):
        say(f"Obs: frågeadaptern {path.name} är tränad på en annan modell; sökningen körs utan den")
        return None
    return adapter


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge.adapter", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="träna frågeadaptern på de syntetiska frågorna i det byggda indexet")
    t.add_argument("--out", type=Path, default=ADAPTER_FILE)
    defaults = TrainingParams()
    t.add_argument("--temperature", type=float, default=defaults.temperature)
    t.add_argument("--l2", type=float, default=defaults.l2)
    t.add_argument("--epochs", type=int, default=defaults.epochs)
    t.add_argument("--learning-rate", type=float, default=defaults.learning_rate)
    args = parser.parse_args(argv)

    from fondassistenten.settings import get_settings
    from knowledge.index import ensure_index, load_model

    settings = get_settings()
    ensure_index(settings.corpus_dir, settings.index_dir, settings.embedding_model_name)
    params = TrainingParams(args.temperature, args.l2, args.epochs, args.learning_rate)
    adapter = train_from_index(settings.index_dir, load_model(settings.embedding_model_name), params)
    adapter.save(args.out)
    print(f"Sparade {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
