// Issue 18: both built-in models on the page, and one compared with the other. In Debian's Chromium:
//   node tests/e2e/models.test.mjs --site build/wasm/site --cli build/native-release/src/cli/modelmeter
//        [--shots build/wasm/screenshots]
// The page and the CLI agree on both models (#model=deepseek-ocr-2 against `analyze --model
// deepseek-ocr-2`, the same for DeepSeek-OCR); #compare_model= puts the second model's analysis in
// state() beside the first, each equal to the CLI's; the crop sweep offers each model's own grids; the
// compared model is drawn in the sweep (dashed) and on the roofline (rings). The breakdown view's stage
// bars pair both analyses per stage and its module table shows the compared model's modules (a switch)
// or, comparing GPUs, the compared time and ratio of each module: every number drawn (chart(), as the
// last frame drew it) equals `modelmeter analyze` for the same options. Screenshots: models-compare.png
// (breakdown: cards and stage table), compare-*.png (the bars and module tables at 1600x1000 and 414x896).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  return JSON.parse(execFileSync(cli, ['analyze', ...flags, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}
const members = ['gpu', 'workload', 'params', 'stages', 'latency', 'memory'];
function sameAsCli(page, cliDoc, keys = members) {
  for (const key of keys)
    expect(JSON.stringify(page[key]) === JSON.stringify(cliDoc[key]),
      `${key} differs:\n page ${JSON.stringify(page[key]).slice(0, 400)}\n cli  ${JSON.stringify(cliDoc[key]).slice(0, 400)}`);
}

