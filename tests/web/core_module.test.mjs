// The embind core module under node: `node --no-experimental-fetch core_module.test.mjs MODULE.js`.
// Prints one line per check and "N passed, N failed".
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures');
const createModule = require(process.argv[2]);
const core = await createModule();

let passed = 0, failed = 0;
function check(name, fn) {
  try { fn(); passed++; console.log(`ok   ${name}`); }
  catch (e) { failed++; console.log(`FAIL ${name}: ${e.message}`); }
}
function equal(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

check('a unique-layers fixture is recognised through embind', () => {
  const r = JSON.parse(core.identifyArtifact('tiny.json', readFileSync(join(fixtures, 'tiny-unique-layers.json'), 'utf8')));
  equal(r.kind, 'torchinfo-unique-layers.json', 'kind');
  equal(r.summary, '2 module classes', 'summary');
});
check('malformed JSON gives the same sentence as natively', () => {
  const r = JSON.parse(core.identifyArtifact('t.json', readFileSync(join(fixtures, 'not-json.json'), 'utf8')));
  equal(r.error, "t.json is not valid JSON: unexpected end of input; expected '[', '{', or a literal (line 2, column 1).", 'error');
});

// report.json through embind: structural facts it can check alone, always.
const standard = JSON.parse(core.reportJson('', 'wasm-native'));
check('report.json from the wasm core has the seed fields and the standard workload', () => {
  for (const k of ['report_id', 'model', 'workload', 'modules', 'operator_categories', 'module_metrics',
                   'predicted_total_time_ms', 'notes', 'layer_docs_dir'])
    if (!(k in standard)) throw new Error(`missing ${k}`);
  equal(standard.report_id, 'wasm-native', 'report_id');
  equal(standard.workload.seq_len, 703, 'seq_len (domain.md 1: 2x2 crops -> S = 703)');
  equal(standard.model.model_id, 'deepseek-ai/DeepSeek-OCR', 'model_id');
  equal(standard.modules.length, standard.module_metrics.length, 'modules vs metrics');
});
check('report.json module ids are unique and form a tree', () => {
  const ids = new Map(standard.modules.map((m) => [m.module_id, m]));
  equal(ids.size, standard.modules.length, 'unique ids');
  for (const m of standard.modules) {
    if (m.parent_id !== null && !ids.get(m.parent_id).children.includes(m.module_id))
      throw new Error(`${m.module_id} not among its parent's children`);
    for (const c of m.children) equal(ids.get(c).parent_id, m.module_id, `parent of ${c}`);
  }
  equal(standard.modules.filter((m) => m.parent_id === null).length, 3, 'stage roots');
});
check('report.json metrics are non-negative and shares within [0, 1.5]', () => {
  for (const m of standard.module_metrics) {
    for (const k of ['total_time_ms', 'total_flops_tflops', 'total_io_tb', 'memory_weights_gb'])
      if (!(m[k] >= 0)) throw new Error(`${m.module_id}.${k} = ${m[k]}`);
    if (!(m.share_of_model_time >= 0 && m.share_of_model_time <= 1.5)) throw new Error(`${m.module_id} share`);
  }
});
check('the report folder comes back as files with the seed layout', () => {
  const files = JSON.parse(core.reportFiles('crops=3x2&batch=2', 'wasm-native'));
  equal(files[0].path, 'wasm-native/static_analysis/analytic_model/report.json', 'first file');
  equal(files.length, JSON.parse(files[0].text).modules.length + 5, 'file count');
  if (!files.some((f) => f.path.endsWith('/layers/summary.md'))) throw new Error('no layers/summary.md');
});
check('a bad share-link value is one sentence', () => {
  const r = JSON.parse(core.reportJson('gpu=rtx9999', 'x'));
  if (!r.error) throw new Error('expected an error');
});

// native == wasm: byte-identical report.json when the native CLI is at hand (MM_NATIVE_CLI, or the
// native-release build scripts/test.sh makes first).
const cli = process.env.MM_NATIVE_CLI || join(here, '..', '..', 'build', 'native-release', 'src', 'cli', 'modelmeter');
if (existsSync(cli)) {
  for (const [state, args] of [['', []], ['crops=3x2&batch=2&gpu=h100-sxm', ['--crops', '3x2', '--batch', '2', '--gpu', 'h100-sxm']]]) {
    check(`native CLI and wasm core write the same report.json (${state || 'standard'})`, () => {
      const out = mkdtempSync(join(tmpdir(), 'mm-report-'));
      try {
        execFileSync(cli, ['report', '--out', out, '--run-id', 'wasm-native', ...args], { stdio: 'pipe' });
        const native = readFileSync(join(out, 'wasm-native', 'static_analysis', 'analytic_model', 'report.json'), 'utf8');
        const wasm = core.reportJson(state, 'wasm-native');
        if (native !== wasm) {
          let i = 0;
          while (i < native.length && native[i] === wasm[i]) ++i;
          throw new Error(`differ at byte ${i}: native ${JSON.stringify(native.slice(i, i + 60))} wasm ${JSON.stringify(wasm.slice(i, i + 60))}`);
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  }
} else {
  console.log(`skip native == wasm: no native CLI at ${cli} (set MM_NATIVE_CLI)`);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
