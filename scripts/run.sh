#!/usr/bin/env bash
# Sets up whatever is missing, then runs the assistant: the Rasa server and the web app (which also runs the actions).
source "$(dirname "$0")/common.sh"
"$ROOT/scripts/setup.sh"
step "Startar Fondassistenten"
exec "$APP_VENV/bin/python" -m fondassistenten.launcher "$@"
