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
# An index written by a build with another index layout is rebuilt from the
# corpus (the indexer refuses to update it); the old one is kept beside it.
want=$(sed -n 's/.*kLayoutVersion = "\(.*\)";/\1/p' core/index_layout.h)
have=$(xapian-metadata get data/index bridges:layout 2>/dev/null || true)
if [ -n "$have" ] && [ "$have" != "$want" ]; then
  echo "run.sh: data/index has index layout $have, this build writes $want: rebuilding it (old one in data/index.old)"
  rm -rf data/index.old && mv data/index data/index.old
fi
status=0
build/bin/bridges-indexer --db data/index --prune corpus || status=$?
if [ "$status" -ge 2 ]; then
  echo "run.sh: indexing failed (exit $status)" >&2
  exit "$status"
fi
listen="${BRIDGES_LISTEN:-127.0.0.1:8080}"
echo "Bridges: open http://${listen}/"
exec build/bin/bridges-searchd --db data/index --listen "$listen"
