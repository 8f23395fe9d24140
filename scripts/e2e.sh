#!/usr/bin/env bash
# End-to-end tests that act like a person: builds the release page (trunk build --release into
# dist/), then runs tests/e2e/ with pytest. Each test serves dist/ on a free loopback port and
# drives headless Chromium through /usr/bin/chromedriver with real key presses and clicks.
# E2E_DIST=path runs them against another build; E2E_NO_BUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$(pwd)/.tools/node_modules/.bin:$PATH"
if [ -z "${E2E_NO_BUILD:-}" ] && [ -z "${E2E_DIST:-}" ]; then
  trunk build --release
fi
export SE_OFFLINE=true
exec .tools/venv/bin/python -m pytest tests/e2e -p no:cacheprovider "$@"
