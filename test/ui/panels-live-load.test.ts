// The live panel under the load of the biggest case-study run: 16 trials × 100 epochs, with
// within-epoch progress. The built app runs in Chromium on a stand-in page (no VS Code: this
// measures the app, not the workbench); messages are the ones the live panel controller sends.
// It fails when handling gets slow enough to stutter, or when the panel loses history.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EpochRecord } from '../../src/core/record';
import type { LiveHostMessage as HostMessage } from '../../src/extension/panels/live/contract';
import type { RunHeader, TrialSummary } from '../../src/extension/panels/shared/contract';
import { launchBrowser, repoRoot, screenshot } from '../e2e/vscode-server';

const TRIALS = 16;
const EPOCHS = 100;
const PROGRESS_PER_EPOCH = 4;

const header: RunHeader = {
  runDir: '/runs/grid/r1',
  id: 'r1',
  name: 'Batch size x learning rate grid',
  description: '',
  kind: 'multiclass',
  status: 'running',
  quick: false,
  backend: 'wasm',
  backendNote: null,
  createdAt: new Date().toISOString(),
  finishedAt: null,
  wallSeconds: null,
  sweepParameters: ['training.batchSize', 'training.learningRate'],
  trialCount: TRIALS,
  error: null,
};

function trial(i: number): TrialSummary {
  return {
    index: i,
    label: `batchSize=${[4, 16, 32, 64][i % 4]} · learningRate=${[0.01, 0.001, 0.0001, 0.00001][Math.floor(i / 4)]}`,
    params: {},
    status: 'queued',
    epochs: EPOCHS,
    monitor: 'val_loss',
    batchSize: 16,
    learningRate: 0.001,
    seed: 42,
    history: [],
    result: null,
    error: null,
    startedAt: null,
    finishedAt: null,
  };
}

function epoch(t: number, e: number): EpochRecord {
  const loss = 2 / (1 + e / (5 + t)) + 0.01 * Math.sin(e);
  return {
    epoch: e,
    loss,
    accuracy: 1 - loss / 2.2,
    valLoss: loss * 1.1,
    valAccuracy: 1 - loss / 2,
    seconds: 1.5,
    samplesPerSecond: 30000,
  };
}

