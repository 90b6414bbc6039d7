#!/usr/bin/env bash
# desktop_exports.sh APP: the desktop app's exports under Xvfb, in a fresh folder: the report zip
# must be a valid archive holding the report folder, modules.csv one row per module plus a header,
# and the view a PNG.
set -uo pipefail
app="$1"
fail() { echo "EXPORTS FAILED: $*"; exit 1; }
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
cd "$dir" || fail "no temporary folder"
LIBGL_ALWAYS_SOFTWARE=1 timeout 90 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "$app" --frames 5 \
  --export report.zip --export modules.csv --export analysis.json --export view.png >log.txt 2>&1 || fail "app: $(tail -3 log.txt)"
python3 - <<'PY' || fail "the exports do not check out"
import glob, json, zipfile
zips = glob.glob("*.zip")
assert len(zips) == 1, zips
z = zipfile.ZipFile(zips[0])
assert z.testzip() is None
names = z.namelist()
folder = names[0].split("/static_analysis/")[0]
for part in ("report.json", "report.yaml", "summary.json", "modules.csv", "layers/summary.md"):
    assert f"{folder}/static_analysis/analytic_model/{part}" in names, part
modules = len(json.load(open("modelmeter-analysis.json"))["modules"])
rows = open("modules.csv").read().splitlines()
assert len(rows) == modules + 1, (len(rows), modules)
assert z.read(f"{folder}/static_analysis/analytic_model/modules.csv").decode() == open("modules.csv").read()
pages = [n for n in names if n.endswith(".md")]
assert len(pages) == modules + 1, (len(pages), modules)  # one page per module + summary.md
assert open(glob.glob("*.png")[0], "rb").read(8) == b"\x89PNG\r\n\x1a\n"
print(f"zip {zips[0]}: {len(names)} files, {modules} modules, every module page present")
PY
