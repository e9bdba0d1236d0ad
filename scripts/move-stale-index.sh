#!/usr/bin/env bash
# move-stale-index.sh DIR: moves the Xapian index DIR to DIR.old when it was
# written with another index layout than this source tree's (the writer
# refuses to update it; searchd then rebuilds DIR from its store). Does
# nothing when DIR is missing or of this layout.
set -euo pipefail
index="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
want=$(sed -n 's/.*kLayoutVersion = "\(.*\)";/\1/p' "$root/core/index_layout.h")
[ -d "$index" ] || exit 0
# xapian-metadata prints its errors on stdout: only its success is an answer.
have=$(xapian-metadata get "$index" bridges:layout 2>/dev/null) || exit 0
if [ -n "$have" ] && [ "$have" != "$want" ]; then
  echo "$index has index layout $have, this build writes $want: rebuilding it (the old one is in $index.old)"
  rm -rf "$index.old"
  mv "$index" "$index.old"
fi
