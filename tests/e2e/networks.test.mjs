// Issue 15: a dropped network is a first-class analysis. In Debian's Chromium, with three summaries of
// ../shared/reference/torchinfo-zoo (ResNet-34, the BERT-shaped encoder summarised to depth 2, the LSTM
// language model):
//   node tests/e2e/networks.test.mjs --site build/wasm/site --cli build/native-release/src/cli/modelmeter
//        [--shots build/wasm/screenshots] [--zoo ../shared/reference/torchinfo-zoo]
// Each drop gives the network's own analysis, the same numbers `modelmeter analyze --torchinfo` prints;
// the roofline, treemap, memory and sweep views draw it (their charts report points), screenshots are
// kept; the share link names the file, and a fresh page with that link asks for it, then applies its
// settings when it is dropped; a second network replaces the first; DeepSeek-OCR is one click away.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { arg, checks, dropFile, expect, launchChromium, openPage, pageState } from './harness.mjs';

const site = arg('--site', 'build/wasm/site');
const cli = arg('--cli', 'build/native-release/src/cli/modelmeter');
const shots = arg('--shots', 'build/wasm/screenshots');
const zoo = resolve(arg('--zoo', join('..', 'shared', 'reference', 'torchinfo-zoo')));
const { check, finish } = checks();
await mkdir(shots, { recursive: true });

