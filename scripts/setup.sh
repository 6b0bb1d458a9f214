#!/usr/bin/env bash
# Brings a machine from a fresh clone to a runnable assistant. Every step is skipped when already done.
#   1. checks the prerequisites   2. the Python 3.11 environment   3. the Rasa (Python 3.10) environment
#   4. the embedding model (and its ONNX export for the NLU)   5. the knowledge index   6. the trained Rasa model
source "$(dirname "$0")/common.sh"

step "1/6 Kontrollerar förutsättningar"
PY311="$(find_python 3.11)" || fail "Python 3.11 saknas. Installera den (t.ex. 'pyenv install 3.11') och försök igen."
PY310="$(find_python 3.10)" || fail "Python 3.10 saknas (krävs av Rasa Open Source 3.6). Installera med 'pyenv install 3.10.13'."
info "Python 3.11: $PY311"
info "Python 3.10: $PY310"
command -v gcc >/dev/null || info "Varning: gcc saknas; paket som måste kompileras kan inte installeras."
avail_kb=$(df -Pk "$ROOT" | awk 'NR==2 {print $4}')
[ "$avail_kb" -gt 6000000 ] || fail "Mindre än 6 GB ledigt på disken ($((avail_kb / 1024)) MB). Frigör utrymme först."

install_env() {  # venv python lockfile label [build tools]
    local venv="$1" python="$2" lock="$3" label="$4" tools="${5:-setuptools}" stamp="$1/.lock-sha"
    local want; want="$(sha256sum "$lock" | cut -c1-16)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        info "$label är redan installerad enligt $(basename "$lock")."
        return
    fi
    [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --progress-bar off -q --upgrade "pip<25" wheel "$tools" 2>&1 | quiet_pip
    info "Installerar $(grep -c '==' "$lock") låsta paket för $label (det tar några minuter första gången) ..."
    # The lock is complete (pip freeze), so dependencies are not resolved again.
    "$venv/bin/python" -m pip install --progress-bar off --no-deps -r "$lock" 2>&1 \
        | awk '/^(Collecting|Successfully|ERROR)/ {print "    " $0; fflush()}'
    echo "$want" >"$stamp"
}

# pip on these machines warns about every missing local index folder; keep the rest of its output.
quiet_pip() { awk '!/^WARNING: Location/ {print; fflush()}'; }

step "2/6 Python 3.11-miljön (kunskapsbas, regler, actionserver, webbapp)"
# torch first: the CPU wheel on the machine's disk; an unpinned torch would pull a multi-GB CUDA build.
if [ ! -x "$APP_VENV/bin/python" ] || ! "$APP_VENV/bin/python" -c 'import torch' 2>/dev/null; then
    [ -x "$APP_VENV/bin/python" ] || "$PY311" -m venv "$APP_VENV"
    info "Installerar torch 2.13.0 (CPU) ..."
    "$APP_VENV/bin/python" -m pip install --progress-bar off -q "torch==2.13.0" 2>&1 | quiet_pip
fi
install_env "$APP_VENV" "$PY311" requirements/app.lock "Python 3.11-miljön"

step "3/6 Rasa-miljön (Python 3.10, Rasa Open Source 3.6)"
# Rasa 3.6 imports pkg_resources, which setuptools 81 and later no longer ship.
install_env "$RASA_VENV" "$PY310" requirements/rasa.lock "Rasa-miljön" "setuptools<70"

step "4/6 Språkmodell för svenska (multilingual-e5-small)"
"$APP_VENV/bin/python" -m knowledge prepare-model
# The NLU's e5 featurizer runs the same model with onnxruntime in the Rasa environment (skipped when up to date).
"$APP_VENV/bin/python" -m knowledge export-onnx

step "5/6 Kunskapsindex över fondens dokument"
"$APP_VENV/bin/python" -m knowledge build
"$APP_VENV/bin/python" -m rules.signals train  # the learned signals of the checks (cached by a hash of their data)

step "6/6 Rasa-modellen (NLU och dialog)"
# retrained when the bot's files or the ONNX export (the NLU's e5 features) change (rasa_data_sha, common.sh)
want="$(rasa_data_sha "$DATA_DIR")"
if [ -f "$RASA_MODEL" ] && [ "$(cat "$RASA_MODEL_DIR/.data-sha" 2>/dev/null)" = "$want" ]; then
    info "Rasa-modellen är aktuell."
else
    info "Tränar Rasa-modellen (ungefär en minut) ..."
    mkdir -p "$RASA_MODEL_DIR"
    start=$(date +%s)
    "$RASA_VENV/bin/rasa" train --config config.yml --domain bot/domain --data bot/data \
        --out "$RASA_MODEL_DIR" --fixed-model-name fondassistenten --force 2>&1 \
        | awk '!/Warning|warnings.warn|^[[:space:]]*$/ {print "    " $0; fflush()}'
    [ -f "$RASA_MODEL" ] || fail "Träningen av Rasa-modellen misslyckades (se utskriften ovan)."
    echo "$want" >"$RASA_MODEL_DIR/.data-sha"
    info "Tränad på $(($(date +%s) - start)) s."
fi

step "Chart.js för samordnarnas insiktssida"
# Served by the web app itself from webapp/coordinator/node (never a CDN); without npm the page shows tables only.
if [ ! -f webapp/coordinator/node/node_modules/chart.js/dist/chart.umd.min.js ]; then
    if command -v npm >/dev/null 2>&1; then
        npm ci --prefix webapp/coordinator/node --no-audit --no-fund --loglevel=error
    else
        info "npm saknas: insiktssidan visar tabeller utan diagram."
    fi
fi

step "Klart: allt är installerat"
