#!/usr/bin/env bash
# npm run pack [-- <folder>]: the installable package, loss-lab-<version>.tgz, from the built
# dist/ (custom element, iframe pages, single-file lessons) and lib/ (the JS API with types).
# Build first (npm run build); this script only checks that the build is there and packs it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for f in dist/loss-lab-lesson.js dist/loss-lab-figure.js dist/lesson.html dist/figure.html dist/figures.html lib/engine/index.js lib/engine/index.d.ts types/element.d.ts; do
  [ -e "$f" ] || { echo "pack: $f is missing; run npm run build first" >&2; exit 1; }
done
ls dist/downloads/*.html >/dev/null 2>&1 || { echo "pack: dist/downloads/ has no single-file lessons; run npm run build first" >&2; exit 1; }
dest="${1:-.}"
mkdir -p "$dest"
npm pack --pack-destination "$dest" --silent
