#!/usr/bin/env bash
# Install crossforce if needed and start the workshop dashboard on http://127.0.0.1:8765
# (works offline). Pass --host 0.0.0.0 to serve the room's network; --port to change the port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/crossforce dashboard "$@"
