# Shared helpers for the set-up, run and test scripts. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export RASA_TELEMETRY_ENABLED=false
export OMP_WAIT_POLICY=PASSIVE
export TOKENIZERS_PARALLELISM=false
export HF_HUB_OFFLINE=1
export TRANSFORMERS_OFFLINE=1
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
export SQLALCHEMY_SILENCE_UBER_WARNING=1

APP_VENV="$ROOT/.venv"
RASA_VENV="$ROOT/.venv-rasa"
DATA_DIR="${FOND_DATA_DIR:-$ROOT/var}"
RASA_MODEL_DIR="$DATA_DIR/rasa/models"
RASA_MODEL="$RASA_MODEL_DIR/fondassistenten.tar.gz"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf '\n\033[31mFEL: %s\033[0m\n' "$*" >&2; exit 1; }

# Python 3.11 for the app, 3.10 for Rasa: PATH first, then pyenv's usual place.
find_python() {
    local version="$1" candidate
    for candidate in "python$version" "$HOME/.pyenv/versions/$version"*/bin/"python$version"; do
        # pyenv's shims exist on PATH even when the version is not selected: check that it really runs.
        if "$candidate" -c 'import sys, venv; sys.exit(0)' >/dev/null 2>&1; then
            "$candidate" -c 'import sys; print(sys.executable)'
            return 0
        fi
    done
    return 1
}

# Hash of files (sorted names + contents), to decide whether a step must run again.
hash_files() {
    find "$@" -type f ! -name '*.pyc' -print0 2>/dev/null | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
}

# The trained Rasa model's stamp (.data-sha): the bot's files (names relative to the repository) and, by contents
# only, the source.json of the ONNX export the NLU's e5 features come from (the hashes of the model files). No
# resolved path goes in, so a data dir copied or linked elsewhere does not retrain.
rasa_data_sha() {  # data dir
    local source; source="$(readlink -f "$1/models/multilingual-e5-small" || true)-onnx/source.json"
    { hash_files config.yml bot/domain bot/data bot/components; cat "$source" 2>/dev/null || true; } \
        | sha256sum | cut -c1-16
}
