// Issue 17: the page's Capacity view shows what `modelmeter plan` computes. In Debian's Chromium:
//   node tests/e2e/capacity.test.mjs --site build/wasm/site --cli build/native-release/src/cli/modelmeter [--shots DIR]
// For two GPUs, the view opened by a link (serving profile, 620 new tokens, 1/4/16/64 in flight, a TPOT
// bound) carries the same plan as the CLI with the same flags; the knobs are in the link; the charts
// (throughput with what binds, TTFT and TPOT with the SLA bound) plot exactly the CLI's rows where the
// axes put them, mark the best row and the largest that fits, and a hover names the row; a compared
// model or GPU draws the CLI's plan for it too; at 414 px the table scrolls rather than squeezing its
// Fits and Limit columns. Screenshots: capacity-*.png at 1600x1000 and 414x896.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { arg, checks, expect, launchChromium, openPage, pageState } from './harness.mjs';

const site = arg('--site', 'build/wasm/site');
const cli = arg('--cli', 'build/native-release/src/cli/modelmeter');
const shots = arg('--shots', 'build/wasm/screenshots');
await mkdir(shots, { recursive: true });
const { check, finish } = checks();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The Capacity charts against `modelmeter plan --format json` (and the compared plan's): both charts
// plot every row by concurrency, with the row's own figures at the positions the axes give them.
function checkCharts(chart, plan, other) {
  expect(chart.charts && chart.charts.map((x) => x.id).join() === 'capacity-throughput,capacity-latency',
         `charts ${JSON.stringify(chart.charts && chart.charts.map((x) => x.id))}`);
  const byC = (rows) => [...rows].sort((a, b) => a.concurrency - b.concurrency);
  const rows = byC(plan.rows);
  const keys = { 'capacity-throughput': ['pages_per_s'], 'capacity-latency': ['ttft_end_to_end_s', 'tpot_s'] };
  let compared = 0;
  for (const x of chart.charts) {
    const [x0, y0, x1, y1] = x.plot;
    const sx = (c) => x0 + (Math.log(c) - Math.log(x.x[0])) / (Math.log(x.x[1]) - Math.log(x.x[0])) * (x1 - x0);
    const sy = (v) => (x.log_y ? y1 - (Math.log(v) - Math.log(x.y[0])) / (Math.log(x.y[1]) - Math.log(x.y[0])) * (y1 - y0)
                               : y1 - (v - x.y[0]) / (x.y[1] - x.y[0]) * (y1 - y0));
    const match = (points, want, what) => {
      expect(points && points.length === want.length, `${x.id}: ${points && points.length} ${what} points for ${want.length} rows`);
      want.forEach((r, i) => {
        const p = points[i];
        expect(p.concurrency === r.concurrency && p.fits === r.fits && p.meets_sla === r.meets_sla && p.limit === r.limit,
               `${x.id} ${what} point ${i}: ${JSON.stringify(p)}\n row ${JSON.stringify(r)}`);
        expect(Math.abs(p.sx - sx(r.concurrency)) < 1, `${x.id} ${what} C=${r.concurrency}: x ${p.sx}, the axis puts it at ${sx(r.concurrency)}`);
        for (const k of keys[x.id]) {
          expect(p[k] === r[k], `${x.id} ${what} C=${r.concurrency}: ${k} ${p[k]}, the CLI's ${r[k]}`);
          expect(Math.abs(p[`sy_${k}`] - sy(r[k])) < 1, `${x.id} ${what} C=${r.concurrency}: ${k} at y ${p[`sy_${k}`]}, the axis puts it at ${sy(r[k])}`);
        }
      });
    };
    match(x.points, rows, 'plotted');
    const best = x.points.filter((p) => p.best).map((p) => p.concurrency);
    expect(JSON.stringify(best) === JSON.stringify(plan.best_concurrency ? [plan.best_concurrency] : []) &&
           x.best_concurrency === plan.best_concurrency, `${x.id}: best ${best} / ${x.best_concurrency}, the CLI's ${plan.best_concurrency}`);
    expect(x.max_concurrency === plan.max_concurrency, `${x.id}: largest that fits ${x.max_concurrency}, the CLI's ${plan.max_concurrency}`);
    expect(x.log_x && x.x_ticks.every((t) => Math.log2(Number(t)) % 1 === 0), `${x.id}: x ticks ${x.x_ticks} are not powers of two`);
    if (other) { match(x.compare_points, byC(other.rows), 'compared'); compared += x.compare_points.length; }
    else expect(!x.compare && !x.compare_points, `${x.id}: a compared curve without a comparison`);
  }
  // The latency chart draws the SLA bounds at their values.
  const lat = chart.charts[1];
  const bounds = (lat.limits || []).map((l) => l.y);
  if (plan.tpot_max_s > 0) expect(bounds.includes(plan.tpot_max_s), `no TPOT bound ${plan.tpot_max_s} in ${JSON.stringify(lat.limits)}`);
  if (plan.ttft_max_s > 0) expect(bounds.includes(plan.ttft_max_s), `no TTFT bound ${plan.ttft_max_s} in ${JSON.stringify(lat.limits)}`);
  // The band names what binds, run by run, covering every row.
  const band = chart.charts[0].band;
  expect(band && band.length > 0 && band[0].from === rows[0].concurrency && band[band.length - 1].to === rows[rows.length - 1].concurrency,
         `band ${JSON.stringify(band)}`);
  for (const run of band)
    for (const r of rows.filter((r) => r.concurrency >= run.from && r.concurrency <= run.to))
      expect(r.limit === run.limit, `band says ${run.limit} for C=${r.concurrency}, the row ${r.limit}`);
  console.log(`     charts: ${chart.charts.map((x) => x.points.length).join(' + ')} points equal the CLI's rows` +
              (other ? `, ${compared} compared points equal the compared plan's` : ''));
}

const errors = [];
const { server, url } = await startServer(site);
const browser = await launchChromium();
try {
  for (const gpu of ['rtx5090', 'a100-40gb']) {
    await check(`${gpu}: the Capacity view's plan is modelmeter plan's`, async () => {
      const hash = `gpu=${gpu}&profile=serving&new_tokens=620&view=capacity&concurrency=1,4,16,64&tpot_max_ms=8`;
      const page = await openPage(browser, `${url}#${hash}`, errors, { viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
      await page.mouse.move(5, 995);
      await page.waitForTimeout(400);
      const s = await pageState(page);
      expect(s.notices.length === 0, `notices ${JSON.stringify(s.notices)}`);
      expect(s.view === 'capacity' && s.capacity && !s.capacity.error, JSON.stringify(s.capacity).slice(0, 300));
      const c = JSON.parse(execFileSync(cli, ['plan', '--gpu', gpu, '--profile', 'serving', '--new-tokens', '620', '--concurrency', '1,4,16,64',
        '--tpot-max-ms', '8', '--format', 'json'], { encoding: 'utf8' }));
      for (const key of ['rows', 'max_concurrency', 'best_concurrency', 'prefill_page_s', 'kv_bytes_per_sequence', 'weights_bytes'])
        expect(same(s.capacity[key], c[key]), `${key}: page ${JSON.stringify(s.capacity[key]).slice(0, 300)}\n cli  ${JSON.stringify(c[key]).slice(0, 300)}`);
      expect(/concurrency=1%2C4%2C16%2C64/.test(s.url_state) && /tpot_max_ms=8/.test(s.url_state), s.url_state);
      const chart = await page.evaluate(() => window.modelmeter.chart());
      expect(chart && chart.view === 'capacity' && chart.rows === 4, JSON.stringify(chart).slice(0, 300));
      checkCharts(chart, c, null);
      // Hovering a point names its row.
      const tp = chart.charts[0];
      const target = tp.points[2];
      await page.mouse.move(target.sx, target.sy_pages_per_s);
      await page.waitForTimeout(300);
      const hovered = (await page.evaluate(() => window.modelmeter.chart())).charts[0].hovered;
      expect(hovered && hovered.concurrency === target.concurrency, `hovered ${JSON.stringify(hovered)}, not C=${target.concurrency}`);
      await page.screenshot({ path: join(shots, `capacity-${gpu}-hover.png`) });
      await page.mouse.move(5, 995);
      await page.waitForTimeout(300);
      for (const r of s.capacity.rows)
        console.log(`     ${gpu} C=${r.concurrency}: TTFT ${(r.ttft_s * 1e3).toFixed(1)} ms, TPOT ${(r.tpot_s * 1e3).toFixed(2)} ms, ` +
                    `${r.pages_per_s.toFixed(3)} pages/s, ${r.fits ? 'fits' : 'does not fit'}, ${r.limit}`);
      await page.screenshot({ path: join(shots, `capacity-${gpu}.png`) });
      await page.context().close();
    });
  }
  for (const [what, link, flags] of [['compare_model=deepseek-ocr-2', 'compare_model=deepseek-ocr-2', ['--model', 'deepseek-ocr-2']],
                                     ['compare=h100-sxm', 'compare=h100-sxm', ['--gpu', 'h100-sxm']]]) {
    await check(`${what}: the compared plan's curves are modelmeter plan's for it`, async () => {
      const hash = `gpu=rtx5090&profile=serving&new_tokens=620&view=capacity&concurrency=1..512*2&tpot_max_ms=8&ttft_max_s=2&${link}`;
      const page = await openPage(browser, `${url}#${hash}`, errors, { viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
      await page.mouse.move(5, 995);
      await page.waitForTimeout(400);
      const s = await pageState(page);
      expect(s.notices.length === 0, `notices ${JSON.stringify(s.notices)}`);
      const base = ['plan', '--profile', 'serving', '--new-tokens', '620', '--concurrency', '1..512*2', '--tpot-max-ms', '8',
        '--ttft-max-s', '2', '--format', 'json'];
      const mine = JSON.parse(execFileSync(cli, [...base, '--gpu', 'rtx5090'], { encoding: 'utf8' }));
      // The compared model runs on this GPU; a compared GPU replaces it.
      const other = JSON.parse(execFileSync(cli, [...base, ...(flags[0] === '--gpu' ? flags : ['--gpu', 'rtx5090', ...flags])], { encoding: 'utf8' }));
      expect(s.compare_capacity && same(s.compare_capacity.rows, other.rows), `state's compared plan is not the CLI's: ${JSON.stringify(s.compare_capacity).slice(0, 300)}`);
      const chart = await page.evaluate(() => window.modelmeter.chart());
      checkCharts(chart, mine, other);
      expect(chart.charts.every((x) => x.compare && x.compare_label === `${s.compare.label} (dashed)`), `compare label ${chart.charts.map((x) => x.compare_label)}`);
      // The compared plan's own best row and largest concurrency that fits are marked from its rows, as the CLI has them.
      expect(chart.charts.every((x) => x.compare_max_concurrency === other.max_concurrency && x.compare_best_concurrency === other.best_concurrency),
        `compared markers ${chart.charts.map((x) => `${x.compare_best_concurrency}/${x.compare_max_concurrency}`)}, cli ${other.best_concurrency}/${other.max_concurrency}`);
      const best = (p) => (p.best_concurrency === null ? 'none' : p.best_concurrency);
      console.log(`     rtx5090 against ${s.compare.label}: best ${best(mine)} vs ${best(other)}, largest that fits ${mine.max_concurrency} vs ` +
                  `${other.max_concurrency}; ${chart.charts[0].points.length} + ${chart.charts[0].compare_points.length} points per chart`);
      await page.screenshot({ path: join(shots, `capacity-compare-${what.replace(/[=]/g, '-')}.png`) });
      await page.context().close();
    });
  }
  await check('414x896: the charts stack inside the window, the table scrolls sideways with Fits and Limit whole', async () => {
    const hash = 'gpu=rtx5090&profile=serving&new_tokens=620&view=capacity&concurrency=1..512*2&tpot_max_ms=8&compare_model=deepseek-ocr-2';
    const page = await openPage(browser, `${url}#${hash}`, errors, { viewport: { width: 414, height: 896 }, deviceScaleFactor: 1 });
    await page.mouse.move(5, 5);
    await page.waitForTimeout(400);
    const chart = await page.evaluate(() => window.modelmeter.chart());
    expect(chart.charts && chart.charts.length === 2, `charts ${JSON.stringify(chart).slice(0, 200)}`);
    const [a, b] = chart.charts;
    expect(b.plot[1] > a.plot[3], `not stacked: throughput ${a.plot}, latency ${b.plot}`);
    for (const x of chart.charts) expect(x.plot[0] >= 0 && x.plot[2] <= 414, `${x.id} leaves the window: ${x.plot}`);
    const marks = await page.evaluate(() => window.modelmeter.layout());
    for (const m of marks.filter((m) => m.name.startsWith('capacity-')))
      expect(m.x >= -1 && m.x + m.w <= 415, `${m.name} leaves the 414 px window: ${JSON.stringify(m)}`);
    await page.screenshot({ path: join(shots, 'capacity-414x896.png') });
    // Down to the table (it is drawn only once in view): the view scrolls under the wheel.
    await page.mouse.move(200, 600);
    await page.waitForTimeout(150);
    for (let i = 0; i < 10; ++i) { await page.mouse.wheel(0, 100); await page.waitForTimeout(120); }
    await page.mouse.move(5, 5);
    await page.waitForTimeout(300);
    const cols = (await page.evaluate(() => window.modelmeter.chart())).table_columns;
    for (const name of ['In flight', 'Pages/s', 'Fits', 'Limit']) {
      const col = cols && cols[name];
      expect(col && col.width >= col.widest_cell, `${name}: ${JSON.stringify(col)} (every column ${JSON.stringify(cols)})`);
    }
    console.log(`     414 px: Fits ${cols.Fits.width.toFixed(0)} px for ${cols.Fits.widest_cell.toFixed(0)}, Limit ${cols.Limit.width.toFixed(0)} px for ` +
                `${cols.Limit.widest_cell.toFixed(0)}; columns shown: ${Object.keys(cols).join(', ')}`);
    await page.screenshot({ path: join(shots, 'capacity-414x896-table.png') });
    await page.context().close();
  });
  await check('a dropped network has no Capacity plan, and says why', async () => {
    const page = await openPage(browser, `${url}#view=capacity`, errors);
    const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
    const cnn = readFileSync(join(repo, 'tests', 'fixtures', 'torchinfo', 'cnn-summary.txt'), 'utf8');
    await page.evaluate((t) => window.modelmeter.load('cnn-summary.txt', t), cnn);
    const link = (await pageState(page)).url_state.replace(/view=\w+/, 'view=capacity');
    await page.evaluate((h) => window.modelmeter.setHash(h), link);
    await page.waitForTimeout(300);
    const s = await pageState(page);
    expect(s.network && s.capacity && /is one forward pass/.test(s.capacity.error), JSON.stringify(s.capacity));
    await page.context().close();
  });
  await check('no console error on the way', async () => { expect(errors.length === 0, errors.join('\n')); });
} finally {
  await browser.close();
  server.close();
}
process.exit(finish());
