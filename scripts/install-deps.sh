#!/usr/bin/env bash
# Installs what ModelMeter needs on Debian 12 when it is missing: Debian packages (root or sudo),
# Dear ImGui sources from Debian's source package (into the ignored third_party/imgui), and
# playwright-core from npm (locked by tests/e2e/package-lock.json). Idempotent; quiet when all is present.
#   scripts/install-deps.sh [--web-only]   --web-only skips the test-only packages (chromium, xvfb, ...)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
web_only=0; [ "${1:-}" = "--web-only" ] && web_only=1

build_pkgs=(cmake g++ make python3 emscripten nlohmann-json3-dev catch2 libcli11-dev libglfw3-dev libgl-dev zlib1g-dev dpkg-dev fonts-dejavu-core fonttools)
test_pkgs=(xvfb xauth chromium nodejs npm clang-14 libclang-rt-14-dev)  # clang: the fuzz preset
pkgs=("${build_pkgs[@]}"); [ $web_only = 1 ] || pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  case $p in  # node/npm may come from elsewhere (NodeSource); accept any working binary
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[deps] installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Dear ImGui 1.86 from Debian's source package, without touching /etc/apt: a private sources list with
# deb-src and a private lists directory. apt has verified the files against the signed Release.
imgui="$root/third_party/imgui"
if [ ! -f "$imgui/imgui.cpp" ]; then
  echo "[deps] fetching Dear ImGui sources from Debian's source package 'imgui'"
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/sources.list.d" "$work/lists/partial"
  src=/etc/apt/sources.list.d/debian.sources
  if [ -f "$src" ]; then
    sed -e 's/^Types: .*/Types: deb-src/' "$src" > "$work/sources.list.d/debian-src.sources"
  else  # older one-line format
    grep -hE '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' > "$work/sources.list.d/debian-src.list"
  fi
  APT=(apt-get -q -o APT::Sandbox::User=root -o Dir::Etc::SourceList=/dev/null
       -o "Dir::Etc::SourceParts=$work/sources.list.d" -o "Dir::State::Lists=$work/lists")
  "${APT[@]}" update >/dev/null
  (cd "$work" && "${APT[@]}" source --download-only 'imgui=1.86+ds-1' >/dev/null \
     && dpkg-source -q -x imgui_*.dsc src 2>/dev/null)
  mkdir -p "$imgui"
  cp -r "$work"/src/*.cpp "$work"/src/*.h "$work"/src/LICENSE.txt "$work"/src/backends "$imgui"/
  echo "[deps] Dear ImGui $(grep -m1 'define IMGUI_VERSION ' "$imgui/imgui.h" | cut -d'"' -f2) in third_party/imgui"
fi

if [ $web_only = 0 ] && [ ! -d "$root/tests/e2e/node_modules/playwright-core" ]; then
  echo "[deps] npm ci (playwright-core, used with Debian's /usr/bin/chromium)"
  (cd "$root/tests/e2e" && npm ci --no-audit --no-fund --silent)
fi
