# Shared by the scripts: the repository root, logging, and Emscripten's environment.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Debian's emcc needs Debian's acorn (../shared/TOOLCHAIN.md, pitfall 1). Harmless elsewhere.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
