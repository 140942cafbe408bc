# Shared by the scripts: the repository root, logging, and Emscripten's environment.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Debian's emcc needs Debian's acorn (../shared/TOOLCHAIN.md, pitfall 1). Harmless elsewhere.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"

# Each step prints the wall time since the first script started, so a CI log shows where it goes.
export LOSSLAB_T0="${LOSSLAB_T0:-$(date +%s)}"
step() { printf '\n\033[1m== [%ss] %s\033[0m\n' "$(( $(date +%s) - LOSSLAB_T0 ))" "$*"; }
