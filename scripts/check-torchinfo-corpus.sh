#!/usr/bin/env bash
# Runs `modelmeter analyze --torchinfo F --format json` over every *.out summary in DIR (e.g. torchinfo's
# own tests/test_output, extracted from its repository: third-party files, never committed here) and
# checks each: read (or refused with one sentence), the parameter total equal to the footer's
# "Total params", and FLOPs (torch convention) at least 2 x the footer's "Total mult-adds" (TorchInfo
# counts params x output elements for Conv and Linear and misses functional matmuls, so an analysis
# that costs every layer can only add to it; its mult-adds are printed rounded to 2 decimals of their
# unit, so 2 x mult-adds is taken at the rounding's lower edge).
# Prints one line of figures per file and the counts; exits 1 when any check fails.
#
#   scripts/check-torchinfo-corpus.sh DIR [MODELMETER]
#
# MODELMETER defaults to build/native-release/src/cli/modelmeter.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:?usage: scripts/check-torchinfo-corpus.sh DIR [MODELMETER]}"
mm="${2:-$root/build/native-release/src/cli/modelmeter}"
[ -x "$mm" ] || { echo "no modelmeter at $mm (build it: cmake --build --preset native-release)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

shopt -s nullglob
files=("$dir"/*.out)
[ ${#files[@]} -gt 0 ] || { echo "no *.out files in $dir" >&2; exit 2; }
for f in "${files[@]}"; do
    b="$(basename "$f" .out)"
    "$mm" analyze --torchinfo "$f" --format json --convention torch >"$tmp/$b.json" 2>"$tmp/$b.err"
    echo $? >"$tmp/$b.rc"
done

node - "$tmp" "${files[@]}" <<'EOF'
const fs = require('fs');
const path = require('path');
const [tmp, ...files] = process.argv.slice(2);
let read = 0, refused = 0, paramsEqual = 0, flopsOk = 0, failed = 0, footerless = 0;
const rows = [];
const fmt = (x) => (x === undefined || x === null ? '-' : Number(x).toExponential(3));
for (const f of files) {
  const b = path.basename(f, '.out');
  const rc = Number(fs.readFileSync(path.join(tmp, b + '.rc'), 'utf8'));
  const err = fs.readFileSync(path.join(tmp, b + '.err'), 'utf8').trim();
  if (rc !== 0) {
    refused++;
    // A refusal is one sentence naming the problem (and no crash: exit 1 or 2).
    const sentence = err.split('\n').filter((l) => l.trim()).length >= 1 && (rc === 1 || rc === 2);
    if (!sentence) failed++;
    rows.push([b, 'refused', '', '', '', '', '', (sentence ? '' : 'FAIL ') + err.split('\n')[0]]);
    continue;
  }
  read++;
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(path.join(tmp, b + '.json'), 'utf8'));
  } catch (e) {
    failed++;
    rows.push([b, 'read', '', '', '', '', '', 'FAIL not JSON']);
    continue;
  }
  const footer = (doc.source && doc.source.footer) || {};
  const params = doc.params ? doc.params.total : undefined;
  const flops = doc.stages && doc.stages.total ? doc.stages.total.flops : undefined;
  const fp = footer.available ? footer.footer_params : undefined;
  const ma = footer.available ? footer.footer_mult_adds : undefined;
  let notes = [];
  let ok = true;
  if (fp === undefined) {
    footerless++;
    notes.push('no footer');
  } else if (params === fp) {
    paramsEqual++;
  } else {
    ok = false;
    notes.push(`params ${params} != footer ${fp}`);
  }
  // The footer prints mult-adds rounded to the decimals shown of its unit ("Total mult-adds (M): 7.80"):
  // the check takes the smallest value that rounds to the printed one.
  let need;
  // A file of several summaries one after another is read up to the second (ModelMeter reads the first).
  const whole = fs.readFileSync(f, 'utf8');
  const second = whole.indexOf('Layer (type', whole.indexOf('Layer (type') + 1);
  const text = second < 0 ? whole : whole.slice(0, second);
  const m = text.match(/^Total mult-adds(?: \(([^)]*)\))?: ([0-9.,]+)/m);
  if (m) {
    const scale = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, 'Units.KILOBYTES': 1e3, 'Units.MEGABYTES': 1e6,
                    'Units.GIGABYTES': 1e9, 'Units.TERABYTES': 1e12 }[m[1]] || 1;
    const printed = m[2].replace(/,/g, '');
    const decimals = printed.includes('.') ? printed.split('.')[1].length : 0;
    const value = Number(printed) * scale;
    const lowest = (Number(printed) - (m[1] ? 0.5 * 10 ** -decimals : 0)) * scale;
    need = 2 * value;
    if (flops !== undefined && flops >= 2 * value * (1 - 1e-12)) flopsOk++;
    else if (flops !== undefined && flops >= 2 * lowest) {
      flopsOk++;
      notes.push('2 x mult-adds within the footer rounding');
    } else {
      ok = false;
      notes.push(`FLOPs ${fmt(flops)} < 2 x mult-adds ${fmt(need)}`);
    }
  } else {
    flopsOk++;
    notes.push('no mult-adds');
  }
  if (!ok) failed++;
  rows.push([b, 'read', String(params), String(fp ?? '-'), fmt(flops), fmt(need), need ? (flops / need).toFixed(3) : '-', (ok ? '' : 'FAIL ') + notes.join('; ')]);
}
const head = ['file', 'status', 'params', 'footer params', 'FLOPs', '2 x mult-adds', 'ratio', 'notes'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => (i === r.length - 1 ? String(c) : String(c).padEnd(widths[i]))).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log(`\n${files.length} files: ${read} read, ${refused} refused; params equal to the footer: ${paramsEqual} of ${read - footerless} with a footer; ` +
            `FLOPs >= 2 x mult-adds: ${flopsOk} of ${read}; failed: ${failed}`);
process.exit(failed ? 1 : 0);
EOF
