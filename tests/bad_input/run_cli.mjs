// Runs every row of the bad-input table (cases.jsonl) through the `modelmeter` CLI and checks the
// row's exit code and message. A failing row is one where the CLI
//   - exits with another code, dies on a signal (a crash, a sanitizer abort) or runs past the time limit;
//   - for exit 2: prints anything on stdout, or anything on stderr but one line "modelmeter: <sentence>."
//     containing the row's fragment;
//   - for exit 0: does not print the fragment on stdout.
// Usage: node run_cli.mjs --cli PATH [--timeout-s N] [--only ID]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadCases, repoRoot } from './cases.mjs';

const MIN_CASES = 40;  // issue 7: at least 40 cases across all inputs

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const cli = arg('--cli');
if (!cli) { console.error('usage: node run_cli.mjs --cli PATH [--timeout-s N] [--only ID]'); process.exit(2); }
const timeoutMs = Number(arg('--timeout-s', '60')) * 1000;
const only = arg('--only');

const cases = loadCases();
const dir = mkdtempSync(join(tmpdir(), 'mm-bad-input-'));
let failures = 0;
try {
  for (const c of cases) {
    if (only && c.id !== only) continue;
    let args = c.args;
    if (c.kind === 'file') {
      const path = join(dir, c.name.replace(/[/\0]/g, '_'));
      if (c.sparseSize !== undefined) {  // a hole on disk: the CLI must refuse it by its size, unread
        const fd = openSync(path, 'w');
        ftruncateSync(fd, c.sparseSize);
        closeSync(fd);
      } else {
        writeFileSync(path, c.bytes);
      }
      args = args.map((a) => (a === '{file}' ? path : a));
    }
    const r = spawnSync(cli, args, { cwd: repoRoot, timeout: timeoutMs, encoding: 'utf8', maxBuffer: 64 << 20 });
    const stderr = r.stderr ?? '';
    const stdout = r.stdout ?? '';
    const problems = [];
    if (r.error && r.error.code === 'ETIMEDOUT') problems.push(`ran past ${timeoutMs / 1000} s`);
    else if (r.signal) problems.push(`died on ${r.signal}`);
    else if (r.status !== c.exit) problems.push(`exit ${r.status}, expected ${c.exit}`);
    if (c.exit === 0) {
      if (!stdout.includes(c.message)) problems.push(`stdout lacks ${JSON.stringify(c.message)}`);
    } else {
      const lines = stderr.replace(/\n$/, '').split('\n');
      if (stdout !== '') problems.push(`printed ${stdout.length} characters on stdout`);
      if (lines.length !== 1) problems.push(`stderr has ${lines.length} lines, expected one sentence`);
      if (!lines[0].startsWith('modelmeter: ') || !/[.?]$/.test(lines[0])) problems.push('stderr is not "modelmeter: <sentence>."');
      if (!stderr.includes(c.message)) problems.push(`stderr lacks ${JSON.stringify(c.message)}`);
    }
    const shown = (c.exit === 0 ? `stdout ${stdout.length} B` : stderr.trim()).slice(0, 200);
    if (problems.length) {
      failures++;
      console.log(`FAIL ${c.id} (line ${c.line}): ${problems.join('; ')}\n     stderr: ${stderr.trim().slice(0, 600)}`);
    } else {
      console.log(`ok   ${c.id}: exit ${r.status}: ${shown}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (!only && cases.length < MIN_CASES) {
  console.log(`FAIL the table has ${cases.length} cases; issue 7 asks for at least ${MIN_CASES}`);
  failures++;
}
console.log(`${cases.length} cases, ${failures} failed`);
process.exit(failures ? 1 : 0);
