#!/usr/bin/env bash
# desktop_smoke.sh APP OUT.png [--expect TEXT]... [app args...]: runs the desktop app under Xvfb for
# 30 frames, keeps a screenshot of its last frame, and checks that it drew, exited cleanly and logged
# each expected TEXT (plain substrings: ctest's regex engine backtracks badly on several ".*").
set -uo pipefail
app="$1"; shot="$2"; shift 2
expect=()
while [ $# -gt 0 ] && [ "$1" = "--expect" ]; do expect+=("$2"); shift 2; done
mkdir -p "$(dirname "$shot")"; rm -f "$shot"
fail() { echo "SMOKE FAILED: $*"; exit 1; }
command -v xvfb-run >/dev/null || fail "xvfb-run is missing (scripts/install-deps.sh installs xvfb)"
log=$(LIBGL_ALWAYS_SOFTWARE=1 timeout 90 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
      "$app" --frames 30 --size 1280x800 --screenshot "$shot" "$@" 2>&1)
rc=$?
echo "$log"
[ $rc -eq 0 ] || fail "the app exited with $rc"
echo "$log" | grep -q "frames drawn" || fail "the app did not report its frames"
for e in "${expect[@]}"; do echo "$log" | grep -qF -- "$e" || fail "the app's log lacks: $e"; done
[ -s "$shot" ] || fail "no screenshot at $shot"
[ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$shot is not a PNG"
echo "screenshot: $shot ($(stat -c %s "$shot") bytes)"
# The colour map comes from shaders/colormap.frag.glsl: its ends are c_low = (0.10, 0.15, 0.40) and
# c_high = (0.98, 0.85, 0.25) times 255, within a few steps of 8-bit rounding.
line=$(echo "$log" | grep -o '0=([0-9,]*) 0.5=([0-9,]*) 1=([0-9,]*)') || fail "the colour map was not rendered"
near() { local a=$1 b=$2; [ $(( a > b ? a - b : b - a )) -le 3 ]; }
IFS='(),= ' read -r -a f <<<"$line"   # 0 '' r g b 0.5 '' r g b 1 '' r g b
r0=${f[2]} g0=${f[3]} b0=${f[4]} r1=${f[12]} g1=${f[13]} b1=${f[14]}
near "$r0" 26 && near "$g0" 38 && near "$b0" 102 && near "$r1" 250 && near "$g1" 217 && near "$b1" 64 ||
  fail "colour map ends are ($r0,$g0,$b0) and ($r1,$g1,$b1), expected about (26,38,102) and (250,217,64)"
echo "colour map ends: ($r0,$g0,$b0) ($r1,$g1,$b1)"
