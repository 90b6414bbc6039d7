// The bad-input table: tests/bad_input/cases.jsonl, one case per line. This module reads it and
// turns each row's input description into the bytes (or the link, or the argv) the CLI runner
// (run_cli.mjs) and the browser test (tests/e2e) feed to ModelMeter.
//
// A row: {"id", "what", "input", "exit", "message", "page"?, "pageMessage"?}
//   input: {"file": CONTENT, "name": "x.json", "args"?: [...]}  a TorchInfo artifact; the CLI runs
//            `analyze --torchinfo <file> --format json` unless args (with "{file}") say otherwise
//          {"link": "gpu=...&crops=..."}                         a share-link state (after '#')
//          {"args": ["analyze", "--crops", "0x2"]}               CLI flags only
//   CONTENT: {"text": "..."} | {"base64": "..."} | {"sparse": BYTES} (that many zero bytes, never in memory)
//          | {"fixture": "tests/fixtures/...", "replace"?: [[from, to, pad?], ...], "repeatLine"?: [text, N],
//             "truncate"?: N, "crlf"?: true, "bom"?: true, "utf16le"?: true}
//            (pad {"text", "times"}: that text repeated stands for %PAD% in `to`; repeatLine: the line
//             containing text, N times over)
//          | {"repeat": "[", "times": N, "prefix"?: "...", "suffix"?: "..."}
//   exit: the CLI's exit code; message: a fragment its one sentence must contain; page: whether the
//   browser test runs it too (pageMessage: the page's fragment where it differs).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tablePath = join(repoRoot, 'tests', 'bad_input', 'cases.jsonl');

function fail(id, what) { throw new Error(`bad-input table, case ${id}: ${what}`); }

function content(id, spec) {
  if (typeof spec.text === 'string') return Buffer.from(spec.text, 'utf8');
  if (typeof spec.base64 === 'string') return Buffer.from(spec.base64, 'base64');
  if (typeof spec.repeat === 'string') {
    if (!Number.isInteger(spec.times) || spec.times < 1) fail(id, 'repeat needs a positive whole "times"');
    return Buffer.from((spec.prefix ?? '') + spec.repeat.repeat(spec.times) + (spec.suffix ?? ''), 'utf8');
  }
  if (typeof spec.fixture === 'string') {
    let text = readFileSync(join(repoRoot, spec.fixture), 'utf8');
    for (const [from, to, pad] of spec.replace ?? []) {
      // A replacement that no longer matches would turn the case into a test of the clean file.
      if (!text.includes(from)) fail(id, `the fixture ${spec.fixture} no longer contains ${JSON.stringify(from)}`);
      const by = pad ? to.replace('%PAD%', pad.text.repeat(pad.times)) : to;
      text = text.replace(from, () => by);
    }
    if (spec.repeatLine) {  // [text, N]: the line containing text, N times over
      const [needle, times] = spec.repeatLine;
      const lines = text.split('\n');
      const at = lines.findIndex((l) => l.includes(needle));
      if (at < 0) fail(id, `the fixture ${spec.fixture} has no line containing ${JSON.stringify(needle)}`);
      lines.splice(at, 1, ...Array(times).fill(lines[at]));
      text = lines.join('\n');
    }
    if (spec.crlf) text = text.replace(/\r?\n/g, '\r\n');
    if (spec.bom) text = '\uFEFF' + text;
    let bytes = spec.utf16le ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text, 'utf8');
    if (Number.isInteger(spec.truncate)) bytes = bytes.subarray(0, spec.truncate);
    return bytes;
  }
  return fail(id, 'the file content needs text, base64, sparse, fixture or repeat');
}

// Every case, with its input made concrete: kind 'file' (name, and bytes or sparseSize), 'link' or
// 'args'. Throws, naming the line, if the table itself is malformed.
export function loadCases() {
  const lines = readFileSync(tablePath, 'utf8').split('\n');
  const cases = [];
  const ids = new Set();
  lines.forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('//')) return;
    let row;
    try { row = JSON.parse(line); } catch (e) { throw new Error(`${tablePath}, line ${i + 1}: ${e.message}`); }
    const id = row.id ?? `line ${i + 1}`;
    if (ids.has(id)) fail(id, 'the id is used twice');
    ids.add(id);
    if (!Number.isInteger(row.exit)) fail(id, 'exit must be a whole number');
    if (typeof row.message !== 'string' || row.message === '') fail(id, 'message must be a non-empty fragment');
    const c = { id, what: row.what ?? id, exit: row.exit, message: row.message, page: row.page === true,
                pageMessage: row.pageMessage ?? row.message, line: i + 1 };
    const input = row.input ?? {};
    if (input.file) {
      c.kind = 'file';
      c.name = input.name ?? 'input.json';
      c.args = input.args ?? ['analyze', '--torchinfo', '{file}', '--format', 'json'];
      if (Number.isInteger(input.file.sparse)) c.sparseSize = input.file.sparse;
      else c.bytes = content(id, input.file);
    } else if (typeof input.link === 'string') {
      c.kind = 'link';
      c.link = input.link;
      c.args = input.args ?? ['analyze', '--link', input.link, '--format', 'json'];
    } else if (Array.isArray(input.args)) {
      c.kind = 'args';
      c.args = input.args;
      if (c.page) fail(id, 'a flags-only case cannot run in the page');
    } else {
      fail(id, 'input needs file, link or args');
    }
    cases.push(c);
  });
  return cases;
}
