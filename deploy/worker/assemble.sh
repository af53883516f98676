#!/usr/bin/env bash
# The Node worker's file tree, as its image holds it: the workflows package with its production
# dependencies from the lockfile (pnpm deploy, with the workspace's own @pitwall/db copied in rather than
# linked), and db's sources and migrations beside it, where the worker looks for them (the warehouse's
# migrations and the result cache's code version). Usage: assemble.sh <out>; then, in <out>/workflows,
# `node --import tsx src/worker.ts`. Offline once pnpm's store holds the packages (`pnpm fetch`).
set -euo pipefail
out="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out"
mkdir -p "$out/db"
cd "$root"
pnpm --config.inject-workspace-packages=true --filter @pitwall/workflows deploy --prod --prefer-offline \
  --reporter=append-only "$out/workflows" >/dev/null
cp -r db/package.json db/src db/migrations "$out/db/"
rm -rf "$out/workflows/test" "$out/workflows/eval"
