#!/usr/bin/env bash
# scripts/move-stale-index.sh, which ./run.sh runs before searchd: a missing
# index and one of this layout are left alone; one of another layout is moved
# aside. Usage: move_stale_index_test.sh SOURCE_DIR INDEXER
set -euo pipefail
source_dir="$1" indexer="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
check="$source_dir/scripts/move-stale-index.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$check" "$work/index" || fail "a missing index is not an error"
[ ! -e "$work/index.old" ] || fail "nothing to move aside"

printf '{"id":"a","work":"a","type":"report","lang":"en","title":"A"}\n' >"$work/a.jsonl"
"$indexer" --quiet --db "$work/index" "$work/a.jsonl"
"$check" "$work/index" || fail "an index of this layout is not an error"
[ -d "$work/index" ] && [ ! -e "$work/index.old" ] || fail "an index of this layout stays where it is"

xapian-metadata set "$work/index" bridges:layout 0
out=$("$check" "$work/index")
[ ! -e "$work/index" ] && [ -d "$work/index.old" ] || fail "an index of another layout is moved aside"
case "$out" in *"has index layout 0"*) ;; *) fail "it says why: $out" ;; esac
echo "ok"
