#!/usr/bin/env bash
# Sets up whatever is missing, then prints every benchmark's figures: retrieval quality and speed, the speed
# of the checks, NLU accuracy per pipeline (DIET takes minutes), and the chat's latency over REST.
source "$(dirname "$0")/common.sh"
"$ROOT/scripts/setup.sh"
# locust for the load benchmark, from its own lock file (its other dependencies are in app.lock)
"$APP_VENV/bin/pip" install -q --no-deps -r requirements/bench.lock
step "benchmarks/search_benchmark.py"
"$APP_VENV/bin/python" benchmarks/search_benchmark.py
step "benchmarks/checks_speed.py"
"$APP_VENV/bin/python" benchmarks/checks_speed.py
step "benchmarks/nlu_benchmark.py (Rasa-miljön)"
"$RASA_VENV/bin/python" benchmarks/nlu_benchmark.py 2>&1 | awk '!/\[debug|Warning|warnings.warn|More info/'
step "benchmarks/insights_benchmark.py (100 000 sparade frågor)"
"$APP_VENV/bin/python" benchmarks/insights_benchmark.py
step "benchmarks/chat_benchmark.py"
"$APP_VENV/bin/python" benchmarks/chat_benchmark.py
step "benchmarks/locust_benchmark.py (last: chatt, sök, kontroller, export; 1–3 s betänketid)"
"$APP_VENV/bin/python" benchmarks/locust_benchmark.py --users 20,40,60,80 --seconds 60
