#!/usr/bin/env bash
# Installs what is missing, builds everything, and serves the lab from dist/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash scripts/setup.sh
bash scripts/build.sh
port="${PORT:-5173}"
step "Serving Loss Lab"
echo "Loss Lab is at: http://localhost:${port}/   (Ctrl+C stops it)"
exec npx vite preview --port "$port" --strictPort --host "${HOST:-localhost}"
