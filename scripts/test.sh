#!/usr/bin/env bash
# Every test: native Catch2 under ASan+UBSan, the same tests as wasm (-O3) under Node, the JS API
# under Node, and the site in Chromium with Playwright. Installs what is missing first.
# One part only:  bash scripts/test.sh native|sanitize|wasm|web  (native, the optimised native
# build, runs only when asked: CI's time goes to the sanitised and wasm builds of the same tests.)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
only="${1:-all}"
want() { [ "$only" = all ] || [ "$only" = "$1" ]; }

bash scripts/setup.sh

run_ctest() {  # preset
  step "ctest --preset $1"
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1" -j "$JOBS"
  ctest --preset "$1" -j "$JOBS"
}

[ "$only" = native ] && run_ctest native
want sanitize && run_ctest native-debug
want wasm && run_ctest wasm

if want web; then
  bash scripts/build.sh
  step "the wasm module is the SIMD build (wasm2wat shows v128 instructions)"
  simd_ops=$(wasm2wat --enable-all web/engine/generated/losslab.wasm | grep -c 'v128\|i32x4\|f32x4\|f64x2' || true)
  echo "SIMD instructions in losslab.wasm: $simd_ops"
  [ "$simd_ops" -gt 0 ] || { echo "losslab.wasm has no SIMD instructions" >&2; exit 1; }

  step "TypeScript typecheck (tsc --noEmit)"
  npx tsc --noEmit -p tsconfig.json && echo "typecheck: no errors"

  step "JS API under Node (vitest)"
  npx vitest run --reporter=default

  step "site in Chromium (Playwright)"
  npx playwright test
fi
step "all tests passed"
