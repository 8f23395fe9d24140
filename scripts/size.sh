#!/usr/bin/env bash
# The page's size (docs/results.md, "Page size"): each .wasm that trunk writes to dist/ (the page,
# the sweep and tune panels' app, the sweep worker, the tune worker), raw and gzipped with `gzip -9`, against issue 21's targets.
# Builds first (`trunk build --release`) unless SIZE_NO_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$(pwd)/.tools/node_modules/.bin:$PATH"
if [ -z "${SIZE_NO_BUILD:-}" ]; then
  trunk build --release
fi
printf '%-40s %12s %12s  %s\n' file raw 'gzip -9' target
for f in dist/*.wasm; do
  raw=$(stat -c%s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  case "$f" in
    dist/gossip-playground-*) target=400000 ;;
    dist/sweep-worker_bg.wasm) target=120000 ;;
    # panels_bg.wasm (the sweep and tune panels, loaded after the page) and tune-worker_bg.wasm
    # (started by a tune question) have no target: neither is part of the page's first load.
    *) target= ;;
  esac
  verdict=
  if [ -n "$target" ]; then
    if [ "$gz" -le "$target" ]; then verdict="<= $target"; else verdict="> $target (over)"; fi
  fi
  printf '%-40s %12s %12s  %s\n' "$(basename "$f")" "$raw" "$gz" "$verdict"
done
