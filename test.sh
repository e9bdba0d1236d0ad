#!/usr/bin/env bash
# Installs what is missing, builds and runs every test. Under CI (CI=true)
# warnings are errors.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBRIDGES_WERROR="$werror" >/dev/null
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 900
