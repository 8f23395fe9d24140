#!/usr/bin/env bash
# The README's serve command: setup, then build the app and serve it on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$(pwd)/.tools/node_modules/.bin:$PATH"
echo
echo "gossip-playground: serving on http://127.0.0.1:8080/ (Ctrl-C stops)"
exec trunk serve --release --address 127.0.0.1 --port 8080 "$@"
