#!/usr/bin/env bash
# Installs what is missing, builds, indexes corpus/ and serves Bridges on
# http://127.0.0.1:8080 (BRIDGES_LISTEN overrides). Re-runs reuse the build
# and skip unchanged documents.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
mkdir -p data
status=0
build/bin/bridges-indexer --db data/index --prune corpus || status=$?
if [ "$status" -ge 2 ]; then
  echo "run.sh: indexing failed (exit $status)" >&2
  exit "$status"
fi
listen="${BRIDGES_LISTEN:-127.0.0.1:8080}"
echo "Bridges: open http://${listen}/"
exec build/bin/bridges-searchd --db data/index --listen "$listen"
