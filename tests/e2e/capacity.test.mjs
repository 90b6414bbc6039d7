// Issue 17: the page's Capacity view shows what `modelmeter plan` computes. In Debian's Chromium:
//   node tests/e2e/capacity.test.mjs --site build/wasm/site --cli build/native-release/src/cli/modelmeter [--shots DIR]
// For two GPUs, the view opened by a link (serving profile, 620 new tokens, 1/4/16/64 in flight, a TPOT
// bound) carries the same plan as the CLI with the same flags; the knobs are in the link; a screenshot
// of the view is kept.
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
      expect(chart && chart.view === 'capacity' && chart.rows === 4, JSON.stringify(chart));
      for (const r of s.capacity.rows)
        console.log(`     ${gpu} C=${r.concurrency}: TTFT ${(r.ttft_s * 1e3).toFixed(1)} ms, TPOT ${(r.tpot_s * 1e3).toFixed(2)} ms, ` +
                    `${r.pages_per_s.toFixed(3)} pages/s, ${r.fits ? 'fits' : 'does not fit'}, ${r.limit}`);
      await page.screenshot({ path: join(shots, `capacity-${gpu}.png`) });
      await page.context().close();
    });
  }
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
