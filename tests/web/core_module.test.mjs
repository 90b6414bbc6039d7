// The embind core module under node: `node --no-experimental-fetch core_module.test.mjs MODULE.js`.
// Prints one line per check and "N passed, N failed".
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
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

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
