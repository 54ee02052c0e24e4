// Designer benchmark (Playwright on Debian Chromium, browser mode through a real `stride serve`):
//   1. ResNet-50 preset load: cold (navigation → graph drawn with totals) and warm (gallery click → drawn);
//      target < 1 s.
//   2. Pan/zoom frame rate on ResNet-50 (and on a 500-node graph), measured with a requestAnimationFrame
//      frame-time probe while the mouse wheel zooms and a drag pans; target ≥ 50 fps.
//   3. An edit on a 500-node graph (the input shape, which changes every shape downstream): time from the
//      input event to the updated shapes in the DOM, and to the next frame; target: within one frame (16.7 ms).
// Writes bench-results/designer.json; exits 1 when a target is missed.
// The functions passed to page.evaluate / addInitScript run in the page, hence these browser globals:
/* global window, document, performance, requestAnimationFrame, HTMLInputElement, Event */
import { launchChromium, startServer } from './browser.mjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();
const FRAME_MS = 1000 / 60;
const TARGETS = { presetLoadMs: 1000, panZoomFps: 50, editFrameMs: FRAME_MS };

/** A 500-node network: Input, 99 residual-style units (conv, BN, ReLU, conv, Add with a skip), a head. */
function bigGraph() {
  const nodes = [
    { id: 'input', kind: 'input', name: 'input', params: { shape: [32, 32, 16] }, position: { x: 0, y: 0 } },
  ];
  const edges = [];
  let prev = 'input';
  let y = 0;
  const add = (id, kind, params, x = 0) => {
    y += 100;
    nodes.push({ id, kind, name: id, params, position: { x, y } });
    return id;
  };
  const wire = (source, target, targetPort = 0) =>
    edges.push({ id: `e${edges.length + 1}`, source, target, targetPort });
  for (let u = 1; u <= 99; u += 1) {
    const a = add(`u${u}_conv1`, 'conv2d', { filters: 16, kernel: 3, padding: 'same' });
    const bn = add(`u${u}_bn`, 'batchnorm', {});
    const relu = add(`u${u}_relu`, 'activation', { activation: 'relu' });
    const b = add(`u${u}_conv2`, 'conv2d', { filters: 16, kernel: 3, padding: 'same', activation: 'linear' });
    const sum = add(`u${u}_add`, 'add', {}, 240);
    wire(prev, a);
    wire(a, bn);
    wire(bn, relu);
    wire(relu, b);
    wire(b, sum, 0);
    wire(prev, sum, 1);
    prev = sum;
  }
  for (const [id, kind, params] of [
    ['gap', 'globalavgpool', {}],
    ['drop', 'dropout', { rate: 0.5 }],
    ['fc', 'dense', { units: 64 }],
    ['logits', 'dense', { units: 10, activation: 'softmax' }],
  ]) {
    wire(prev, add(id, kind, params));
    prev = id;
  }
  return {
    format: 'stride-project',
    version: 1,
    graph: { version: 1, name: 'Bench 500', description: '500 nodes', nodes, edges },
    ui: {},
  };
}

// Injected into the bench page only: notes the first animation frame in which the graph is drawn (nodes
// measured and visible) and the totals are filled in.
const READY_PROBE = () => {
  window.__bench = { ready: null };
  const check = () => {
    const nodes = document.querySelectorAll('.react-flow__node');
    const total = document.querySelector('[data-testid="total-params"]')?.textContent ?? '';
    const drawn = nodes.length > 0 && [...nodes].every((n) => n.style.visibility !== 'hidden');
    if (drawn && /[1-9]/.test(total)) window.__bench.ready = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
};

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (v) => Math.round(v * 100) / 100;
  return { n: values.length, median: round(at(0.5)), p95: round(at(0.95)), max: round(sorted.at(-1)) };
};

