#!/usr/bin/env bash
# npm run bench [-- options]: builds the benchmark's three builds of the same C++ (wasm SIMD128,
# wasm scalar, native), then measures them against plain JS and TensorFlow.js in one run and
# prints ratio tables (bench/run.mjs; results in bench/results/latest.json).
#   --browser            run the browser benchmark of the lessons instead (bench/browser.mjs; needs npm run build)
#   --quick              fewer sizes, for a smoke test (not for reported figures)
#   --skip-build         reuse build/bench-* as they are
# See bench/README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

browser=0
for arg in "$@"; do
  [[ "$arg" == "--browser" ]] && browser=1
done
if [[ $browser == 1 ]]; then
  exec node bench/browser.mjs "$@"
fi

skip_build=0
for arg in "$@"; do
  [[ "$arg" == "--skip-build" ]] && skip_build=1
done

if [[ $skip_build == 0 ]]; then
  common=(-DLOSSLAB_BENCH=ON -DLOSSLAB_TESTS=OFF)
  step "bench build 1/3: native (Release, the same C++)"
  cmake --preset native -B build/bench-native "${common[@]}" >/dev/null
  cmake --build build/bench-native --target losslab_bench_native -j "$JOBS"
  step "bench build 2/3: wasm with SIMD128"
  cmake --preset wasm -B build/bench-wasm "${common[@]}" >/dev/null
  cmake --build build/bench-wasm --target losslab_bench -j "$JOBS"
  step "bench build 3/3: wasm without SIMD (same source)"
  cmake --preset wasm-scalar -B build/bench-wasm-scalar "${common[@]}" >/dev/null
  cmake --build build/bench-wasm-scalar --target losslab_bench -j "$JOBS"
fi

step "benchmark (median of >= 15 runs after warm-up; this takes a few minutes)"
exec node bench/run.mjs "$@"
