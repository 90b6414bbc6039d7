#!/usr/bin/env bash
# desktop_smoke.sh APP OUT.png [app args...]: runs the desktop app under Xvfb for 30 frames, keeps a
# screenshot of its last frame, and checks that it drew and exited cleanly.
set -uo pipefail
app="$1"; shot="$2"; shift 2
mkdir -p "$(dirname "$shot")"; rm -f "$shot"
fail() { echo "SMOKE FAILED: $*"; exit 1; }
command -v xvfb-run >/dev/null || fail "xvfb-run is missing (scripts/install-deps.sh installs xvfb)"
log=$(LIBGL_ALWAYS_SOFTWARE=1 timeout 90 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
      "$app" --frames 30 --size 1280x800 --screenshot "$shot" "$@" 2>&1)
rc=$?
echo "$log"
[ $rc -eq 0 ] || fail "the app exited with $rc"
echo "$log" | grep -q "frames drawn" || fail "the app did not report its frames"
[ -s "$shot" ] || fail "no screenshot at $shot"
[ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$shot is not a PNG"
echo "screenshot: $shot ($(stat -c %s "$shot") bytes)"
