// Issue 18: both built-in models on the page, and one compared with the other. In Debian's Chromium:
//   node tests/e2e/models.test.mjs --site build/wasm/site --cli build/native-release/src/cli/modelmeter
//        [--shots build/wasm/screenshots]
// The page and the CLI agree on both models (#model=deepseek-ocr-2 against `analyze --model
// deepseek-ocr-2`, the same for DeepSeek-OCR); #compare_model= puts the second model's analysis in
// state() beside the first, each equal to the CLI's; the crop sweep offers each model's own grids; the
// compared model is drawn in the sweep (dashed) and on the roofline (rings). Screenshot of the compare
// view: models-compare.png (breakdown: cards and stage table).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { arg, checks, expect, launchChromium, openPage, pageState } from './harness.mjs';

const site = arg('--site', 'build/wasm/site');
const cli = arg('--cli', 'build/native-release/src/cli/modelmeter');
const shots = arg('--shots', 'build/wasm/screenshots');
const { check, finish } = checks();
await mkdir(shots, { recursive: true });

// The CLI's analysis (the reference the page must equal), with the members both print.
function cliJson(...flags) {
  expect(existsSync(cli), `${cli} is missing: build the native preset first (scripts/test.sh does)`);
  return JSON.parse(execFileSync(cli, ['analyze', ...flags, '--format', 'json'], { encoding: 'utf8' }));
}
const members = ['gpu', 'workload', 'params', 'stages', 'latency', 'memory'];
function sameAsCli(page, cliDoc, keys = members) {
  for (const key of keys)
    expect(JSON.stringify(page[key]) === JSON.stringify(cliDoc[key]),
      `${key} differs:\n page ${JSON.stringify(page[key]).slice(0, 400)}\n cli  ${JSON.stringify(cliDoc[key]).slice(0, 400)}`);
}

