#!/usr/bin/env bash
# Creates the Python environment bench/keras_bench.py runs in: .bench-venv/ at the repo root
# (git-ignored). Uses whatever index pip is configured for on this machine, so it works
# offline against a local mirror. Idempotent: an existing venv that imports keras is kept.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${BENCH_VENV:-$ROOT/.bench-venv}"
PY="${PYTHON:-python3}"

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import keras, tensorflow, numpy' 2>/dev/null; then
  echo "keras venv ready: $VENV"
  exit 0
fi
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet tensorflow-cpu keras numpy
"$VENV/bin/python" - <<'PY'
import keras, tensorflow as tf, numpy as np
print(f"keras {keras.__version__}, tensorflow {tf.__version__}, numpy {np.__version__}")
PY
echo "keras venv ready: $VENV"
