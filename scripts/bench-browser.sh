#!/usr/bin/env bash
# Frame-time benchmark in headless Chromium: prints p50/p95/max of one frame's work (simulation
# step + drawing) for large clusters at 1x. Release build, so the figures match the served page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
export PATH="$HOME/.cargo/bin:$(pwd)/.tools/node_modules/.bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
cargo test --release --target wasm32-unknown-unknown --test frame_bench -- --include-ignored --nocapture
