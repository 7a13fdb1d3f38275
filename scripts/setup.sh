#!/usr/bin/env bash
# Create .venv with Python 3.12+ and install crossforce with its test tools, at the versions pinned
# in constraints.txt. Safe to re-run: it reinstalls only when pyproject.toml or constraints.txt
# changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

python_ok() { "$@" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  if [ -n "${PYTHON:-}" ] && python_ok "$PYTHON"; then echo "$PYTHON"; return; fi
  for candidate in python3.13 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then echo "$candidate"; return; fi
  done
  # pyenv installs that are not the global default (as on the project's machines)
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
    if [ -x "$candidate" ] && python_ok "$candidate"; then echo "$candidate"; return; fi
  done
  echo "crossforce needs Python 3.12 or newer; set PYTHON=/path/to/python3.12 and re-run." >&2
  exit 1
}

if [ ! -x .venv/bin/python ] || ! python_ok .venv/bin/python; then
  rm -rf .venv
  "$(find_python)" -m venv .venv
fi

stamp=.venv/.crossforce-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  # the exact versions the tests were last run with (constraints.txt); users installing the
  # package themselves get pyproject.toml's open ranges
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[test]"
  echo "Compiling the model's loops (numba; once, about half a minute)..."
  .venv/bin/python -c "from abm.runner import warm_up; warm_up()"
  touch "$stamp"
fi
