#!/usr/bin/env bash
# Run the whole suite. pytest's exit code 5 ("no tests collected") is a failure here:
# CI must never pass silently.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pytest "$@"
rc=$?
if [ "$rc" = 5 ]; then echo "ERROR: no tests were collected" >&2; exit 1; fi
exit "$rc"
