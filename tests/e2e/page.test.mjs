// Browser tests of the built page in Debian's Chromium (headless, WebGL 2 through SwiftShader).
//   node tests/e2e/page.test.mjs --site build/wasm/site --shots DIR --fixtures tests/fixtures
// Prints one line per check and closes with "N passed, N failed"; exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { dropFile } from './harness.mjs';

const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const site = arg('--site', 'build/wasm/site');
const shots = arg('--shots', 'build/wasm/screenshots');
const fixtures = arg('--fixtures', 'tests/fixtures');
const cli = arg('--cli', 'build/native-release/src/cli/modelmeter');  // the native CLI, for same-numbers checks
await mkdir(shots, { recursive: true });

const results = [];
async function check(name, fn) {
  try { await fn(); results.push([name, null]); console.log(`ok   ${name}`); }
  catch (e) { results.push([name, e]); console.log(`FAIL ${name}\n     ${String(e && e.message || e).split('\n').join('\n     ')}`); }
}
function expect(cond, what) { if (!cond) throw new Error(what); }
// Same values, whatever the key order.
function sameJson(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    return sameJson(ka, kb) && ka.every((k) => sameJson(a[k], b[k]));
  }
  return a === b;
}
// ImGui 1.86 reads key state once per frame: hold a key across frames as a person does.
async function pressKey(page, key) { await page.keyboard.down(key); await page.waitForTimeout(120); await page.keyboard.up(key); await page.waitForTimeout(80); }

const { server, url } = await startServer(site);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-quic', '--disable-default-apps', '--disable-extensions'],
});

