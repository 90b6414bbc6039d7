#!/usr/bin/env bash
# The README's second command: installs what is missing, builds native and wasm, runs every test:
# native ctest (core Catch2 tests, layering check, CLI smoke tests, bad-input table, desktop app under
# Xvfb), the same suite under ASan + UBSan, and wasm ctest
# (the same core tests under node, the embind module under node, the page in headless Chromium).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install-deps.sh
export NODE_PATH=/usr/share/nodejs EMSDK_PYTHON=/usr/bin/python3

echo "== native build and tests"
cmake --preset native-release
cmake --build --preset native-release
ctest --preset native-release

echo "== fuzz targets (clang, libFuzzer + ASan + UBSan): seeds, reproducers and 20 s of fuzzing each"
cmake --preset fuzz && cmake --build --preset fuzz && ctest --preset fuzz

echo "== native tests again under AddressSanitizer + UndefinedBehaviorSanitizer (any report fails)"
cmake --preset asan
cmake --build --preset asan
ctest --preset asan

echo "== wasm build and tests"
cmake --preset wasm-release -DMM_BUILD_TESTS=ON
cmake --build --preset wasm-release
ctest --preset wasm-release

echo "== screenshots (look at them): build/native-release/screenshots build/wasm/screenshots"
