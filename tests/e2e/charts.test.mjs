// The charts in Debian's Chromium: the roofline zooms with a real wheel and names every module behind a
// merged point on hover, the sweep's ticks are 1-2-5 numbers with markers at the current batch and the
// largest that fits, the compared GPU overlays both, the treemap drills down and back. Screenshots of
// every chart in both themes land in --shots.
//   node tests/e2e/charts.test.mjs --site build/wasm/site --shots DIR
// Coordinates: window.modelmeter.chart() reports ImGui's pixels, which are CSS pixels at the
// deviceScaleFactor 1 used here.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { arg, checks, expect, launchChromium, openPage, pageState } from './harness.mjs';

const site = arg('--site', 'build/wasm/site');
const shots = arg('--shots', 'build/wasm/screenshots');
await mkdir(shots, { recursive: true });

const { check, finish } = checks();
const { server, url } = await startServer(site);
const browser = await launchChromium();
const errors = [];
const page = await openPage(browser, url, errors, { viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });

const chart = () => page.evaluate(() => window.modelmeter.chart());
// A change through the API owes the page frames; a mouse move draws one more with the mouse where we say.
async function show(hash) {
  await page.evaluate((h) => window.modelmeter.setHash(h), hash);
  await page.waitForTimeout(250);
  await page.mouse.move(5, 995);
  await page.waitForTimeout(250);
}
// ImGui 1.86 reads the buttons once per frame: a double-click as a hand makes one, each press held
// across a frame, both within ImGui's 0.3 s.
async function doubleClick(x, y) {
  await page.mouse.move(x, y);
  await page.waitForTimeout(100);
  for (let i = 0; i < 2; ++i) {
    await page.mouse.down();
    await page.waitForTimeout(60);
    await page.mouse.up();
    await page.waitForTimeout(60);
  }
  await page.waitForTimeout(250);
}
const decades = (r) => Math.log10(r[1]) - Math.log10(r[0]);
const oneTwoFive = (label) => /^(1|2|5)0*(k)?$/.test(label);