const consoleErrors = [];
async function openPage(path = '', options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${path || '/'}: ${m.text()}`); });
  page.on('pageerror', (e) => consoleErrors.push(`${path || '/'}: ${e.message}`));
  const t0 = Date.now();
  await page.goto(url + path);
  await page.waitForFunction(() => window.modelmeter && window.modelmeter.ready === true, null, { timeout: 60000 });
  page.readyMs = Date.now() - t0;
  return page;
}
const state = async (page) => JSON.parse(await page.evaluate(() => window.modelmeter.state()));

try {
  const page = await openPage();
  let initial;
  await check('opens on the standard workload on an RTX 5090', async () => {
    initial = await state(page);
    expect(initial.last_error === null, `last_error is ${initial.last_error}`);
    expect(initial.gpu && /5090/.test(initial.gpu.display_name), `gpu is ${JSON.stringify(initial.gpu)}`);
    expect(initial.workload.crops_w === 2 && initial.workload.crops_h === 2, 'default crops are not 2x2');
    expect(initial.workload.new_tokens === 512 && initial.workload.batch === 1, 'default new tokens/batch differ');
    for (const s of ['vision', 'prefill', 'decode']) expect(initial.stages[s].time_s > 0, `stage ${s} has no time`);
    console.log(`     ready after ${page.readyMs} ms`);
  });
  await page.waitForTimeout(500);  // let a few frames render before the picture
  await page.screenshot({ path: join(shots, 'page-default.png') });

  await check('the default numbers equal the native CLI\'s for the same parameters', async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build the native preset first (scripts/test.sh does)`);
    const native = JSON.parse(execFileSync(cli, ['analyze', '--format', 'json'], { encoding: 'utf8' }));
    for (const key of ['gpu', 'workload', 'stages', 'latency', 'memory', 'params']) {
      expect(sameJson(initial[key], native[key]) && JSON.stringify(initial[key]) === JSON.stringify(native[key]),
        `${key} differs:\n page ${JSON.stringify(initial[key])}\n cli  ${JSON.stringify(native[key])}`);
    }
  });

  await check('the canvas fills the window at the device pixel ratio', async () => {
    const dims = await page.evaluate(() => [canvas.width, canvas.height, innerWidth, innerHeight, devicePixelRatio]);
    expect(dims[0] === Math.round(dims[2] * dims[4]) && dims[1] === Math.round(dims[3] * dims[4]), `canvas ${dims}`);
    await page.setViewportSize({ width: 1000, height: 700 });
    await page.waitForTimeout(300);
    const after = await page.evaluate(() => [canvas.width, canvas.height]);
    expect(after[0] === 1000 && after[1] === 700, `after resize canvas is ${after}`);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await check('a hash change re-analyses with the new parameters', async () => {
    await page.evaluate(() => window.modelmeter.setHash('batch=4'));
    const s = await state(page);
    expect(s.workload.batch === 4, `batch is ${s.workload.batch}`);
    expect(Math.abs(s.memory.kv_bytes - 4 * initial.memory.kv_bytes) < 1, 'KV bytes do not scale with batch');
    await page.evaluate(() => window.modelmeter.setHash('batch=1'));
  });

  await check('the share link follows every change and carries the view and the selection', async () => {
    await page.evaluate(() => window.modelmeter.setHash('new_tokens=100&view=roofline&module=prefill/lm_head'));
    const s = await state(page);
    expect(s.workload.new_tokens === 100 && s.view === 'roofline' && s.selected_module === 'prefill/lm_head', JSON.stringify([s.view, s.selected_module]));
    const hash = await page.evaluate(() => location.hash);
    for (const part of ['new_tokens=100', 'view=roofline', 'module=prefill%2Flm_head', 'gpu=rtx5090', 'profile=realistic'])
      expect(hash.includes(part), `hash ${hash} lacks ${part}`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(shots, 'page-roofline.png') });
  });

  await check('keyboard shortcuts switch views (3 = treemap) and Esc clears the selection', async () => {
    await page.mouse.click(900, 700);  // focus the canvas
    await pressKey(page, 'Escape');
    await pressKey(page, '3');
    await page.waitForTimeout(200);
    const s = await state(page);
    expect(s.view === 'treemap' && s.selected_module === null, JSON.stringify([s.view, s.selected_module]));
    await page.screenshot({ path: join(shots, 'page-treemap.png') });
    await pressKey(page, '4');
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(shots, 'page-memory.png') });
    await pressKey(page, '5');
    await page.waitForTimeout(300);
    expect(JSON.parse(await page.evaluate(() => window.modelmeter.state())).view === 'sweep', 'key 5 did not open the sweep');
    await page.screenshot({ path: join(shots, 'page-sweep.png') });
    await pressKey(page, '1');
  });

  await check('copy link puts a link that reproduces the state on the clipboard', async () => {
    await pressKey(page, 'l');
    const copied = await page.evaluate(() => window.modelmeter.copied);
    const s = await state(page);
    expect(typeof copied === 'string' && copied.endsWith('#' + s.url_state), `copied ${copied}`);
  });

  // The exports are checked in exports.test.mjs.
  await page.evaluate(() => window.modelmeter.setHash('new_tokens=512&view=breakdown'));

  await check('a malformed dropped file shows an error and keeps the analysis', async () => {
    const before = await state(page);
    const bad = await readFile(join(fixtures, 'not-json.json'), 'utf8');
    await dropFile(page, 'not-json.json', bad);
    await page.waitForFunction(() => JSON.parse(window.modelmeter.state()).last_error !== null);
    const s = await state(page);
    expect(/not-json\.json/.test(s.last_error), `error does not name the file: ${s.last_error}`);
    expect(JSON.stringify(s.stages) === JSON.stringify(before.stages), 'stages changed after a bad file');
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(shots, 'page-bad-file.png') });
  });

  await check('another network\'s unique-layers file alone is refused: classes, no table to build it from', async () => {
    const text = await readFile(join(fixtures, 'tiny-unique-layers.json'), 'utf8');
    const before = await state(page);
    await dropFile(page, 'tiny-unique-layers.json', text);
    await page.waitForFunction(() => JSON.parse(window.modelmeter.state()).last_error !== null);
    const s = await state(page);
    expect(/^tiny-unique-layers\.json lists module classes but no summary table/.test(s.last_error), `last_error is ${s.last_error}`);
    expect(JSON.stringify(s.stages) === JSON.stringify(before.stages) && s.inputs.length === before.inputs.length, 'the analysis changed');
  });

  await check('a dropped TorchInfo summary of another network is analysed as its own tree', async () => {
    const text = await readFile(join(fixtures, 'torchinfo', 'cnn-summary.txt'), 'utf8');
    await dropFile(page, 'cnn-summary.txt', text);
    await page.waitForFunction(() => JSON.parse(window.modelmeter.state()).network);
    const s = await state(page);
    expect(s.network === 'Net (cnn-summary.txt)' && s.view === 'breakdown', `network ${s.network}, view ${s.view}`);
    expect(s.params.total === 67658 && s.stages.forward.time_s > 0, JSON.stringify(s.stages));
    expect(s.coverage.flops_share_exact === 1 && s.reconciliation.length > 5, JSON.stringify(s.coverage));
    expect(/torchinfo=cnn-summary\.txt/.test(s.url_state), s.url_state);
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(shots, 'page-torchinfo-cnn.png') });
  });

  await check('the real TorchInfo files each load, and the summary gives the numbers of --crops 2x2', async () => {
    const real = join(fixtures, '..', '..', '..', 'shared', 'reference', 'torchinfo-summary.txt');
    expect(existsSync(real), `${real} is absent: the test needs ../shared/reference beside the checkout`);
    await page.evaluate(() => window.modelmeter.setHash('view=breakdown'));
    const fresh = await openPage('#view=torchinfo');
    await dropFile(fresh, 'torchinfo-summary.txt', await readFile(real, 'utf8'));
    await fresh.waitForFunction(() => JSON.parse(window.modelmeter.state()).reconciliation !== undefined);
    const s = await state(fresh);
    const native = JSON.parse(execFileSync(cli, ['analyze', '--crops', '2x2', '--format', 'json'], { encoding: 'utf8' }));
    expect(s.workload.crops_w === 2 && s.workload.crops_h === 2 && s.workload.prefill_tokens === 703, JSON.stringify(s.workload));
    expect(sameJson(s.stages, native.stages), 'stages differ from modelmeter analyze --crops 2x2');
    const bad = s.reconciliation.filter((r) => r.verdict === 'params_differ');
    expect(bad.length === 0, `params differ: ${JSON.stringify(bad.slice(0, 3))}`);
    await fresh.waitForTimeout(300);
    await fresh.screenshot({ path: join(shots, 'page-torchinfo-real.png') });
    // Each real artifact on its own: recognised, no error; the JSON kinds record no crop grid.
    for (const [file, kind] of [['torchinfo-unique-layers.json', 'torchinfo-unique-layers.json'], ['torchinfo-unique-layers.md', 'torchinfo-unique-layers.md'],
      ['torchinfo-stages.json', 'torchinfo-stages.json'], ['torchinfo-summary.txt', 'torchinfo-summary.txt']]) {
      await fresh.evaluate(() => window.modelmeter.clearInputs());
      await dropFile(fresh, file, await readFile(join(real, '..', file), 'utf8'));
      await fresh.waitForFunction(() => JSON.parse(window.modelmeter.state()).inputs.length === 1);
      const r = await state(fresh);
      expect(r.last_error === null && r.inputs[0].kind === kind, `${file}: ${r.last_error} ${JSON.stringify(r.inputs)}`);
      console.log(`     ${file}: ${r.inputs[0].summary}; workload ${r.workload.crops_w}x${r.workload.crops_h}, S=${r.workload.prefill_tokens}`);
    }
    await fresh.context().close();
  });

  await check('the load() test API reports errors the same way', async () => {
    const err = await page.evaluate(() => window.modelmeter.load('empty.json', ''));
    expect(typeof err === 'string' && /empty\.json/.test(err), `load('empty.json','') gave ${err}`);
  });
  await page.context().close();

  await check('a share link applies at start-up, HiDPI', async () => {
    const p2 = await openPage('#gpu=h100-sxm&crops=3x2&new_tokens=64', { deviceScaleFactor: 2 });
    const s = await state(p2);
    expect(/H100/.test(s.gpu.display_name), `gpu is ${s.gpu.display_name}`);
    expect(s.workload.crops_w === 3 && s.workload.crops_h === 2 && s.workload.new_tokens === 64, JSON.stringify(s.workload));
    const dims = await p2.evaluate(() => [canvas.width, innerWidth]);
    expect(dims[0] === 2 * dims[1], `canvas ${dims[0]} for ${dims[1]} CSS px at DPR 2`);
    await p2.waitForTimeout(500);
    await p2.screenshot({ path: join(shots, 'page-share-link-hidpi.png') });
    await p2.context().close();
  });

  await check('the bundled sample loads and gives the 2x2 run it records', async () => {
    const p = await openPage();
    await p.evaluate(() => window.modelmeter.loadSample());
    const s = await state(p);
    expect(s.inputs.length === 1 && s.source && s.workload.crops_w === 2 && s.workload.crops_h === 2 && s.workload.prefill_tokens === 703,
      JSON.stringify({ inputs: s.inputs, workload: s.workload }));
    await p.context().close();
  });

  await check('a share link round-trips every parameter into a fresh page', async () => {
    const link = 'model=deepseek-ocr&gpu=h100-pcie&gpu.memory_bandwidth_GB_per_s=1500&mode=gundam&image=1700x2200' +
      '&crops=3x4&new_tokens=77&batch=3&weights=fp8&activations=fp16&kv=fp8&attention=eager&convention=torch' +
      '&profile=eager&view=memory&module=decode%2Flm_head&compare=h200&theme=light';
    const first = await openPage('#' + link);
    const a = await state(first);
    expect(a.notices.length === 0 && a.last_error === null && a.analysis_error === null,
      `notices ${JSON.stringify(a.notices)} error ${a.analysis_error}`);
    expect(a.gpu.name === 'h100-pcie' && a.gpu.memory_bandwidth_GB_per_s === 1500, JSON.stringify(a.gpu).slice(0, 200));
    expect(a.compare && a.compare.gpu === 'h200' && a.view === 'memory' && a.selected_module === 'decode/lm_head' && a.theme === 'light',
      JSON.stringify([a.compare, a.view, a.selected_module, a.theme]));
    expect(a.workload.crops_w === 3 && a.workload.crops_h === 4 && a.workload.batch === 3 && a.workload.new_tokens === 77, JSON.stringify(a.workload));
    await first.waitForTimeout(300);
    await first.screenshot({ path: join(shots, 'page-every-parameter-light.png') });
    const second = await openPage('#' + a.url_state);
    const b = await state(second);
    expect(b.url_state === a.url_state, `link changed:\n ${a.url_state}\n ${b.url_state}`);
    expect(sameJson(a.stages, b.stages) && sameJson(a.latency, b.latency) && sameJson(a.memory, b.memory), 'numbers differ');
    await first.context().close();
    await second.context().close();
  });

  await check('a comparison GPU that cannot run the workload says why', async () => {
    const p = await openPage('#weights=fp8&compare=a100-80gb');
    const s = await state(p);
    expect(!s.compare && /a100-80gb/.test(s.compare_error || ''), `compare_error ${s.compare_error}`);
    await p.context().close();
  });

  await check('a bad and a good file dropped together: the bad one\'s sentence stays, in either order; unique layers alone list classes', async () => {
    const reference = join(fixtures, '..', '..', '..', 'shared', 'reference');
    const stages = await readFile(join(reference, 'torchinfo-stages.json'), 'utf8');
    for (const order of [['junk.txt', 'torchinfo-stages.json'], ['torchinfo-stages.json', 'junk.txt']]) {
      const both = await openPage('#view=torchinfo');
      await both.evaluate(([names, text]) => {
        const dt = new DataTransfer();
        for (const n of names) dt.items.add(new File([n === 'junk.txt' ? 'hello' : text], n));
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, [order, stages]);
      await both.waitForFunction(() => { const s = JSON.parse(window.modelmeter.state()); return s.inputs.length === 1 && s.last_error !== null; });
      const s = await state(both);
      expect(/^junk\.txt/.test(s.last_error) && s.inputs[0].name === 'torchinfo-stages.json', `${order}: ${s.last_error} ${JSON.stringify(s.inputs)}`);
      await both.context().close();
    }
    const classes = await openPage('#view=torchinfo');
    await dropFile(classes, 'torchinfo-unique-layers.json', await readFile(join(reference, 'torchinfo-unique-layers.json'), 'utf8'));
    await classes.waitForFunction(() => JSON.parse(window.modelmeter.state()).inputs.length === 1);
    await classes.waitForTimeout(300);
    await classes.screenshot({ path: join(shots, 'page-torchinfo-unique-layers-alone.png') });
    await classes.context().close();
  });

  await check('an idle page draws no frames (render on demand), and input draws again', async () => {
    const idle = await openPage('#view=breakdown');
    await idle.waitForTimeout(1000);
    const before = await idle.evaluate(() => window.modelmeter.framesDrawn());
    await idle.waitForTimeout(3000);
    const after = await idle.evaluate(() => window.modelmeter.framesDrawn());
    expect(after === before, `${after - before} frames drawn over 3 s without input`);
    await idle.mouse.move(600, 300);
    await idle.waitForTimeout(300);
    const moved = await idle.evaluate(() => window.modelmeter.framesDrawn());
    expect(moved > after, 'moving the mouse drew no frame');
    console.log(`     ${before} frames to settle after start, 0 over 3 s idle, ${moved - after} after a mouse move`);
    await idle.context().close();
  });

  await check('the mouse wheel scrolls the module table a few rows, down for down, and trackpad deltas a little', async () => {
    // 600 px high: the module table overflows. One notch is 100 px in Chromium (deltaMode 0).
    const wheel = await openPage('#view=breakdown', { viewport: { width: 1280, height: 600 } });
    await wheel.mouse.move(700, 500);
    await wheel.waitForTimeout(300);
    const rows = () => wheel.evaluate(() => window.modelmeter.moduleTableScrollRows());
    const r0 = await rows();
    await wheel.mouse.wheel(0, 100);
    await wheel.waitForTimeout(400);
    const r1 = await rows();
    expect(r0 === 0 && r1 >= 2 && r1 <= 6, `one notch down moved the table from row ${r0} to ${r1}, not 2-6 rows down`);
    await wheel.mouse.wheel(0, 100);
    await wheel.waitForTimeout(400);
    const r2 = await rows();
    expect(Math.abs(r2 - 2 * r1) < 0.01, `a second notch moved it to row ${r2}, not ${2 * r1}`);
    await wheel.mouse.wheel(0, -100);
    await wheel.waitForTimeout(400);
    const r3 = await rows();
    expect(Math.abs(r3 - r1) < 0.01, `one notch up moved it to row ${r3}, not back to ${r1}`);
    for (let i = 0; i < 5; ++i) await wheel.mouse.wheel(0, 4);  // a trackpad's small pixel deltas
    await wheel.waitForTimeout(400);
    const r4 = await rows();
    expect(r4 > r3 && r4 - r3 < 1, `five 4 px trackpad deltas moved the table ${r4 - r3} rows (want a fraction of one)`);
    console.log(`     one notch: ${r1.toFixed(2)} rows; five 4 px deltas: ${(r4 - r3).toFixed(2)} rows`);
    await wheel.screenshot({ path: join(shots, 'page-wheel-600px.png') });
    await wheel.context().close();
  });

  await check('no console errors', async () => {
    expect(consoleErrors.length === 0, consoleErrors.join('\n'));
  });
} finally {
  await browser.close();
  server.close();
}
const failed = results.filter(([, e]) => e).length;
console.log(`screenshots in ${shots}`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