// The drawn stage bars against the CLI's stages: each analysis's time and FLOPs, the ratio, and a stage
// one of them lacks drawn as absent (null), never as zero.
function barsMatch(bars, mine, theirs) {
  expect(bars && Array.isArray(bars.rows) && bars.rows.length > 0, `no stage bars: ${JSON.stringify(bars).slice(0, 300)}`);
  const stagesOf = (doc) => Object.keys(doc.stages).filter((k) => k !== 'total');
  const all = [...new Set([...stagesOf(mine), ...stagesOf(theirs)])];
  expect(JSON.stringify(bars.rows.map((r) => r.stage).sort()) === JSON.stringify(all.sort()), `stages ${bars.rows.map((r) => r.stage)} vs ${all}`);
  for (const r of bars.rows) {
    for (const [side, doc] of [['this', mine], ['compare', theirs]]) {
      const want = doc.stages[r.stage];
      if (!want) { expect(r[side] === null, `${r.stage} ${side}: drawn though the CLI has no such stage`); continue; }
      expect(r[side] && r[side].time_s === want.time_s && r[side].flops === want.flops && r[side].bytes === want.bytes,
        `${r.stage} ${side}: bar ${JSON.stringify(r[side])}, cli time ${want.time_s} flops ${want.flops} bytes ${want.bytes}`);
    }
    const a = mine.stages[r.stage], b = theirs.stages[r.stage];
    expect(r.ratio === (a && b ? b.time_s / a.time_s : null), `${r.stage}: ratio ${r.ratio}`);
  }
}
// The vision parts' bars against the CLI's modules they name, and their ratio.
function partsMatch(parts, mine, theirs) {
  for (const p of parts) {
    for (const [side, doc] of [['this', mine], ['compare', theirs]]) {
      const m = p[side] && doc.modules.find((x) => x.id === p[side].name);
      expect(m && p[side].time_s === m.time_s && p[side].flops === m.flops && p[side].bytes === m.bytes,
        `${p.role} ${side}: bar ${JSON.stringify(p[side])}, cli ${m && m.time_s}`);
    }
    expect(p.ratio === p.compare.time_s / p.this.time_s, `${p.role}: ratio ${p.ratio}`);
  }
}
// The drawn module rows against the CLI's modules (by id); with `vs`, the compared GPU's time and ratio.
function rowsMatch(table, doc, vs) {
  expect(table && Array.isArray(table.rows) && table.rows.length > 3, `no module rows: ${JSON.stringify(table).slice(0, 300)}`);
  expect(table.count === doc.modules.length, `${table.count} modules drawn from, the CLI has ${doc.modules.length}`);
  const byId = (d) => new Map(d.modules.map((m) => [m.id, m]));
  const mine = byId(doc), theirs = vs && byId(vs);
  for (const r of table.rows) {
    const m = mine.get(r.id);
    expect(m && r.time_s === m.time_s && r.flops === m.flops, `${r.id}: row ${JSON.stringify(r)}, cli ${m && m.time_s} ${m && m.flops}`);
    if (!vs) { expect(!('compare_time_s' in r), `${r.id}: a compared column without a compared GPU`); continue; }
    const o = theirs.get(r.id);
    expect(o && r.compare_time_s === o.time_s && r.ratio === o.time_s / m.time_s,
      `${r.id}: compared ${r.compare_time_s} ratio ${r.ratio}, cli ${o && o.time_s}`);
  }
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
  // On a phone the bars and the module table are below the cards: the wheel over the view scrolls to them.
  const scrollDown = async () => {
    await page.mouse.move(200, 800);
    for (let i = 0; i < 12; ++i) { await page.mouse.wheel(0, 300); await page.waitForTimeout(120); }
    await page.mouse.move(1, 1);  // no hover tooltip in the picture
    await page.waitForTimeout(300);
  };
  // A click as a hand makes one: ImGui 1.86 reads the buttons once per frame, so the press is held across frames.
  const clickMark = async (name) => {
    const m = (await page.evaluate(() => window.modelmeter.layout())).find((x) => x.name === name);
    expect(m, `no landmark ${name}`);
    await page.mouse.move(m.x + m.w / 2, m.y + m.h / 2);
    await page.waitForTimeout(120);
    await page.mouse.down();
    await page.waitForTimeout(120);
    await page.mouse.up();
    await page.waitForTimeout(250);
    await page.mouse.move(5, 995);
    await page.waitForTimeout(300);
  };

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

  await check('#compare_model=deepseek-ocr-2: the stage bars pair both models per stage, each bar equal to the CLI\'s stage', async () => {
    await show('compare_model=deepseek-ocr-2&view=breakdown');
    const c = await chart();
    expect(c && c.view === 'breakdown', `chart ${JSON.stringify(c).slice(0, 200)}`);
    expect(c.stage_bars.this === 'DeepSeek-OCR' && c.stage_bars.compare === 'DeepSeek-OCR 2', `labels ${c.stage_bars.this} / ${c.stage_bars.compare}`);
    barsMatch(c.stage_bars, cliJson(), cliJson('--model', 'deepseek-ocr-2'));
    // The vision stage opens into its parts, paired by role: CLIP against the Qwen2 encoder.
    const ocr1 = cliJson(), ocr2 = cliJson('--model', 'deepseek-ocr-2');
    const parts = c.stage_bars.vision_parts;
    expect(Array.isArray(parts) && parts.length === 3, `vision parts ${JSON.stringify(parts).slice(0, 300)}`);
    const pairs = parts.map((p) => `${p.this && p.this.name}|${p.compare && p.compare.name}`);
    expect(JSON.stringify(pairs) === JSON.stringify(['vision/sam_model|vision/sam_model', 'vision/vision_model|vision/qwen2_model',
      'vision/projector|vision/projector']), `pairs ${pairs}`);
    partsMatch(parts, ocr1, ocr2);
    const v = c.stage_bars.rows.find((r) => r.stage === 'vision');
    console.log(`     vision: OCR ${(v.this.time_s * 1e3).toFixed(2)} ms, OCR 2 ${(v.compare.time_s * 1e3).toFixed(2)} ms (ratio ${v.ratio.toFixed(3)})`);
    const marks = await page.evaluate(() => window.modelmeter.layout());
    for (const name of ['stage-bars-key', 'module-source:this', 'module-source:compare'])
      expect(marks.some((m) => m.name === name), `no landmark ${name}`);
  });

  await check('#compare_model=deepseek-ocr-2: the module table switches to OCR 2\'s own tree, every row equal to the CLI\'s module', async () => {
    let t = (await chart()).module_table;
    expect(t.compared === false && t.model === 'deepseek-ocr' && t.compare_gpu === null, `table ${JSON.stringify({ ...t, rows: t.rows.length })}`);
    rowsMatch(t, cliJson());
    await clickMark('module-source:compare');
    t = (await chart()).module_table;
    expect(t.compared === true && t.model === 'deepseek-ocr-2' && t.analysis === 'DeepSeek-OCR 2', `after the switch: ${t.model} ${t.analysis}`);
    const ocr2 = cliJson('--model', 'deepseek-ocr-2');
    rowsMatch(t, ocr2);
    const ocr1Ids = new Set(cliJson().modules.map((m) => m.id));
    expect(t.rows.some((r) => !ocr1Ids.has(r.id)), 'every drawn row is also a DeepSeek-OCR module: not OCR 2\'s own tree');
    console.log(`     OCR 2's table: ${t.count} modules, ${t.rows.length} rows drawn; first ${t.rows.slice(0, 3).map((r) => r.id).join(', ')}`);
    const s = await pageState(page);
    expect(s.selected_module === null, `the switch selected ${s.selected_module}`);
    await page.screenshot({ path: join(shots, 'compare-models-1600.png') });
    await page.setViewportSize({ width: 414, height: 896 });
    await page.waitForTimeout(400);
    t = (await chart()).module_table;
    expect(t.compared === true, 'the phone layout lost the switch');
    await page.screenshot({ path: join(shots, 'compare-models-414.png') });
    await scrollDown();
    await page.screenshot({ path: join(shots, 'compare-models-414-table.png') });
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.waitForTimeout(300);
    await clickMark('module-source:this');
    t = (await chart()).module_table;
    expect(t.compared === false && t.model === 'deepseek-ocr', `back: ${t.model}`);
    await show('compare_model=deepseek-ocr-2&view=breakdown&theme=light');  // the lighter compared bars on a light page
    await page.screenshot({ path: join(shots, 'compare-models-light-1600.png') });
    await show('compare_model=deepseek-ocr-2&view=breakdown&theme=dark');
  });

  await check('#compare_model=deepseek-ocr-2: the treemap switches to OCR 2\'s tree with the module table\'s switch', async () => {
    await show('compare_model=deepseek-ocr-2&view=treemap');
    let c = await chart();
    expect(c.view === 'treemap' && c.model === 'deepseek-ocr' && c.compared === false, `treemap ${c.model} ${c.compared}`);
    await clickMark('treemap-source:compare');
    c = await chart();
    expect(c.model === 'deepseek-ocr-2' && c.compared === true && c.tiles > 0 && c.root === -1, `after the switch: ${c.model}, ${c.tiles} tiles, root ${c.root}`);
    await page.screenshot({ path: join(shots, 'compare-models-treemap-1600.png') });
    await clickMark('treemap-source:this');
    c = await chart();
    expect(c.model === 'deepseek-ocr' && c.compared === false, `back: ${c.model}`);
  });

  await check('#compare=h100-sxm: bars and the module table\'s compared time and ratio equal the CLI on the H100', async () => {
    await show('compare=h100-sxm&view=breakdown');
    const c = await chart();
    expect(c.stage_bars.this === 'rtx5090' && c.stage_bars.compare === 'h100-sxm', `labels ${c.stage_bars.this} / ${c.stage_bars.compare}`);
    const mine = cliJson(), h100 = cliJson('--gpu', 'h100-sxm');
    barsMatch(c.stage_bars, mine, h100);
    const parts = c.stage_bars.vision_parts;
    expect(parts.length === 3 && parts.every((p) => p.this.name === p.compare.name), `vision parts ${JSON.stringify(parts).slice(0, 300)}`);
    partsMatch(parts, mine, h100);
    const t = c.module_table;
    expect(t.compared === false && t.compare_gpu === 'h100-sxm' && t.model === 'deepseek-ocr', `table ${t.model} ${t.compare_gpu}`);
    rowsMatch(t, mine, h100);
    const marks = await page.evaluate(() => window.modelmeter.layout());
    for (const name of ['column:Time on h100-sxm', 'column:Ratio'])
      expect(marks.some((m) => m.name === name), `no landmark ${name}`);
    expect(!marks.some((m) => m.name === 'module-source:compare'), 'a model switch while comparing GPUs');
    const d = t.rows.find((r) => r.id === 'decode');
    console.log(`     decode: rtx5090 ${(d.time_s * 1e3).toFixed(1)} ms, h100-sxm ${(d.compare_time_s * 1e3).toFixed(1)} ms, ratio ${d.ratio.toFixed(3)}`);
    await page.screenshot({ path: join(shots, 'compare-gpus-1600.png') });
    await page.setViewportSize({ width: 414, height: 896 });
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(shots, 'compare-gpus-414.png') });
    await scrollDown();
    await page.screenshot({ path: join(shots, 'compare-gpus-414-table.png') });
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.waitForTimeout(300);
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

  await check('"Load a DeepSeek-OCR 2 sample" (a click) selects deepseek-ocr-2 and the run its summary records, as analyze --torchinfo does', async () => {
    await show('model=deepseek-ocr');
    const sample = fileURLToPath(new URL('../../assets/samples/deepseek-ocr-2-mimic-1536x768-summary.txt', import.meta.url));
    await clickMark('button:sample-ocr2');
    const s = await pageState(page);
    expect(s.last_error === null && s.analysis_error === null, `errors: ${s.last_error} ${s.analysis_error}`);
    expect(s.model.name === 'deepseek-ocr-2', `model ${JSON.stringify(s.model)}`);
    // 1536x768: 2 crops of 768 (count_tiles), T = 256 + 144 x 2 + 1 = 545, prefill 555 with the prompt.
    expect(s.workload.image_tokens === 545 && s.workload.prefill_tokens === 555,
      `T ${s.workload.image_tokens}, S ${s.workload.prefill_tokens}`);
    sameAsCli(s, cliJson('--torchinfo', sample));
    if (shots) await page.screenshot({ path: join(shots, 'models-ocr2-sample.png') });
  });

  await check('no console or page errors', async () => {
    expect(errors.length === 0, errors.join('\n'));
  });
} finally {
  await browser.close();
  server.close();
}
process.exit(finish());