async function waitReady(page) {
  await page
    .waitForFunction(() => window.__bench?.ready !== null, null, { timeout: 30_000 })
    .catch(async (error) => {
      await page.screenshot({ path: join(root, 'bench-results', 'designer-timeout.png') });
      const toasts = await page.locator('.toast').allTextContents();
      throw new Error(
        `the graph was not drawn within 30 s at ${page.url()} (toasts: ${toasts.join(' | ')}): ${error.message}`,
      );
    });
  return page.evaluate(() => window.__bench.ready);
}

/** Zooms with the wheel, then pans with a drag, while a rAF probe records every frame. */
async function panZoomFps(page) {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  const cx = pane.x + pane.width / 2;
  const cy = pane.y + pane.height / 2;
  await page.mouse.move(cx, cy);
  await page.evaluate(() => {
    window.__frames = [];
    window.__stop = false;
    const loop = (t) => {
      window.__frames.push(t);
      if (!window.__stop) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
  for (let i = 0; i < 40; i += 1) {
    await page.mouse.wheel(0, i % 20 < 10 ? -90 : 90);
    await page.waitForTimeout(12);
  }
  // Pan by dragging the empty pane (left of the network, which is drawn down the middle).
  const px = pane.x + 70;
  await page.mouse.move(px, cy);
  await page.mouse.down();
  for (let i = 0; i <= 90; i += 1) {
    await page.mouse.move(px + 200 * Math.sin(i / 9), cy + 160 * Math.sin(i / 14));
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    window.__stop = true;
    return window.__frames;
  });
  const intervals = frames.slice(1).map((t, i) => t - frames[i]);
  const seconds = (frames.at(-1) - frames[0]) / 1000;
  return {
    fps: Math.round(((frames.length - 1) / seconds) * 10) / 10,
    frameMs: stats(intervals),
    droppedFrames: intervals.filter((d) => d > FRAME_MS * 1.5).length,
    seconds: Math.round(seconds * 100) / 100,
  };
}

/** Selects the input node and rewrites its shape field N times, timing each update. */
async function editTimings(page, rounds) {
  await page
    .locator('.react-flow__node[data-id="input"] .layer-node-head')
    .click({ position: { x: 8, y: 6 } });
  await page.getByLabel('Shape', { exact: true }).waitFor();
  return page.evaluate(async (n) => {
    const label = [...document.querySelectorAll('label')].find((l) => l.textContent === 'Shape');
    const input = document.getElementById(label.htmlFor);
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const probe = () =>
      document.querySelector('.react-flow__node[data-id="u1_conv2"] [data-testid="node-shape"]');
    const rows = [];
    for (let k = 0; k < n; k += 1) {
      const side = k % 2 === 0 ? 30 : 32;
      const t0 = performance.now();
      setter.call(input, `${side}×${side}×16`);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const t1 = performance.now();
      const updated = probe()?.textContent === `${side}×${side}×16`;
      const t2 = await new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
      const analysis = document.querySelector('[data-testid="analysis-ms"]')?.textContent ?? '';
      rows.push({ domMs: t1 - t0, nextFrameMs: t2 - t0, updated, analysis });
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    input.blur();
    return rows;
  }, rounds);
}

async function main() {
  const loadBefore = loadavg()[0];
  spawnSync(process.execPath, ['build.config.mjs', 'node'], { cwd: root, stdio: 'inherit' });
  const work = mkdtempSync(join(tmpdir(), 'stride-bench-'));
  const hostDir = join(work, 'projects');
  const dataDir = join(work, 'data');
  mkdirSync(hostDir, { recursive: true });
  const bigPath = join(hostDir, 'bench-500.stride.json');
  writeFileSync(bigPath, JSON.stringify(bigGraph()));
  const server = await startServer(hostDir, dataDir);
  const browser = await launchChromium();
  const results = {};
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(READY_PROBE);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A stray drag that moved a node would make the page ask before leaving; the bench always leaves.
    page.on('dialog', (dialog) => void dialog.accept());

    // Warm the server and the browser cache once (the renderer is a static bundle), then measure cold loads.
    await page.goto(`${server.url}&preset=lenet5`);
    await waitReady(page);
    const cold = [];
    for (let i = 0; i < 3; i += 1) {
      await page.goto(`${server.origin}/?preset=resnet50`);
      cold.push(await waitReady(page));
    }
    const total = await page.getByTestId('total-params').textContent();
    const nodes = await page.locator('.react-flow__node').count();

    // Warm: from another network, open ResNet-50 from the gallery.
    const warm = [];
    for (let i = 0; i < 3; i += 1) {
      await page.goto(`${server.origin}/?preset=lenet5`);
      await waitReady(page);
      await page.keyboard.press('Control+n');
      const card = page.getByRole('button', { name: /Open preset ResNet-50/ });
      await card.waitFor();
      warm.push(
        await card.evaluate(async (button) => {
          window.__bench.ready = null;
          const t0 = performance.now();
          button.click();
          return new Promise((resolve) => {
            const check = () => {
              const nodes = document.querySelectorAll('.react-flow__node');
              const done =
                document.querySelector('.react-flow__node[data-id="layer4_2"]') !== null &&
                [...nodes].every((n) => n.style.visibility !== 'hidden');
              if (done) resolve(performance.now() - t0);
              else requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
          });
        }),
      );
    }
    results.resnet50Load = {
      totalParams: total,
      nodesDrawn: nodes,
      coldNavigationMs: stats(cold),
      galleryOpenMs: stats(warm),
      target: `< ${TARGETS.presetLoadMs} ms`,
      met: stats(cold).median < TARGETS.presetLoadMs && stats(warm).median < TARGETS.presetLoadMs,
    };

    results.resnet50PanZoom = await panZoomFps(page);
    results.resnet50PanZoom.target = `>= ${TARGETS.panZoomFps} fps`;
    results.resnet50PanZoom.met = results.resnet50PanZoom.fps >= TARGETS.panZoomFps;

    await page.goto(`${server.origin}/?project=${encodeURIComponent(bigPath)}`);
    const bigLoad = await waitReady(page);
    const bigNodes = await page.evaluate(() => document.querySelectorAll('.react-flow__node').length);
    if (process.env.BENCH_TAB) await page.getByRole('tab', { name: process.env.BENCH_TAB }).click();
    let cdp = null;
    if (process.env.BENCH_PROFILE) {
      cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const edits = await editTimings(page, 30);
    if (cdp !== null) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(root, 'bench-results', 'edit500.cpuprofile'), JSON.stringify(profile));
    }
    const dom = stats(edits.map((e) => e.domMs));
    const frame = stats(edits.map((e) => e.nextFrameMs));
    results.edit500 = {
      graphNodes: 500,
      nodesInDom: bigNodes,
      loadMs: Math.round(bigLoad),
      editToDomMs: dom,
      editToNextFrameMs: frame,
      allUpdatedSynchronously: edits.every((e) => e.updated),
      analysisShown: edits.at(-1)?.analysis,
      target: `edit → updated shapes within one frame (${FRAME_MS.toFixed(1)} ms): the DOM holds the new shapes when the input event returns (before the next frame), typically (median) in under a frame's time`,
      met: edits.every((e) => e.updated) && dom.median < TARGETS.editFrameMs,
    };
    results.graph500PanZoom = await panZoomFps(page);
    results.graph500PanZoom.target = `>= ${TARGETS.panZoomFps} fps`;
    results.graph500PanZoom.met = results.graph500PanZoom.fps >= TARGETS.panZoomFps;
    results.pageErrors = errors;
  } finally {
    await browser.close();
    server.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const report = {
    bench: 'designer',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      // The machine is shared: a load average above the core count means the numbers include waiting.
      loadAverage1m: { before: Math.round(loadBefore * 10) / 10, after: Math.round(loadavg()[0] * 10) / 10 },
    },
    browser: 'Debian Chromium, headless, --disable-gpu (software rendering)',
    results,
  };
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results', 'designer.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
  const met = ['resnet50Load', 'resnet50PanZoom', 'edit500', 'graph500PanZoom'].every(
    (k) => results[k]?.met === true,
  );
  process.exit(met && results.pageErrors.length === 0 ? 0 : 1);
}

await main();
