#!/usr/bin/env bash
# The README's test command: setup, then formatting, lints, native tests of the whole
# workspace, the browser tests in headless Chromium, and the end-to-end tests that type and
# click like a person (scripts/e2e.sh). Fails if any of them fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$(pwd)/.tools/node_modules/.bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}

last=$SECONDS
step() { printf '\n==> %s   (previous step: %ss)\n' "$*" "$((SECONDS - last))"; last=$SECONDS; }
step "cargo fmt --check"
cargo fmt --all --check
step "cargo clippy (native, whole workspace)"
cargo clippy --workspace --all-targets -- -D warnings
step "cargo clippy (wasm32, the app and its browser tests)"
cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
step "native tests (engine, scenario, analysis)"
cargo test --workspace
step "statistical analysis tests (release: thousands of runs each)"
cargo test --release -p gossip-sim --test analysis
step "browser tests (wasm-bindgen-test in headless Chromium)"
cargo test --target wasm32-unknown-unknown
step "end-to-end tests (release build, real key presses and clicks in headless Chromium)"
bash scripts/e2e.sh
step "all checks passed"
