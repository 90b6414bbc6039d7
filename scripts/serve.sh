#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the web app and serves it on 127.0.0.1.
#   scripts/serve.sh [PORT]      (default 8080)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
port="${1:-8080}"
scripts/install-deps.sh --web-only
export NODE_PATH=/usr/share/nodejs EMSDK_PYTHON=/usr/bin/python3   # Debian's emcc finds acorn there
cmake --preset wasm-release -DMM_BUILD_TESTS=OFF >/dev/null
cmake --build --preset wasm-release --target modelmeter_app
exec node scripts/serve.mjs build/wasm/site --port "$port"
