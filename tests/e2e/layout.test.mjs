// Issue 16: the page at every size (items 2 and 10) and the screenshot matrix.
//   node tests/e2e/layout.test.mjs --site build/wasm/site --shots DIR
// The app reports where its last frame put its landmarks (title, buttons, cards, tabs, columns:
// window.modelmeter.layout(), CSS pixels); these checks hold them to the window at 1600x1000,
// 1280x720, 1024x700 and 414x896. Then the habits of item 10: the ? overlay, Ctrl+F, copying a row,
// the drop highlight, dismissing a link's notices. Last, every view at 1600x1000, 1024x700 and
// 414x896 in both themes, kept under --shots/matrix for a person to look at.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { arg, checks, expect, launchChromium, openPage, pageState } from './harness.mjs';

const site = arg('--site', 'build/wasm/site');
const shots = arg('--shots', 'build/wasm/screenshots');
await mkdir(join(shots, 'matrix'), { recursive: true });
const { server, url } = await startServer(site);
const browser = await launchChromium();
const { check, finish } = checks();
const errors = [];

const settle = (page, ms = 400) => page.waitForTimeout(ms);
// Held across frames: a render-on-demand page draws a frame or two per event, and ImGui sees a key
// only in a frame where it is down.
async function pressKey(page, key, modifier) {
  if (modifier) await page.keyboard.down(modifier);
  await page.keyboard.down(key);
  await settle(page, 150);
  await page.keyboard.up(key);
  if (modifier) await page.keyboard.up(modifier);
  await settle(page, 150);
}
const layout = (page) => page.evaluate(() => window.modelmeter.layout());
const named = (marks, prefix) => marks.filter((m) => m.name === prefix || m.name.startsWith(prefix));
const overlaps = (a, b) => a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
const show = (m) => `${m.name} [${m.x.toFixed(0)},${m.y.toFixed(0)} ${m.w.toFixed(0)}x${m.h.toFixed(0)}]`;
function disjoint(marks, what) {
  for (let i = 0; i < marks.length; ++i)
    for (let j = i + 1; j < marks.length; ++j)
      expect(!overlaps(marks[i], marks[j]), `${what}: ${show(marks[i])} overlaps ${show(marks[j])}`);
}
function inside(marks, width) {
  for (const m of marks) expect(m.x >= -1 && m.x + m.w <= width + 1, `${show(m)} leaves the ${width}px-wide window`);
}
async function clickMark(page, name) {
  const m = (await layout(page)).find((x) => x.name === name);
  expect(m, `no landmark ${name}`);
  await page.mouse.click(m.x + m.w / 2, m.y + m.h / 2);
  await settle(page);
}

