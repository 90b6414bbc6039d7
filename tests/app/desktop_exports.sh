#!/usr/bin/env bash
# desktop_exports.sh APP: the desktop app's exports under Xvfb, in a fresh folder: the report zip
# must be a valid, deflated archive (zlib) holding the report folder, modules.csv one row per module
# plus a header, and the view a deflated PNG of the window that inflates to its scanlines.
set -uo pipefail
app="$1"
fail() { echo "EXPORTS FAILED: $*"; exit 1; }
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
cd "$dir" || fail "no temporary folder"
LIBGL_ALWAYS_SOFTWARE=1 timeout 90 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "$app" --frames 5 \
  --export report.zip --export modules.csv --export analysis.json --export view.png >log.txt 2>&1 || fail "app: $(tail -3 log.txt)"
python3 - <<'PY' || fail "the exports do not check out"
import glob, json, struct, zipfile, zlib
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
infos = z.infolist()
assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos if i.file_size > 100), "entries left stored"
raw, packed = sum(i.file_size for i in infos), sum(i.compress_size for i in infos)
assert packed < raw / 3, (packed, raw)
png = open(glob.glob("*.png")[0], "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n"
at, idat, size = 8, b"", None
while at < len(png):
    n, kind = struct.unpack(">I4s", png[at:at + 8])
    body = png[at + 8:at + 8 + n]
    assert zlib.crc32(png[at + 4:at + 8 + n]) == struct.unpack(">I", png[at + 8 + n:at + 12 + n])[0], kind
    if kind == b"IHDR": size = struct.unpack(">II", body[:8])
    if kind == b"IDAT": idat += body
    at += 12 + n
assert size == (1280, 800), size
assert len(zlib.decompress(idat)) == size[1] * (size[0] * 4 + 1)
assert len(png) < len(idat) + 100 and len(png) < size[0] * size[1] // 2, len(png)  # deflated, not stored
print(f"zip {zips[0]}: {len(names)} files, {modules} modules, every module page present, {packed} of {raw} bytes; "
      f"png {size[0]}x{size[1]}, {len(png)} bytes")
PY
