#!/usr/bin/env bash
# Sets up whatever is missing, then runs lint and the whole test suite (unit, rules scenarios, Rasa test
# stories, end-to-end over real servers, the chat page in headless Chromium, schemathesis fuzzing of the API).
# Extra arguments go to pytest.
#
# A skipped test fails the run unless it is listed, with its reason, in tests/allowed_skips.yaml; a test that
# writes into the real var/ fails it too (tests/conftest.py). FOND_STRICT_SKIPS=0 turns both off.
source "$(dirname "$0")/common.sh"
"$ROOT/scripts/setup.sh"

step "Chromium och axe-core för test av chattsidan"
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        info "Installerar Debians chromium och chromium-driver ..."
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            chromium chromium-driver >/dev/null
    else
        info "chromium saknas och kan inte installeras här: testerna av chattsidan kan inte köras och"
        info "körningen misslyckas (installera Debians chromium och chromium-driver)."
    fi
fi

step "PostgreSQL och Redis för testet av flera Rasa-servrar (tests/e2e/test_scale_out.py)"
# The test starts its own servers on loopback with their own data directories; nothing is configured system-wide.
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        info "Installerar Debians postgresql och redis-server ..."
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            postgresql redis-server >/dev/null
    else
        info "postgresql eller redis-server saknas och kan inte installeras här: testet av flera Rasa-servrar"
        info "kan inte köras och körningen misslyckas (installera Debians postgresql och redis-server)."
    fi
fi

if [ ! -f tests/e2e/node/node_modules/axe-core/axe.min.js ]; then
    if command -v npm >/dev/null 2>&1; then
        info "Installerar axe-core (tillgänglighetskontroll av chattsidan) ..."
        npm ci --prefix tests/e2e/node --no-audit --no-fund --loglevel=error
    else
        info "npm saknas: tillgänglighetskontrollen av chattsidan kan inte köras och körningen misslyckas."
    fi
fi

step "Lint (ruff), typkontroll (mypy) och importkontrakt (import-linter)"
"$APP_VENV/bin/ruff" check .
"$APP_VENV/bin/ruff" format --check .
"$APP_VENV/bin/mypy"
"$APP_VENV/bin/lint-imports"

step "Tester (pytest)"
export FOND_STRICT_SKIPS="${FOND_STRICT_SKIPS:-1}"
"$APP_VENV/bin/python" -m pytest "$@"