try {
  await check('roofline: a wheel over the plot zooms about the mouse, a drag pans, Fit shows the data again', async () => {
    await show('view=roofline&theme=dark');
    const before = await chart();
    expect(before && before.view === 'roofline', `chart is ${JSON.stringify(before && before.view)}`);
    const [x0, y0, x1, y1] = before.plot;
    const mx = x0 + (x1 - x0) * 0.6, my = y0 + (y1 - y0) * 0.5;
    const xAtMouse = 10 ** (Math.log10(before.x[0]) + 0.6 * decades(before.x));
    await page.mouse.move(mx, my);
    await page.waitForTimeout(150);
    for (let i = 0; i < 3; ++i) { await page.mouse.wheel(0, -100); await page.waitForTimeout(120); }  // three notches up
    await page.waitForTimeout(200);
    const after = await chart();
    // Three notches show 0.8^3 = 51 % of the range; allow for a notch merged into one frame.
    expect(decades(after.x) < 0.85 * decades(before.x), `x range ${before.x} -> ${after.x}: not zoomed`);
    expect(decades(after.y) < 0.85 * decades(before.y), `y range ${before.y} -> ${after.y}: not zoomed`);
    expect(after.x[0] < xAtMouse && xAtMouse < after.x[1], `zoom left the mouse's x ${xAtMouse} outside ${after.x}`);
    expect(after.x[0] > before.x[0] && after.x[1] < before.x[1], `zoom is not about the mouse: ${before.x} -> ${after.x}`);
    await page.screenshot({ path: join(shots, 'charts-roofline-zoomed.png') });
    // Drag pans: the range keeps its width and moves.
    await page.mouse.down();
    await page.mouse.move(mx - 200, my, { steps: 5 });
    await page.mouse.up();
    await page.waitForTimeout(200);
    const panned = await chart();
    expect(Math.abs(decades(panned.x) - decades(after.x)) < 1e-6 && panned.x[0] > after.x[0] * 1.01, `drag did not pan: ${after.x} -> ${panned.x}`);
    // Fit shows the data again. (A double-click does too, but under SwiftShader on a loaded machine one
    // frame can outlast a press and ImGui 1.86 drops it: the button is the deterministic check.)
    const [bx0, by0, bx1, by1] = panned.fit_button;
    await page.mouse.move((bx0 + bx1) / 2, (by0 + by1) / 2);
    await page.waitForTimeout(150);
    await page.mouse.down();
    await page.waitForTimeout(150);
    await page.mouse.up();
    await page.waitForTimeout(250);
    await page.mouse.move(mx, my);
    await page.waitForTimeout(200);
    const fitted = await chart();
    expect(Math.abs(decades(fitted.x) - decades(before.x)) < 1e-9, `Fit did not fit: ${fitted.x} vs ${before.x}`);
  });

  await check('roofline: hovering a merged point names every module behind it', async () => {
    await show('view=roofline');
    const c = await chart();
    const merged = c.points.filter((p) => p.modules >= 10).sort((a, b) => b.modules - a.modules);
    expect(merged.length > 0, `no point stands for 10 or more modules: ${JSON.stringify(c.points.map((p) => p.modules))}`);
    // One that is not hidden under the legend or a neighbour: try the largest few.
    let hovered = null, target = null;
    for (const p of merged.slice(0, 6)) {
      await page.mouse.move(p.sx, p.sy);
      await page.waitForTimeout(200);
      const h = (await chart()).hovered;
      if (h && h.modules === p.modules) { hovered = h; target = p; break; }
    }
    expect(hovered, 'no merged point answers a hover');
    const text = hovered.lines.join(' | ');
    // The lines name the modules as ranges: one line for many layers ("layers.1..11.mlp...").
    expect(/\.\d+\.\.\d+/.test(text) || /\d+,\d+/.test(text), `lines do not collapse the layers: ${text}`);
    expect(hovered.lines.length <= 8, `${hovered.lines.length} lines: not capped`);
    await page.screenshot({ path: join(shots, 'charts-roofline-hover.png') });
    console.log(`     hovered ${target.modules} modules: ${text}`);
  });

  await check('roofline: the stage filter and the compared GPU', async () => {
    await show('view=roofline&compare=h100-sxm');
    const c = await chart();
    expect(c.compare_points > 0, 'the compared GPU draws no points');
    await page.screenshot({ path: join(shots, 'charts-roofline-compare-dark.png') });
    await show('view=roofline&compare=h100-sxm&theme=light');
    await page.screenshot({ path: join(shots, 'charts-roofline-compare-light.png') });
  });

  await check('sweep over batch: 1-2-5 ticks, current and largest-batch markers, throughput, the compared GPU dashed', async () => {
    await show('view=sweep&sweep=batch&batch=4&compare=h100-sxm&theme=dark');
    const s = await pageState(page);
    const c = await chart();
    expect(c.view === 'sweep' && c.axis === 'batch', JSON.stringify([c.view, c.axis]));
    const ids = c.charts.map((x) => x.id);
    expect(JSON.stringify(ids) === JSON.stringify(['sweep-time', 'sweep-memory', 'sweep-throughput']), `charts ${ids}`);
    for (const x of c.charts) {
      expect(x.log_x && x.x_ticks.every(oneTwoFive), `${x.id}: x ticks ${x.x_ticks}`);
      expect(x.current_x === 4, `${x.id}: current ${x.current_x}`);
      expect(x.limit_x === s.memory.max_batch, `${x.id}: limit ${x.limit_x}, max_batch ${s.memory.max_batch}`);
      expect(x.compare === true, `${x.id}: no compared GPU`);
    }
    const time = c.charts[0];
    expect(time.log_y, 'time is linear over a log x');
    // Hover names the x: "batch N".
    await page.mouse.move((time.plot[0] + time.plot[2]) / 2, (time.plot[1] + time.plot[3]) / 2);
    await page.waitForTimeout(250);
    const hovered = (await chart()).charts[0].hovered;
    expect(/^batch \d+$/.test(hovered || ''), `tooltip header ${hovered}`);
    await page.screenshot({ path: join(shots, 'charts-sweep-batch-dark.png') });
    await show('view=sweep&sweep=batch&batch=4&compare=h100-sxm&theme=light');
    await page.screenshot({ path: join(shots, 'charts-sweep-batch-light.png') });
    await show('view=sweep&sweep=new_tokens&theme=dark');
    const tokens = await chart();
    expect(tokens.charts.length === 2 && tokens.charts[0].current_x === 512, JSON.stringify(tokens.charts.map((x) => [x.id, x.current_x])));
    await page.screenshot({ path: join(shots, 'charts-sweep-tokens-dark.png') });
    await show('view=sweep&sweep=crops&theme=light');
    await page.screenshot({ path: join(shots, 'charts-sweep-crops-light.png') });
  });

  await check('treemap: clicking a group zooms into it, right-click goes back up, selecting keeps the layout', async () => {
    await show('view=treemap&theme=dark');
    const top = await chart();
    expect(top.view === 'treemap' && top.root === -1, JSON.stringify(top).slice(0, 300));
    await page.screenshot({ path: join(shots, 'charts-treemap-dark.png') });
    const group = top.groups.filter((g) => g.w > 200)[0];
    expect(group, `no group label wide enough to click: ${JSON.stringify(top.groups).slice(0, 300)}`);
    await page.mouse.click(group.x + 40, group.y + group.h / 2);
    await page.waitForTimeout(300);
    await page.mouse.move(group.x + 41, group.y + group.h / 2);
    await page.waitForTimeout(200);
    const inner = await chart();
    expect(inner.root === group.index, `clicking group ${group.index} left root ${inner.root}`);
    await page.screenshot({ path: join(shots, 'charts-treemap-zoomed-dark.png') });
    await page.mouse.click(700, 700, { button: 'right' });
    await page.waitForTimeout(300);
    await page.mouse.move(702, 702);
    await page.waitForTimeout(200);
    const up = await chart();
    expect(up.root === (top.root), `right-click went to ${up.root}, not back to ${top.root}`);
    // Selecting a tile keeps the layout where it was.
    await page.mouse.click(700, 700);
    await page.waitForTimeout(300);
    await page.mouse.move(703, 703);
    await page.waitForTimeout(200);
    const selected = await chart();
    const s = await pageState(page);
    expect(s.selected_module, 'the click selected nothing');
    expect(JSON.stringify(selected.layout) === JSON.stringify(up.layout), `layout ${up.layout} -> ${selected.layout}`);
    await page.screenshot({ path: join(shots, 'charts-treemap-selected-dark.png') });
    await show('view=treemap&theme=light');
    await page.screenshot({ path: join(shots, 'charts-treemap-light.png') });
  });

  await check('memory and the compared headline: screenshots', async () => {
    await show('view=memory&theme=dark&compare=h100-sxm');
    await page.screenshot({ path: join(shots, 'charts-memory-dark.png') });
    await show('view=memory&theme=light&compare=h100-sxm');
    await page.screenshot({ path: join(shots, 'charts-memory-light.png') });
  });

  await check('no console errors', async () => { expect(errors.length === 0, errors.join('\n')); });
} finally {
  await browser.close();
  server.close();
}
process.exit(finish());
