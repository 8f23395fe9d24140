#!/usr/bin/env bash
# Installs everything gossip-playground needs, skipping what is already there at the right
# version: the wasm32 target, trunk, wasm-bindgen-cli (the version in Cargo.lock), binaryen's
# wasm-opt (from npm, into .tools/), Debian's chromium + chromium-driver, and Python's
# selenium (from PyPI, into a virtual environment in .tools/venv) for the end-to-end tests.
# Idempotent: a second run only checks versions and takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
# 4.52.0 needs a certifi release the registry reachable here does not carry yet.
SELENIUM_VERSION=4.51.0
PYTEST_VERSION=8.4.2

last=$SECONDS
step() { printf '\n==> %s   (previous step: %ss)\n' "$*" "$((SECONDS - last))"; last=$SECONDS; }
export PATH="$HOME/.cargo/bin:$root/.tools/node_modules/.bin:$PATH"

step "wasm32-unknown-unknown target"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "already installed"
else
  rustup target add wasm32-unknown-unknown
fi

step "trunk $TRUNK_VERSION"
if trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  echo "already installed"
else
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

step "wasm-bindgen-cli (the version in Cargo.lock)"
[ -f Cargo.lock ] || cargo generate-lockfile --offline 2>/dev/null || cargo generate-lockfile
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
  echo "could not read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION\$" &&
   wasm-bindgen-test-runner --version 2>/dev/null | grep -q " $WB_VERSION\$"; then
  echo "already installed ($WB_VERSION)"
else
  # Not --locked: the CLI's own lock file names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

step "wasm-opt (binaryen $BINARYEN_VERSION from npm, into .tools/)"
if [ -x .tools/node_modules/.bin/wasm-opt ] &&
   .tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  echo "already installed"
else
  mkdir -p .tools
  (cd .tools && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
    npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION")
fi

step "chromium and chromium-driver (Debian)"
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "already installed"
else
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver
fi

step "selenium $SELENIUM_VERSION and pytest $PYTEST_VERSION (PyPI, into .tools/venv)"
if [ -x .tools/venv/bin/python ] &&
   .tools/venv/bin/python -c "import selenium, pytest, sys; sys.exit(selenium.__version__ != '$SELENIUM_VERSION' or pytest.__version__ != '$PYTEST_VERSION')" 2>/dev/null; then
  echo "already installed"
else
  mkdir -p .tools
  [ -x .tools/venv/bin/python ] || python3 -m venv .tools/venv
  .tools/venv/bin/python -m pip install --quiet --disable-pip-version-check "selenium==$SELENIUM_VERSION" "pytest==$PYTEST_VERSION"
fi

step "ready"
echo "trunk $(trunk --version | awk '{print $2}'), wasm-bindgen $(wasm-bindgen --version | awk '{print $2}'), $(wasm-opt --version), $(chromium --version 2>/dev/null | head -1), selenium $(.tools/venv/bin/python -c 'import selenium; print(selenium.__version__)')"
