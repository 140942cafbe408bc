#!/usr/bin/env bash
# npm run bench [-- options]: builds the benchmark's three builds of the same C++ (wasm SIMD128,
# wasm scalar, native), then measures them against plain JS and TensorFlow.js in one run and
# prints ratio tables (bench/run.mjs; results in bench/results/latest.json), then the training
# steps and the public lab.loss routes against tfjs-layers and ConvNetJS (bench/issue15.mjs, which
# needs the JS package in lib/: built here by scripts/build.sh; results in bench/results/issue15.json).
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
  # Headed Chromium on a virtual display when xvfb-run is there: headless Chromium reports some
  # interactions hundreds of ms late (see bench/dist-server.mjs), so its INP is not what a learner feels.
  if [[ -z "${DISPLAY:-}" ]] && command -v xvfb-run >/dev/null 2>&1; then
    exec xvfb-run -a env LOSSLAB_HEADED=1 node bench/browser.mjs "$@"
  fi
  [[ -n "${DISPLAY:-}" ]] && export LOSSLAB_HEADED=1
  [[ -z "${DISPLAY:-}" ]] && echo "bench: no display and no xvfb-run (apt-get install xvfb): measuring headless, where INP can be inflated" >&2
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
  step "bench build: the wasm core and the JS package (scripts/build.sh), for lab.session and lab.loss"
  bash scripts/build.sh
fi

step "benchmark (median of >= 15 runs after warm-up; this takes a few minutes)"
status=0
node bench/run.mjs "$@" || status=$?
if [[ " $* " != *" --only"* ]]; then
  step "issue 15: training steps and lab.loss routes through the public API (bench/issue15.mjs)"
  node bench/issue15.mjs "$@" || status=$?
fi
exit $status
