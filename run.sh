#!/usr/bin/env bash
# Installs what is missing, builds, and serves Bridges on http://127.0.0.1:8080
# (BRIDGES_LISTEN overrides) with the curation store data/store.sqlite. The
# first start seeds the store from corpus/ and indexes it; later starts reuse
# the build, the store and the index (changes are made through the API).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
mkdir -p data
# An index of another layout is moved aside; searchd rebuilds it from the store.
scripts/move-stale-index.sh data/index
listen="${BRIDGES_LISTEN:-127.0.0.1:8080}"
echo "Bridges: open http://${listen}/ (curation tokens: build/bin/bridges-admin token create --store data/store.sqlite ...)"
exec build/bin/bridges-searchd --db data/index --store data/store.sqlite --seed corpus --listen "$listen"