test('live panel coalesces redraws and stays complete over 16 trials × 100 epochs', { timeout: 180_000 }, async (t) => {
  const browser = await launchBrowser({ viewport: { width: 1200, height: 900 } });
  t.after(() => browser.close());
  const { page } = browser;
  // Stand-in for the webview document: theme variables and the VS Code API the app expects.
  // Served from one made-up origin with the built webview files, because the app is an ES
  // module that imports its shared chunks by relative URL.
  const origin = 'http://webview.test';
  const stubHtml = `<!DOCTYPE html><html><head><style>
    body { --vscode-foreground:#ccc; --vscode-editor-foreground:#ccc; --vscode-editor-background:#1f1f1f; --vscode-charts-blue:#3794ff;
           --vscode-charts-orange:#d18616; --vscode-charts-green:#89d185; --vscode-descriptionForeground:#999; --vscode-panel-border:#444; }
  </style></head><body class="vscode-dark"><main id="app"></main></body></html>`;
  await page.route(`${origin}/**`, (route) => {
    const file = new URL(route.request().url()).pathname;
    if (file === '/') return route.fulfill({ contentType: 'text/html', body: stubHtml });
    return route.fulfill({ contentType: 'text/javascript', path: join(repoRoot, 'dist/webviews', file) });
  });
  await page.goto(`${origin}/`);
  await page.addStyleTag({ path: join(repoRoot, 'media/webview-base.css') });
  await page.addStyleTag({ path: join(repoRoot, 'media/panels.css') });
  // tsx compiles the callbacks below with a `__name` helper that the page does not have.
  await page.evaluate('window.__name = (f) => f');
  await page.evaluate(() => {
    const w = window as unknown as { acquireVsCodeApi: () => unknown; posted: unknown[] };
    w.posted = [];
    let state: unknown;
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => w.posted.push(m),
      getState: () => state,
      setState: (s: unknown) => (state = s),
    });
    // Frames on demand: the test runs each frame right after an epoch's messages, so the
    // measured time is the whole cost (handling + drawing), free of vsync waits.
    const frames: FrameRequestCallback[] = [];
    (window as unknown as { frames_: FrameRequestCallback[] }).frames_ = frames;
    window.requestAnimationFrame = (cb: FrameRequestCallback) => frames.push(cb);
  });
  await page.addScriptTag({ url: `${origin}/live.app.js`, type: 'module' });
  assert.deepEqual(
    await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted),
    [{ type: 'ready' }],
    'the app says ready first',
  );

  const send = (messages: HostMessage[]) =>
    page.evaluate((ms) => {
      const t0 = performance.now();
      for (const m of ms) window.dispatchEvent(new MessageEvent('message', { data: m }));
      const frames = (window as unknown as { frames_: FrameRequestCallback[] }).frames_;
      const requested = frames.length;
      for (const cb of frames.splice(0)) cb(performance.now());
      return { ms: performance.now() - t0, frames: requested };
    }, messages);

  await send([
    {
      type: 'liveInit',
      header,
      trials: Array.from({ length: TRIALS }, (_, i) => trial(i)),
      active: true,
      elapsedSeconds: 0,
      progress: null,
    },
  ]);

  let worstEpochMs = 0;
  let totalMs = 0;
  let mostFramesPerEpoch = 0;
  for (let tr = 0; tr < TRIALS; tr++) {
    const statuses = Array.from({ length: TRIALS }, (_, i) => ({
      index: i,
      status: (i < tr ? 'done' : i === tr ? 'running' : 'queued') as TrialSummary['status'],
      result:
        i < tr
          ? {
              testAccuracy: 0.9 + i / 1000,
              testLoss: 0.3,
              epochsRun: EPOCHS,
              bestEpoch: EPOCHS,
              stoppedEarly: false,
              trainSeconds: 150,
            }
          : null,
      error: null,
      startedAt: null,
      finishedAt: null,
    }));
    totalMs += (await send([{ type: 'liveStatus', header, active: true, elapsedSeconds: tr * 150, trials: statuses }]))
      .ms;
    for (let e = 1; e <= EPOCHS; e++) {
      // One epoch's worth of messages, handled back to back as they would arrive.
      const batch: HostMessage[] = [];
      for (let p = 1; p <= PROGRESS_PER_EPOCH; p++) {
        batch.push({
          type: 'liveProgress',
          progress: {
            type: 'progress',
            trial: tr,
            epoch: e,
            epochs: EPOCHS,
            batch: p * 100,
            batches: 400,
            loss: 1 / e,
            accuracy: 1 - 1 / (e + 1),
            samplesPerSecond: 30000,
          },
          elapsedSeconds: tr * 150 + e * 1.5,
        });
      }
      batch.push({ type: 'liveEpoch', trial: tr, record: epoch(tr, e) });
      const { ms, frames } = await send(batch);
      totalMs += ms;
      worstEpochMs = Math.max(worstEpochMs, ms);
      mostFramesPerEpoch = Math.max(mostFramesPerEpoch, frames);
    }
  }
  const perEpoch = totalMs / (TRIALS * EPOCHS);
  process.stdout.write(
    `# live panel: ${perEpoch.toFixed(2)} ms per epoch (with ${PROGRESS_PER_EPOCH} progress messages), worst ${worstEpochMs.toFixed(1)} ms\n`,
  );
  // Times are printed, not asserted (speed is the benchmark's business, and this machine is
  // shared). What is asserted is the design that keeps it smooth: an epoch's five messages are
  // coalesced (at most one frame for the charts and one for header and table) instead of a
  // redraw per message.
  assert.ok(
    mostFramesPerEpoch <= 2 && mostFramesPerEpoch < PROGRESS_PER_EPOCH + 1,
    `an epoch's ${PROGRESS_PER_EPOCH + 1} messages requested ${mostFramesPerEpoch} frames`,
  );

  // Following the running trial: the last one, with its whole history drawn.
  assert.equal(await page.locator('#chart-loss').getAttribute('data-epochs'), String(EPOCHS));
  assert.equal(await page.locator('[data-fact="epoch"] .v').textContent(), `${EPOCHS} of ${EPOCHS}`);
  assert.equal(await page.locator('#trials tbody tr').count(), TRIALS);
  assert.equal(await page.locator('#trials tbody tr td:nth-child(3)', { hasText: 'done' }).count(), TRIALS - 1);
  // Picking an earlier trial redraws its full history.
  await page.locator('#trials tbody tr[data-trial="3"]').click();
  assert.equal(await page.locator('#chart-loss').getAttribute('data-epochs'), String(EPOCHS));
  assert.match((await page.locator('#charts-title').textContent()) ?? '', /^Trial 4:/);
  await page.locator('#trial-select').selectOption('follow');
  await screenshot(page, 'panels-live-16x100-standin');
});
