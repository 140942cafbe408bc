#!/usr/bin/env bash
# Installs everything Loss Lab needs that is missing, and nothing else. Safe to run again.
#   System (Debian/Ubuntu, as root or with passwordless sudo): emscripten, libxtensor-dev,
#   libxsimd-dev, catch2, chromium, cmake, g++, wabt, python3-torch, python3-sklearn; with apt also
#   mkdocs (only the MkDocs embedding guide's test uses it; elsewhere it is optional) and xvfb
#   (the browser benchmark's virtual display).
#   npm: the locked dependencies.
# Elsewhere it stops and says exactly what to install.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

missing=()
have() { command -v "$1" >/dev/null 2>&1; }
have em++ || missing+=(emscripten)
[ -f /usr/include/xtensor/xtensor.hpp ] || [ -f /usr/local/include/xtensor/xtensor.hpp ] || missing+=(libxtensor-dev)
[ -d /usr/include/xsimd ] || [ -d /usr/local/include/xsimd ] || missing+=(libxsimd-dev)
[ -f /usr/include/catch2/catch.hpp ] || [ -f /usr/local/include/catch2/catch.hpp ] || missing+=(catch2)
[ -x "$CHROMIUM_PATH" ] || missing+=(chromium)
have cmake || missing+=(cmake)
have g++ || missing+=(g++)
have wasm2wat || missing+=(wabt)
have gzip || missing+=(gzip)
# The "Copy as code" harness (tests/web/copy-as-code.test.ts) runs the generated scripts with
# Debian's python3 and its PyTorch and scikit-learn.
/usr/bin/python3 -c 'import torch, sklearn' >/dev/null 2>&1 || missing+=(python3-torch python3-sklearn)
# Optional: installed with the others when apt can, never a reason to stop.
optional=()
have mkdocs || optional+=(mkdocs)
# The browser benchmark runs Chromium headed on this virtual display (npm run bench -- --browser).
have xvfb-run || optional+=(xvfb)

can_apt=false
if have apt-get && { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then can_apt=true; fi
if $can_apt; then
  missing+=("${optional[@]}")
elif ((${#optional[@]})); then
  echo "Optional, not installed: ${optional[*]} (mkdocs: the MkDocs embedding test, pip install mkdocs; xvfb: the browser benchmark's headed Chromium)" >&2
fi

if ((${#missing[@]})); then
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo -n)
  if have apt-get && { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then
    step "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    cat >&2 <<MSG
Loss Lab needs these packages, which are missing: ${missing[*]}
On Debian 12 / Ubuntu 22.04+, run as root:
  apt-get update && apt-get install -y ${missing[*]}
Elsewhere install: a recent Emscripten (emsdk works instead of Debian's emscripten: source
emsdk_env.sh first), xtensor >= 0.24 with xtl and xsimd, Catch2 v2, CMake >= 3.21, a C++17
compiler, Chromium (set CHROMIUM_PATH if it is not /usr/bin/chromium), and wabt (wasm2wat).
MSG
    exit 1
  fi
fi

if ! have node || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "Loss Lab needs Node.js >= 20.19 with npm (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "Install it from your distribution or nodejs.org, then run this command again." >&2
  exit 1
fi

# npm ci when node_modules is missing or older than the lockfile. Never through a link: npm ci
# empties node_modules first, so a worktree whose node_modules links to another checkout's would
# empty that one (it happened once, for every tree sharing it).
if [ -L node_modules ]; then
  if [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: node_modules is a link to $(readlink node_modules); not reinstalling it from here" >&2
  fi
elif [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