try {
  for (const [width, height] of [[1600, 1000], [1280, 720], [1024, 700], [414, 896]]) {
    await check(`${width}x${height}: nothing overlaps or leaves the window; names and cards stay readable`, async () => {
      const page = await openPage(browser, url, errors, { viewport: { width, height } });
      await settle(page, 800);
      const marks = await layout(page);
      const top = [...named(marks, 'title'), ...named(marks, 'subject'), ...named(marks, 'button:')];
      expect(top.length >= 6, `title line: ${top.map(show).join(', ')}`);
      inside([...top, ...named(marks, 'card:'), ...named(marks, 'tab:'), ...named(marks, 'module-'), ...named(marks, 'column:')], width);
      disjoint(top, 'title line');
      const cards = named(marks, 'card:');
      expect(cards.length === 6, `6 cards, got ${cards.length}`);
      disjoint(cards, 'cards');
      disjoint(named(marks, 'tab:'), 'tabs');
      const module = marks.find((m) => m.name === 'column:Module');
      expect(module && module.w >= 160, `the Module column keeps 10 em (160 px): ${module ? show(module) : 'absent'}`);
      const controls = marks.find((m) => m.name === 'controls'), results = marks.find((m) => m.name === 'results');
      expect(results, 'the results are shown');
      if (width >= 960) {
        expect(controls && controls.w <= 0.4 * width, `the left column takes at most 40 % of the width: ${controls && show(controls)}`);
      } else {
        // A drawer: closed, the results have the width; the Settings button (or S) opens it over them.
        expect(!controls && results.w >= 0.9 * width, `results take the width, no column beside them: ${show(results)}`);
        await clickMark(page, 'button:settings');
        const open = await layout(page);
        const drawer = open.find((m) => m.name === 'controls');
        expect(drawer && drawer.w >= 0.9 * width && !open.find((m) => m.name === 'results'), `the drawer covers the results: ${drawer && show(drawer)}`);
        await page.screenshot({ path: join(shots, `layout-${width}x${height}-drawer.png`) });
        await pressKey(page, 'S');
        expect((await layout(page)).find((m) => m.name === 'results'), 'S closes the drawer');
      }
      await page.screenshot({ path: join(shots, `layout-${width}x${height}.png`) });
      await page.context().close();
    });
  }

  const page = await openPage(browser, url, errors, { viewport: { width: 1280, height: 720 } });
  await settle(page, 800);
  // WCAG 2.x relative luminance and contrast, written here apart from src/app/theme.cpp's, over the
  // colours the page's style holds (both themes): text and muted text on every surface, the coloured
  // words (bounds, errors, notices) on the page's own backgrounds.
  const channel = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  await check('text reads at 4.5:1 or more on what it is drawn on, in both themes (as the page draws them)', async () => {
    const low = [];
    for (let t = 0; t < 2; ++t) {
      const st = await page.evaluate(() => window.modelmeter.style());
      const theme = (await pageState(page)).theme;
      for (const [name, bg] of Object.entries(st.surfaces)) {
        expect(bg[3] === 1, `${theme} ${name} is opaque (what the contrast is computed against is what is drawn)`);
        for (const [what, fg] of [['text', st.text], ['muted', st.muted]])
          if (contrast(fg, bg) < 4.5) low.push(`${theme}: ${what} on ${name} ${contrast(fg, bg).toFixed(2)}`);
      }
      for (const [name, fg] of Object.entries(st.tones))
        for (const bg of ['WindowBg', 'PopupBg', 'TableRowBgAlt'])
          if (contrast(fg, st.surfaces[bg]) < 4.5) low.push(`${theme}: ${name} on ${bg} ${contrast(fg, st.surfaces[bg]).toFixed(2)}`);
      await pressKey(page, 'T');
    }
    expect(low.length === 0, low.join('; '));
  });
  await check('? lists the shortcuts in a window that fits; Esc closes it', async () => {
    await page.keyboard.type('?');
    await settle(page);
    const overlay = (await layout(page)).find((m) => m.name === 'shortcuts');
    expect(overlay, 'the shortcut list is open');
    inside([overlay], 1280);
    await page.screenshot({ path: join(shots, 'shortcuts.png') });
    await pressKey(page, 'Escape');
    expect(!(await layout(page)).find((m) => m.name === 'shortcuts'), 'Esc closes the list');
    await pressKey(page, 'F1');
    expect((await layout(page)).find((m) => m.name === 'shortcuts'), 'F1 opens it too');
    await pressKey(page, 'Escape');
  });
  await check('Ctrl+F focuses the module filter; the count says how many match, and when none does', async () => {
    await pressKey(page, '2');  // from another view: Ctrl+F comes back to the breakdown
    await pressKey(page, 'f', 'Control');
    expect(await page.evaluate(() => window.modelmeter.wantsTextInput()), 'the filter has the focus');
    await page.keyboard.type('q_proj');
    await settle(page);
    const count = (await layout(page)).find((m) => m.name.startsWith('module-count'));
    const [, shown, all] = count.name.match(/module-count (\d+) of (\d+)/).map(Number);
    // DeepSeek-OCR's decoder: 12 layers, each q_proj in prefill and decode (24); CLIP has none named so.
    expect(shown === 24 && all === 888, `q_proj matches 24 of 888: ${count.name}`);
    await page.keyboard.type('zzz');
    await settle(page);
    expect((await layout(page)).find((m) => m.name.startsWith('module-count')).name === 'module-count 0 of 888', 'no match: 0');
    await page.screenshot({ path: join(shots, 'filter-no-match.png') });
    for (let i = 0; i < 9; ++i) await page.keyboard.press('Backspace');
    await pressKey(page, 'Escape');
  });
  await check('a selected module\'s row copies as tab-separated text with its headers (Ctrl+C)', async () => {
    const module = (await layout(page)).find((m) => m.name === 'column:Module');
    await page.mouse.click(module.x + 40, module.y + module.h + 12);  // the first row: the vision stage
    await settle(page);
    const selected = (await pageState(page)).selected_module;
    expect(selected, 'a row is selected');
    await pressKey(page, 'c', 'Control');
    const text = await page.evaluate(() => window.modelmeter.copiedText);
    const lines = (text || '').trim().split('\n');
    expect(lines.length === 2 && lines[0].startsWith('Module\tClass\tCalls') && lines[1].startsWith(`${selected}\t`), `copied: ${text}`);
    await pressKey(page, 'Escape');
  });
  await check('files dragged over the page light up a drop target, which goes when they leave', async () => {
    const shown = () => page.evaluate(() => getComputedStyle(document.getElementById('drop-target')).display !== 'none');
    expect(!(await shown()), 'hidden at rest');
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], 'summary.txt', { type: 'text/plain' }));
      document.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
    });
    expect(await shown(), 'shown while files are over the page');
    await page.screenshot({ path: join(shots, 'drop-target.png') });
    await page.evaluate(() => document.dispatchEvent(new DragEvent('dragleave', { bubbles: true })));
    expect(!(await shown()), 'hidden when they leave');
  });
  await check('a share link\'s notices can be dismissed', async () => {
    await page.evaluate(() => window.modelmeter.setHash('batch=2&bogus=1'));
    await settle(page);
    expect((await pageState(page)).notices.length > 0, 'the unknown key is noticed');
    await clickMark(page, 'button:dismiss-notices');
    expect((await pageState(page)).notices.length === 0, 'dismissed');
    expect((await pageState(page)).url_state.includes('batch=2'), 'the link itself still applies');
  });
  await page.context().close();

  // Every view, three sizes, both themes: 36 pictures to look at.
  for (const [width, height] of [[1600, 1000], [1024, 700], [414, 896]]) {
    await check(`screenshots of every view at ${width}x${height}, dark and light`, async () => {
      const p = await openPage(browser, url, errors, { viewport: { width, height } });
      await settle(p, 800);
      for (const theme of ['dark', 'light']) {
        if ((await pageState(p)).theme !== theme) await pressKey(p, 'T');
        for (let v = 1; v <= 6; ++v) {
          await pressKey(p, String(v));
          const state = await pageState(p);
          await p.screenshot({ path: join(shots, 'matrix', `${width}x${height}-${theme}-${v}-${state.view}.png`) });
        }
      }
      await p.context().close();
    });
  }
  await check('no console or page errors', async () => expect(errors.length === 0, errors.join('\n')));
} finally {
  await browser.close();
  server.close();
}
console.log(`screenshots in ${shots}`);
process.exit(finish());
