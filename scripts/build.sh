#!/usr/bin/env bash
# Builds the wasm core, the public JS package (lib/) and the static site (dist/).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# One build at a time in this tree (parallel shells would race on build/wasm and lib/).
mkdir -p build
exec 9>build/.build.lock
flock 9

if [[ "${SKIP_WASM:-}" == 1 && -f web/engine/generated/losslab.wasm ]]; then
  # For front-end work: keep the wasm core already in web/engine/generated (no C++ changed).
  step "wasm core: kept (SKIP_WASM=1)"
else
  step "wasm core (preset wasm: Emscripten, -msimd128)"
  cmake --preset wasm >/dev/null
  cmake --build --preset wasm --target losslab_wasm -j "$JOBS"
  mkdir -p web/engine/generated
  cp build/wasm/wasm/losslab.js build/wasm/wasm/losslab.wasm web/engine/generated/
fi

step "JS package (lib/): tsc over web/engine"
rm -rf lib
npx tsc -p tsconfig.lib.json
mkdir -p lib/engine/generated
cp web/engine/generated/losslab.js web/engine/generated/losslab.wasm web/engine/generated/losslab.d.ts lib/engine/generated/

step "static site (dist/): vite build"
npx vite build --logLevel warn
# The embed demo is a host page, not part of the site: copied as-is, so it loads the built
# dist/loss-lab-lesson.js exactly as a course page would.
mkdir -p dist/embed-demo
cp web/embed-demo/* dist/embed-demo/

step "single-file lessons (dist/downloads/): vite build -c vite.single.config.ts, then inline"
npx vite build -c vite.single.config.ts --logLevel warn
node scripts/build-single.mjs

wasm_gz=$(gzip -9 -c web/engine/generated/losslab.wasm | wc -c)
glue_gz=$(gzip -9 -c web/engine/generated/losslab.js | wc -c)
awk -v w="$wasm_gz" -v g="$glue_gz" 'BEGIN { printf "wasm core size, gzipped: %d B wasm + %d B glue = %.1f KB (budget 150 KB)\n", w, g, (w + g) / 1000 }'