const settle = (page, ms = 250) => page.waitForTimeout(ms);
// A click as a hand makes one: ImGui 1.86 reads the buttons once per frame, so the press is held across frames.
async function clickMark(page, name) {
  const m = (await page.evaluate(() => window.modelmeter.layout())).find((x) => x.name === name);
  expect(m, `no landmark ${name}`);
  await page.mouse.move(m.x + m.w / 2, m.y + m.h / 2);
  await settle(page, 100);
  await page.mouse.down();
  await settle(page, 100);
  await page.mouse.up();
  await settle(page);
}
// The CLI's analysis of the same file; the members both print.
function cliJson(file, ...flags) {
  return JSON.parse(execFileSync(cli, ['analyze', '--torchinfo', file, ...flags, '--format', 'json'], { encoding: 'utf8' }));
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const networks = [
  { file: 'resnet34.txt', label: 'ResNet (resnet34.txt)' },
  { file: 'bert_like_depth2.txt', label: 'BertEncoderSmall (bert_like_depth2.txt)' },
  { file: 'lstm_lm.txt', label: 'LstmLM (lstm_lm.txt)' },
];

const errors = [];
const { server, url } = await startServer(site);
const browser = await launchChromium();
try {
  for (const n of networks) expect(existsSync(join(zoo, n.file)), `${join(zoo, n.file)} is absent: the test needs ../shared beside the checkout`);
  const page = await openPage(browser, url, errors, { viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });

  for (const n of networks) {
    const path = join(zoo, n.file);
    await check(`${n.file}: dropped, it is analysed as its own network with the CLI's numbers`, async () => {
      await dropFile(page, n.file, await readFile(path, 'utf8'));
      await page.waitForFunction((f) => { const s = JSON.parse(window.modelmeter.state()); return s.network && s.network.includes(f); }, n.file);
      await settle(page, 400);
      const s = await pageState(page);
      expect(s.last_error === null, `last_error: ${s.last_error}`);
      expect(s.network === n.label, `network ${s.network}`);
      expect(s.inputs.length === 1 && s.inputs[0].name === n.file, `a dropped network replaces what was loaded: ${JSON.stringify(s.inputs)}`);
      const c = cliJson(path);
      for (const key of ['workload', 'params', 'stages', 'latency', 'memory', 'coverage'])
        expect(same(s[key], c[key]), `${key}: page ${JSON.stringify(s[key]).slice(0, 300)}\n cli  ${JSON.stringify(c[key]).slice(0, 300)}`);
      expect(s.stages.forward.time_s > 0 && s.memory.max_batch >= 1, JSON.stringify(s.stages.forward));
      expect(new RegExp(`torchinfo=${n.file.replace('.', '\\.')}`).test(s.url_state), `the link names the file: ${s.url_state}`);
      const marks = await page.evaluate(() => window.modelmeter.layout());
      expect(marks.some((m) => m.name === 'coverage'), 'the costed line is shown under the title');
      console.log(`     ${n.file}: forward ${(s.latency.page_s * 1e6).toFixed(1)} us at batch ${s.workload.batch}, ` +
                  `${(s.stages.forward.flops / 1e9).toFixed(2)} GFLOP, exact ${(100 * s.coverage.flops_share_exact).toFixed(1)} % of FLOPs, ` +
                  `${s.coverage.modules_estimated} modules estimated, ${s.coverage.params_uncosted} parameters uncosted`);
      await page.screenshot({ path: join(shots, `network-${n.file.replace('.txt', '')}-breakdown.png`) });
    });
    await check(`${n.file}: the roofline, treemap, memory and sweep views draw it`, async () => {
      for (const view of ['roofline', 'treemap', 'memory', 'sweep']) {
        await clickMark(page, `tab:${view}`);
        await page.mouse.move(5, 995);
        await settle(page, 400);
        const s = await pageState(page);
        expect(s.view === view, `view ${s.view}, expected ${view}`);
        if (view !== 'memory') {
          const chart = await page.evaluate(() => window.modelmeter.chart());
          expect(chart && chart.view === view, `chart ${JSON.stringify(chart).slice(0, 200)}`);
          const tiles = (t) => (Array.isArray(t) ? t.length : t);
          // The sweep: time, memory and throughput over the batch, each spanning a range of batches.
          const drawn = view === 'roofline' ? chart.points.length : view === 'treemap' ? tiles(chart.tiles)
            : chart.axis === 'batch' && chart.charts.length === 3 && chart.charts.every((c) => c.x[1] > c.x[0]) ? 1 : 0;
          expect(drawn > 0, `${view} drew nothing: ${JSON.stringify(chart).slice(0, 300)}`);
        }
        await page.screenshot({ path: join(shots, `network-${n.file.replace('.txt', '')}-${view}.png`) });
      }
      await clickMark(page, 'tab:breakdown');
    });
  }

  await check('the share link asks for its file on a fresh page, then applies its settings (batch 8) to it', async () => {
    const path = join(zoo, 'resnet34.txt');
    await dropFile(page, 'resnet34.txt', await readFile(path, 'utf8'));
    await page.waitForFunction(() => (JSON.parse(window.modelmeter.state()).network || '').includes('resnet34'));
    const link = (await pageState(page)).url_state.replace(/batch=\d+/, 'batch=8');
    const fresh = await openPage(browser, `${url}#${link}`, errors, { viewport: { width: 1280, height: 800 } });
    let s = await pageState(fresh);
    expect(s.network === null && s.notices.some((x) => /This link analysed resnet34\.txt, a TorchInfo summary the page does not hold/.test(x)),
      `notices ${JSON.stringify(s.notices)}`);
    await dropFile(fresh, 'resnet34.txt', await readFile(path, 'utf8'));
    await fresh.waitForFunction(() => (JSON.parse(window.modelmeter.state()).network || '').includes('resnet34'));
    s = await pageState(fresh);
    const c = cliJson(path, '--batch', '8');
    expect(s.workload.batch === 8 && same(s.stages, c.stages) && same(s.latency, c.latency), `batch ${s.workload.batch}`);
    await fresh.screenshot({ path: join(shots, 'network-link-applied.png') });
    await fresh.context().close();
  });

  await check('"Back to DeepSeek-OCR" is one click away and keeps the GPU', async () => {
    await clickMark(page, 'button:deepseek');
    const s = await pageState(page);
    expect(s.network === null && s.inputs.length === 0 && s.stages.vision && s.stages.decode, `network ${s.network}`);
    expect(s.workload.crops_w === 2 && s.workload.batch === 1, JSON.stringify(s.workload).slice(0, 200));
  });

  await check('no console error on the way', async () => { expect(errors.length === 0, errors.join('\n')); });
} finally {
  await browser.close();
  server.close();
}
process.exit(finish());
