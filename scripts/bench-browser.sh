#!/usr/bin/env bash
# Frame-time benchmark in headless Chromium: prints p50/p95/max of one frame's work (simulation
# step + drawing) for large clusters at 1x. Built with the page's profile (Cargo.toml [profile.page]), so the figures match the served page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
export PATH="$HOME/.cargo/bin:$(pwd)/.tools/node_modules/.bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
# The runner gives up on a test after 20 s by default; the member-limit rows warm up longer.
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-900}
cargo test --profile page --target wasm32-unknown-unknown --test frame_bench -- --include-ignored --nocapture
