#!/usr/bin/env bash
# Regenerate the hash-pinned lock files from pyproject.toml, for Linux x86_64 / CPython 3.11:
#   requirements/runtime.lock   the project's dependencies
#   requirements/dev.lock       the same plus the `dev` extra
#
#   scripts/lock_deps.sh              keep the current pins where still allowed, add what is missing
#   scripts/lock_deps.sh --upgrade    move every pin to the newest version pyproject.toml allows
#   scripts/lock_deps.sh --upgrade-package NAME[==VERSION] ...   move only these
#
# Resolution and hashes come from PyPI only: every local pip setting (pip.conf, PIP_* variables,
# file:// mirrors, --find-links folders, constraint files) is switched off, so that the sha256 of each
# pin is the one of the real PyPI files and `pip install --require-hashes -r requirements/dev.lock`
# works on a fresh machine that reaches only PyPI.
# runtime.lock is resolved after dev.lock and starts from its pins, so the two agree on every version.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
INDEX_URL="${SENIM_LOCK_INDEX_URL:-https://pypi.org/simple}"

"$PYTHON" - <<'PY'
import platform
import sys

if sys.version_info[:2] != (3, 11) or platform.system() != "Linux" or platform.machine() != "x86_64":
    sys.exit(f"lock_deps: the locks are for Linux x86_64 / CPython 3.11, not {platform.system()} "
             f"{platform.machine()} / {platform.python_version()}")
PY

extra_args=()
while (($#)); do
    case "$1" in
        --upgrade) extra_args+=(--upgrade) ;;
        --upgrade-package) shift; extra_args+=(--upgrade-package "$1") ;;
        *) echo "lock_deps: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

# Nothing from this machine's pip configuration: PyPI alone.
export PIP_CONFIG_FILE=/dev/null
unset PIP_FIND_LINKS PIP_EXTRA_INDEX_URL PIP_INDEX_URL PIP_CONSTRAINT PIP_NO_INDEX PIP_REQUIRE_HASHES || true
export CUSTOM_COMPILE_COMMAND="scripts/lock_deps.sh"

compile() {
    "$PYTHON" -m piptools compile --quiet --resolver=backtracking \
        --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
        --index-url "$INDEX_URL" \
        "${extra_args[@]}" "$@" pyproject.toml
}

compile --extra dev --output-file requirements/dev.lock

# The runtime lock starts from the dev lock's pins (pip-compile keeps the pins it finds in its output
# file), so it resolves to the same versions minus what only the dev extra needs.
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
cp requirements/dev.lock "$tmp"
cp "$tmp" requirements/runtime.lock
extra_args=()
compile --output-file requirements/runtime.lock

echo "lock_deps: wrote requirements/runtime.lock ($(grep -c '^[A-Za-z0-9]' requirements/runtime.lock) pins)" \
     "and requirements/dev.lock ($(grep -c '^[A-Za-z0-9]' requirements/dev.lock) pins)"
