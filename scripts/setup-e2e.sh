#!/usr/bin/env bash
# Prepares a machine for the e2e suites (test/e2e, test/ui): Debian's Chromium and the VS Code
# server bundled in code-server, installed offline. Idempotent: a second run only checks and
# exits in well under a second. Runs as root on a fresh Debian machine (CI); on a developer
# machine where everything is present it needs no root.
set -euo pipefail

started=$(date +%s%N)
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cs_version=4.100.3
# code-server 4.100.3 pins this @vscode/ripgrep, which downloads rg from GitHub at install time.
rg_pkg_version=1.15.11
rg_archive=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
cs_dir="$repo/.vscode-test/code-server"
marker="$cs_dir/.installed-$cs_version"
server_main="$cs_dir/node_modules/code-server/lib/vscode/out/server-main.js"

elapsed() { echo $(( ($(date +%s%N) - started) / 1000000 ))ms; }

# g++/make/python3 build node-pty, kerberos and argon2 from source; kerberos also needs gssapi.h.
# unzip opens the packaged .vsix in test/integration/package.test.ts.
apt_packages=(chromium libkrb5-dev ripgrep g++ make python3 unzip)
missing=()
for p in "${apt_packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-e2e: missing apt packages: ${missing[*]}; run this script as root, or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "setup-e2e: installing apt packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi

if [ -f "$marker" ] && [ -f "$server_main" ]; then
  echo "setup-e2e: code-server $cs_version already installed ($(elapsed))"
  exit 0
fi

echo "setup-e2e: installing code-server $cs_version into ${cs_dir#"$repo"/}"
rm -rf "$cs_dir"
mkdir -p "$cs_dir"
# Its own package.json keeps npm from walking up to the project's manifest and lockfile.
echo '{ "private": true, "description": "VS Code server for the e2e tests (see scripts/setup-e2e.sh)" }' \
  > "$cs_dir/package.json"

# Pre-seed @vscode/ripgrep's download cache with Debian's rg so that nothing is fetched from GitHub.
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$rg_pkg_version"
if [ ! -s "$rg_cache/$rg_archive" ]; then
  mkdir -p "$rg_cache"
  staging=$(mktemp -d)
  cp "$(command -v rg)" "$staging/rg"
  tar -czf "$rg_cache/$rg_archive" -C "$staging" rg
  rm -rf "$staging"
fi

# unsafe_perm: its postinstall refuses to run as root otherwise.
# yes: node-pty's install runs `npx node-gyp`, which aborts without a TTY.
# nodedir: native builds use the installed Node headers instead of downloading them.
export npm_config_unsafe_perm=true npm_config_yes=true
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi
(cd "$cs_dir" && npm install --no-audit --no-fund --loglevel=error "code-server@$cs_version")

if [ ! -f "$server_main" ]; then
  echo "setup-e2e: install finished but $server_main is missing" >&2
  exit 1
fi
touch "$marker"
echo "setup-e2e: code-server $cs_version installed ($(elapsed))"
