#!/usr/bin/env bash
# Makes this machine ready for Pit Wall and puts the project's tools on PATH.
# Source it (`. scripts/bootstrap.sh`): every step is skipped when already done, so a second run is cheap.
#   PITWALL_BROWSER=1  also install Chromium (browser tests need it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_MAJOR=24
PNPM_VERSION=10.34.9
TEMPORAL_VERSION=v1.5.1
SCHEMATHESIS_VERSION=4.32.5
mkdir -p "$TOOLS/bin"
export PATH="$TOOLS/bin:$TOOLS/node/node_modules/.bin:$TOOLS/pnpm/node_modules/.bin:$PATH"
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false

step() { printf '\033[1m• %s\033[0m\n' "$*"; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  step "Node $NODE_MAJOR into .tools/node (the machine has $(node --version 2>/dev/null || echo none))"
  npm install --silent --no-fund --no-audit --prefix "$TOOLS/node" "node@$NODE_MAJOR" >/dev/null
  hash -r
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  step "pnpm $PNPM_VERSION into .tools/pnpm"
  npm install --silent --no-fund --no-audit --prefix "$TOOLS/pnpm" "pnpm@$PNPM_VERSION" >/dev/null
  hash -r
fi

# Dependencies: reinstall only when the lockfile or a manifest changed since the last install.
stamp="$TOOLS/install.stamp"
want="$(cat "$ROOT/pnpm-lock.yaml" "$ROOT"/package.json "$ROOT"/*/package.json 2>/dev/null | sha256sum | cut -c1-64)"
if [ ! -d "$ROOT/node_modules" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  step "dependencies (pnpm install)"
  (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=append-only | tail -n 5)
  echo "$want" >"$stamp"
fi

if ! command -v temporal >/dev/null 2>&1; then
  step "Temporal CLI $TEMPORAL_VERSION into .tools/bin (go install)"
  command -v go >/dev/null || { echo "Go is needed to install the Temporal CLI" >&2; exit 1; }
  GOBIN="$TOOLS/bin" CGO_ENABLED=0 GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_VERSION"
fi

# Schemathesis (the API tests' OpenAPI fuzzer) comes from PyPI, in a virtualenv of its own. A Python without
# venv's pip (Debian's python3 without python3-venv) installs it into a folder that a small `st` runs from.
if [ "$("$TOOLS/schemathesis/bin/st" --version 2>/dev/null || true)" != "st, version $SCHEMATHESIS_VERSION" ]; then
  step "Schemathesis $SCHEMATHESIS_VERSION into .tools/schemathesis (pip)"
  command -v python3 >/dev/null || { echo "Python 3 is needed to install Schemathesis" >&2; exit 1; }
  rm -rf "$TOOLS/schemathesis"
  if python3 -m venv "$TOOLS/schemathesis" >/dev/null 2>&1; then
    "$TOOLS/schemathesis/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  else
    rm -rf "$TOOLS/schemathesis"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target "$TOOLS/schemathesis/lib" \
      "schemathesis==$SCHEMATHESIS_VERSION"
    mkdir -p "$TOOLS/schemathesis/bin"
    printf '#!/bin/sh\nPYTHONPATH="%s" exec python3 -c "from schemathesis.cli import schemathesis; schemathesis(prog_name=\"st\")" "$@"\n' \
      "$TOOLS/schemathesis/lib" >"$TOOLS/schemathesis/bin/st"
    chmod +x "$TOOLS/schemathesis/bin/st"
  fi
fi

if [ "${PITWALL_BROWSER:-0}" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  step "Chromium (apt)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq chromium >/dev/null
fi

# The site is served by the Worker from site/build; build it when its sources are newer.
if [ ! -f "$ROOT/site/build/index.html" ] || [ -n "$(find "$ROOT/site/src" "$ROOT/db/src/contracts" -newer "$ROOT/site/build/index.html" -type f -print -quit)" ]; then
  step "site build"
  (cd "$ROOT" && pnpm --filter @pitwall/site build >/dev/null)
fi
