#!/usr/bin/env bash
# Sets up whatever is missing, then prints every benchmark's figures.
source "$(dirname "$0")/common.sh"
"$ROOT/scripts/setup.sh"
for bench in search_benchmark nlu_benchmark chat_benchmark; do
    step "benchmarks/$bench.py"
    "$APP_VENV/bin/python" "benchmarks/$bench.py"
done
