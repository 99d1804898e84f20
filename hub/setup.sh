#!/usr/bin/env bash
# Install the proxy JupyterHub runs in front of the hub and the students' servers
# (configurable-http-proxy, from the npm registry) at the exact version in hub/package-lock.json,
# into hub/node_modules/ (gitignored). JupyterHub itself comes from requirements.txt.
# Idempotent: a stamp (hash of the lock file) skips `npm ci` when nothing changed.
#   bash hub/setup.sh      # ./dev setup runs it
# Point a hub at it with: c.ConfigurableHTTPProxy.command = ["<repo>/hub/node_modules/.bin/configurable-http-proxy"]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stamp="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [[ -f "$here/node_modules/.claimlab-lock" && "$(cat "$here/node_modules/.claimlab-lock")" == "$stamp" ]]; then
    echo "hub: configurable-http-proxy already matches package-lock.json"
    exit 0
fi
command -v npm >/dev/null || { echo "hub/setup.sh: npm not found (install Node.js 20+ and npm)" >&2; exit 1; }
echo "hub: npm ci (configurable-http-proxy at the version in package-lock.json)"
(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
"$here/node_modules/.bin/configurable-http-proxy" --version >/dev/null
echo "$stamp" > "$here/node_modules/.claimlab-lock"
