#!/usr/bin/env node
// The README's validation table (issue 17): every published DeepSeek-OCR speed figure in
// assets/validation/published-speeds.json beside what ModelMeter predicts for it, by running the
// figure's own `modelmeter` command. The table sits between two markers in README.md:
//   node scripts/validation-table.mjs --cli build/native-release/src/cli/modelmeter           (rewrite it)
//   node scripts/validation-table.mjs --cli build/native-release/src/cli/modelmeter --check   (exit 1 if stale)
// so it cannot drift from the code: a ctest runs --check.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const cli = arg('--cli', join(root, 'build', 'native-release', 'src', 'cli', 'modelmeter'));
const readme = arg('--readme', join(root, 'README.md'));
const check = process.argv.includes('--check');
const BEGIN = '<!-- validation-table: begin (scripts/validation-table.mjs writes this) -->';
const END = '<!-- validation-table: end -->';

const data = JSON.parse(readFileSync(join(root, 'assets', 'validation', 'published-speeds.json'), 'utf8'));
const at = (obj, path) => path.split('.').reduce((o, k) => (o === undefined ? undefined : o[/^\d+$/.test(k) ? Number(k) : k]), obj);
// Four significant digits; seconds below 1 as ms.
const show = (v, metric) => (metric.includes('(s)') ? `${(v * 1e3).toPrecision(3)} ms` : Number(v.toPrecision(4)).toLocaleString('en-US'));
const cell = (t) => String(t).replace(/\|/g, '\\|');

const rows = [];
for (const f of data.figures) {
  const out = execFileSync(cli, f.command, { encoding: 'utf8' });
  const predicted = at(JSON.parse(out), f.read);
  if (typeof predicted !== 'number' || !Number.isFinite(predicted)) throw new Error(`${f.id}: ${f.read} is not a number in the output of modelmeter ${f.command.join(' ')}`);
  const ratio = predicted / f.published;
  rows.push(`| ${cell(f.what)} | ${f.metric} | ${show(f.published, f.metric)} | ${show(predicted, f.metric)} | ${ratio.toFixed(2)}x | ` +
            `${cell(f.source)}; "${cell(f.quote)}" | ${cell(f.assumed)} | \`modelmeter ${f.command.join(' ')}\` |`);
}
const table = [
  BEGIN,
  '| Published figure | Metric | Published | ModelMeter | Predicted / published | Source | Assumed (the source does not say) | Command |',
  '|---|---|---:|---:|---:|---|---|---|',
  ...rows,
  '',
  'Left out: ' + data.left_out.map(cell).join(' '),
  END,
].join('\n');

const text = readFileSync(readme, 'utf8');
const a = text.indexOf(BEGIN), b = text.indexOf(END);
if (a < 0 || b < a) throw new Error(`${readme} has no validation-table markers`);
const next = text.slice(0, a) + table + text.slice(b + END.length);
if (check) {
  if (next !== text) {
    console.log('README.md\'s validation table is stale: run node scripts/validation-table.mjs --cli <modelmeter>');
    console.log(table);
    process.exit(1);
  }
  console.log(`validation table current (${rows.length} figures)`);
} else {
  writeFileSync(readme, next);
  console.log(table);
}