const errors = [];
const { server, url } = await startServer(site);
const browser = await launchChromium();
try {
  const page = await openPage(browser, `${url}#model=deepseek-ocr-2`, errors, { viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
  // A change through the API owes the page frames; a mouse move draws one more with the mouse out of the way.
  const show = async (hash) => {
    await page.evaluate((h) => window.modelmeter.setHash(h), hash);
    await page.waitForTimeout(250);
    await page.mouse.move(5, 995);
    await page.waitForTimeout(300);
  };
  const chart = () => page.evaluate(() => window.modelmeter.chart());

  await check('#model=deepseek-ocr-2: the page and the CLI agree (stages, latency, memory, workload), in OCR 2\'s default mode', async () => {
    const s = await pageState(page);
    expect(s.last_error === null && s.analysis_error === null, `errors: ${s.last_error} ${s.analysis_error}`);
    expect(s.model.name === 'deepseek-ocr-2', `model ${JSON.stringify(s.model)}`);
    expect(s.workload.mode === 'default' && s.workload.tile_size_px === 768, `mode ${s.workload.mode}, tiles ${s.workload.tile_size_px} px`);
    sameAsCli(s, cliJson('--model', 'deepseek-ocr-2'));
    console.log(`     OCR 2: ${s.workload.crops_w}x${s.workload.crops_h} crops, prefill ${s.workload.prefill_tokens}, ` +
                `page ${(s.latency.page_s * 1e3).toFixed(1)} ms`);
  });

  await check('#model=deepseek-ocr-2&mode=base&batch=3: the same with another mode and batch', async () => {
    await show('model=deepseek-ocr-2&mode=base&batch=3');
    const s = await pageState(page);
    expect(s.workload.mode === 'base' && s.workload.batch === 3, `mode ${s.workload.mode}, batch ${s.workload.batch}`);
    sameAsCli(s, cliJson('--model', 'deepseek-ocr-2', '--mode', 'base', '--batch', '3'));
  });

  await check('#model=deepseek-ocr: the page and the CLI agree on DeepSeek-OCR too', async () => {
    await show('model=deepseek-ocr');
    const s = await pageState(page);
    expect(s.model.name === 'deepseek-ocr' && s.workload.mode === 'gundam', `model ${s.model.name}, mode ${s.workload.mode}`);
    sameAsCli(s, cliJson('--model', 'deepseek-ocr'));
  });

  await check('the crop sweep offers each model\'s own grids: 2 to 9 tiles for DeepSeek-OCR, 2 to 6 for OCR 2', async () => {
    const tiles = (label) => label.split('x').map(Number).reduce((a, b) => a * b, 1);
    for (const [model, max, count] of [['deepseek-ocr', 9, 22], ['deepseek-ocr-2', 6, 13]]) {
      await show(`model=${model}&view=sweep&sweep=crops`);
      const c = await chart();
      const time = c && c.charts && c.charts.find((x) => x.id === 'sweep-time');
      expect(time && Array.isArray(time.x_labels), `no crop sweep chart: ${JSON.stringify(c).slice(0, 300)}`);
      const t = time.x_labels.map(tiles);
      expect(time.x_labels.length === count && Math.min(...t) === 2 && Math.max(...t) === max,
        `${model}: ${time.x_labels.length} grids ${time.x_labels.join(' ')}`);
    }
  });

  let both;
  await check('#compare_model=deepseek-ocr-2: state() holds both analyses, each equal to the CLI\'s', async () => {
    await show('compare_model=deepseek-ocr-2&view=breakdown');
    both = await pageState(page);
    expect(both.model.name === 'deepseek-ocr', `main model ${both.model.name}`);
    sameAsCli(both, cliJson());
    const c = both.compare;
    expect(c && c.model === 'deepseek-ocr-2' && c.gpu === 'rtx5090' && c.label === 'DeepSeek-OCR 2',
      `compare ${JSON.stringify(c && { model: c.model, gpu: c.gpu, label: c.label })}`);
    sameAsCli(c, cliJson('--model', 'deepseek-ocr-2'), ['workload', 'params', 'stages', 'latency', 'memory']);
    expect(/(^|&)compare_model=deepseek-ocr-2(&|$)/.test(both.url_state), `link ${both.url_state}`);
    expect((both.compare_notes || []).some((n) => /has no mode gundam/.test(n)), `notes ${JSON.stringify(both.compare_notes)}`);
    const hash = await page.evaluate(() => location.hash);
    expect(hash.includes('compare_model=deepseek-ocr-2'), `hash ${hash}`);
    const marks = await page.evaluate(() => window.modelmeter.layout());
    for (const name of ['combo:compare-model', 'compare-notes', 'card:0'])
      expect(marks.some((m) => m.name === name), `no landmark ${name}`);
    console.log(`     page: OCR ${(both.latency.page_s * 1e3).toFixed(1)} ms, OCR 2 ${(c.latency.page_s * 1e3).toFixed(1)} ms`);
    await page.screenshot({ path: join(shots, 'models-compare.png') });
  });

  await check('a fresh page with the compare link shows the same two analyses', async () => {
    const fresh = await openPage(browser, `${url}#${both.url_state}`, errors, { viewport: { width: 1280, height: 800 } });
    const s = await pageState(fresh);
    expect(s.url_state === both.url_state, `link ${s.url_state}\n vs ${both.url_state}`);
    expect(JSON.stringify(s.compare) === JSON.stringify(both.compare), 'the compared analysis differs');
    await fresh.context().close();
  });

  await check('the compared model is dashed in the sweep and drawn as rings on the roofline', async () => {
    await show('compare_model=deepseek-ocr-2&view=sweep&sweep=batch');
    const c = await chart();
    for (const x of c.charts) expect(x.compare === true && x.compare_points > 0, `${x.id}: no compared curve`);
    await page.screenshot({ path: join(shots, 'models-compare-sweep.png') });
    await show('compare_model=deepseek-ocr-2&view=sweep&sweep=crops');
    const crops = (await chart()).charts.find((x) => x.id === 'sweep-time');
    expect(crops.points === 22 && crops.compare_points === 13, `crops: ${crops.points} points, ${crops.compare_points} compared`);
    await show('compare_model=deepseek-ocr-2&view=roofline');
    const r = await chart();
    expect(r.view === 'roofline' && r.compare_points > 0, `roofline compare points ${r.compare_points}`);
    await page.screenshot({ path: join(shots, 'models-compare-roofline.png') });
  });

  await check('a compared GPU and a compared model together: one comparison, said on the page', async () => {
    await show('compare_model=deepseek-ocr-2&compare=h100-sxm&view=breakdown');
    const s = await pageState(page);
    expect(s.compare && s.compare.label === 'DeepSeek-OCR 2 on h100-sxm', `label ${s.compare && s.compare.label}`);
    sameAsCli(s.compare, cliJson('--model', 'deepseek-ocr-2', '--gpu', 'h100-sxm'), ['workload', 'stages', 'latency', 'memory']);
    expect((s.compare_notes || [])[0].startsWith('One comparison at a time'), `notes ${JSON.stringify(s.compare_notes)}`);
  });

  await check('no console or page errors', async () => {
    expect(errors.length === 0, errors.join('\n'));
  });
} finally {
  await browser.close();
  server.close();
}
process.exit(finish());
