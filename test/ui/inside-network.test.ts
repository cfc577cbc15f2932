// "Inside the network" and "Draw a digit" on the results panel of a real run, in a real VS
// Code: the numbers on the panel are read back and compared with run.json, the weight tiles
// and the drawing pad are checked for painted pixels, a kept test image picked from the
// keyboard must get the trainer's own probability, and a drawn stroke must update the
// probabilities. Screenshots in dark, light and high contrast go to test-results/screenshots.
// Needs `npm run build` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { dynamicsAtBest } from '../../src/core/dynamics';
import { flowVerdict } from '../../src/core/gradient-flow';
import { formatPercent, formatScientific } from '../../src/core/format';
import type { RunRecord } from '../../src/core/record';
import { makeWorkspace, commandThenPick, runCommand, screenshot, webviewFrame } from '../e2e/vscode-server';
import { binaryExperiment } from '../experiment-files';
import { countPixels } from './canvas';
import { quickRun, openLab } from './fixtures';
import { pickTheme, THEME } from './a11y-helpers';

const fiveVsEight = binaryExperiment({ name: 'Inside 5 vs 8', quick: { train: 2000, test: 400, epochs: 3 } });
const activationGrid = binaryExperiment({
  name: 'Inside grid',
  initializer: 'randomNormal',
  quick: { train: 1500, test: 300, epochs: 2 },
  sweep: { 'model.activation': ['sigmoid', 'relu'] },
});
const liveRun = binaryExperiment({
  name: 'Inside live',
  activation: 'tanh',
  earlyStopping: false,
  // Long enough to still be training while the panel is checked, however fast the step: with
  // the whole step in WebAssembly 100 epochs took 3 s and the finished run's panel became its
  // results before the checks. The test stops the run once it has seen what it needs.
  epochs: 5000,
  quick: { train: 4000, test: 300, epochs: 5000 },
});

/** Pixels of a canvas that differ from the editor background: 0 for a blank canvas. */
const paintedPixels = (frame: FrameLocator, selector: string) =>
  countPixels(frame, selector, { awayFrom: '--vscode-editor-background' });

async function openResults(page: Page, label: string): Promise<void> {
  await commandThenPick(page, 'MNIST Lab: Open Results', label);
}

test('inside the network and draw a digit, from a real run', { timeout: 480_000 }, async (t) => {
  const folder = makeWorkspace({
    'inside-5-vs-8.mnistexp.json': JSON.stringify(fiveVsEight, null, 1),
    'inside-grid.mnistexp.json': JSON.stringify(activationGrid, null, 1),
    'inside-live.mnistexp.json': JSON.stringify(liveRun, null, 1),
  });
  const run = quickRun(folder, 'inside-5-vs-8.mnistexp.json');
  const grid = quickRun(folder, 'inside-grid.mnistexp.json');
  const trial = run.record.trials[0];
  assert.equal(run.record.status, 'done');
  assert.ok(trial.result?.inputScaling, 'the run records its input scaling');

  const { page } = await openLab(t, folder);
  try {
    await openResults(page, 'Inside 5 vs 8');
    const frame = webviewFrame(page);
    await frame.locator('#inside-network').waitFor();

    // Model summary: 784·32+32, 32·16+16, 16·1+1 as Keras counts.
    const params = await frame.locator('#model-summary tbody tr[data-layer] td:last-child').allTextContents();
    assert.deepEqual(params, ['25,120', '528', '17', '25,665']);

    // Per-layer table at the best epoch: every number is run.json's.
    const at = dynamicsAtBest(trial)!;
    assert.equal(await frame.locator('#layer-dynamics').getAttribute('data-epoch'), String(trial.result!.bestEpoch));
    assert.equal(at.epoch, trial.result!.bestEpoch);
    for (const [i, layer] of at.dynamics.layers.entries()) {
      const row = frame.locator(`#layer-dynamics tr[data-layer="${i}"]`);
      assert.equal(Number(await row.locator('td[data-key="gradKernel"]').getAttribute('data-value')), layer.gradKernel);
      assert.equal(await row.locator('td[data-key="gradKernel"]').textContent(), formatScientific(layer.gradKernel));
      assert.equal(await row.locator('td[data-key="updateRatio"]').textContent(), formatScientific(layer.updateRatio));
      assert.equal(
        await row.locator('td[data-key="dead"]').textContent(),
        layer.dead === null ? '–' : formatPercent(layer.dead, 1),
      );
    }

    // The first hidden layer's 32 units as painted 28×28 tiles.
    await frame.locator('canvas.weight-tile').first().waitFor();
    assert.equal(await frame.locator('canvas.weight-tile').count(), 32);
    assert.ok((await paintedPixels(frame, 'canvas.weight-tile >> nth=0')) > 100, 'weight tile not painted');
    await frame.locator('#inside-network').scrollIntoViewIfNeeded();
    await screenshot(page, 'inside-network-dark');

    // Keyboard path: a misclassified kept image if any, else any; its probability is the trainer's.
    await frame.locator('#draw-digit').scrollIntoViewIfNeeded();
    const samples = trial.result!.samples;
    const wrong = samples.find((s) => s.label !== s.predicted);
    if (wrong) await frame.locator('#draw-wrong-only').check();
    const sample = wrong ?? samples[0];
    // The picker offers the saved test images only, and says so.
    assert.match((await frame.locator('#draw-pick-note').textContent()) ?? '', /^Only the test images the run saved/);
    const offered = (await frame.locator('#draw-pick option').count()) - 1;
    const saved = new Set(samples.filter((s) => !wrong || s.label !== s.predicted).map((s) => s.index)).size;
    assert.equal(offered, saved, 'one option per saved image');
    await frame.locator('#draw-pick').focus();
    await frame.locator('#draw-pick').selectOption(String(sample.index));
    await frame.locator('#draw-probabilities').waitFor();
    assert.equal(await frame.locator('#draw-status').getAttribute('data-predicted'), String(sample.predicted));
    const p = Number(
      await frame.locator(`#draw-probabilities tr[data-class="${sample.predicted}"]`).getAttribute('data-probability'),
    );
    assert.ok(Math.abs(p - sample.probability) < 1e-5, `panel ${p} vs trainer ${sample.probability}`);
    assert.equal(await frame.locator('canvas.activation-strip').count(), 2, 'one strip per hidden layer');

    // Drawing: a stroke with the mouse changes the input and gives probabilities that sum to 1.
    const box = (await frame.locator('#draw-pad').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++)
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + 0.07 * k));
    await page.mouse.up();
    await frame.locator('#draw-status', { hasText: 'your drawing' }).waitFor();
    assert.ok((await paintedPixels(frame, '#draw-pad')) > 500, 'stroke drawn on the pad');
    assert.ok((await paintedPixels(frame, '#draw-input')) > 10, 'the 28×28 input shows the stroke');
    const probs = (
      await frame
        .locator('#draw-probabilities tr')
        .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-probability'))))
    ).filter((x) => !Number.isNaN(x));
    assert.equal(probs.length, 2);
    assert.ok(Math.abs(probs[0] + probs[1] - 1) < 1e-9);
    await screenshot(page, 'draw-digit-dark');
    await frame.locator('#draw-undo').click();
    await frame.locator('#draw-status', { hasText: 'Draw a digit' }).waitFor();
    assert.equal(await paintedPixels(frame, '#draw-pad'), 0, 'undo removed the only stroke');

    // Touch and pen arrive as pointer events of their type; each stroke draws, Clear removes all.
    for (const [pointerType, pointerId, x] of [
      ['touch', 7, 0.35],
      ['pen', 8, 0.65],
    ] as const) {
      const pad = frame.locator('#draw-pad');
      const at = (fy: number) => ({
        pointerType,
        pointerId,
        isPrimary: true,
        button: 0,
        buttons: 1,
        clientX: 0,
        clientY: 0,
        fx: x,
        fy,
      });
      await pad.evaluate(
        (el, steps) => {
          const r = el.getBoundingClientRect();
          for (const [i, s] of steps.entries()) {
            const type = i === 0 ? 'pointerdown' : i === steps.length - 1 ? 'pointerup' : 'pointermove';
            el.dispatchEvent(
              new PointerEvent(type, {
                ...s,
                bubbles: true,
                clientX: r.left + s.fx * r.width,
                clientY: r.top + s.fy * r.height,
              }),
            );
          }
        },
        [at(0.2), at(0.4), at(0.6), at(0.8), at(0.8)],
      );
    }
    await frame.locator('#draw-status', { hasText: 'your drawing' }).waitFor();
    assert.ok((await paintedPixels(frame, '#draw-pad')) > 1000, 'touch and pen strokes drawn');
    await frame.locator('#draw-clear').click();
    await frame.locator('#draw-status', { hasText: 'Draw a digit' }).waitFor();
    assert.equal(await paintedPixels(frame, '#draw-pad'), 0, 'clear removed both strokes');

    // Draw again, then the other themes: the tiles and the pad take the theme's colours.
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.3, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.85, { steps: 8 });
    await page.mouse.up();
    await frame.locator('#draw-status', { hasText: 'your drawing' }).waitFor();
    await pickTheme(page, THEME.light, frame);
    assert.ok((await paintedPixels(frame, 'canvas.weight-tile >> nth=0')) > 100);
    await screenshot(page, 'draw-digit-light');
    await frame.locator('#inside-network').scrollIntoViewIfNeeded();
    await screenshot(page, 'inside-network-light');
    await pickTheme(page, THEME.hcDark, frame);
    assert.ok((await paintedPixels(frame, 'canvas.weight-tile >> nth=0')) > 100);
    await screenshot(page, 'inside-network-hc');
    await frame.locator('#draw-digit').scrollIntoViewIfNeeded();
    await screenshot(page, 'draw-digit-hc');
    await pickTheme(page, THEME.dark, frame);
    await runCommand(page, 'View: Close All Editors');

    // Sweep: every trial's first-layer gradient, ratio and dead share at its best epoch, as run.json says.
    await openResults(page, 'Inside grid');
    const sweepFrame = webviewFrame(page);
    await sweepFrame.locator('#dynamics-grid tbody tr').first().waitFor();
    assert.equal(await sweepFrame.locator('#dynamics-grid tbody tr').count(), 2);
    for (const t of grid.record.trials) {
      const at = dynamicsAtBest(t)!;
      const v = flowVerdict(at.epoch, at.dynamics)!;
      const row = sweepFrame.locator(`#dynamics-grid tr[data-trial="${t.index}"]`);
      assert.equal(Number(await row.locator('td[data-key="firstGrad"]').getAttribute('data-value')), v.firstGrad);
      assert.equal(await row.locator('td[data-key="firstGrad"]').textContent(), formatScientific(v.firstGrad));
      assert.equal(Number(await row.locator('td[data-key="firstToLast"]').getAttribute('data-value')), v.firstToLast);
      assert.equal(
        await row.locator('td[data-key="dead"]').textContent(),
        v.dead === null ? '–' : formatPercent(v.dead, 1),
      );
    }
    const sigmoid = grid.record.trials.find((t) => t.params['model.activation'] === 'sigmoid')!;
    const relu = grid.record.trials.find((t) => t.params['model.activation'] === 'relu')!;
    const g = (t: typeof sigmoid) => dynamicsAtBest(t)!.dynamics.layers[0].gradKernel;
    // What the grid is for: with randomNormal, sigmoid's first layer gets a far weaker gradient.
    assert.ok(g(sigmoid) < g(relu) / 3, `sigmoid ${g(sigmoid)} vs relu ${g(relu)}`);
    assert.match(
      (await sweepFrame.locator('#dynamics-grid-summary').textContent()) ?? '',
      /first layer's gradient norm ranges from/,
    );
    await sweepFrame.locator('#dynamics-grid-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'sweep-dynamics-dark');
    await runCommand(page, 'View: Close All Editors');

    // Live: a run started from VS Code shows the gradient flow and the activation strips per epoch.
    await commandThenPick(page, 'MNIST Lab: Run Experiment (Quick)', 'Inside live');
    await page.locator('.tab', { hasText: 'Training: Inside live' }).waitFor({ timeout: 60_000 });
    let live = webviewFrame(page);
    const shown = async () => Number((await live.locator('#chart-gradient-flow').getAttribute('data-epochs')) ?? '0');
    const retry = live.locator('#load-retry');
    await live.locator('#chart-gradient-flow[data-epochs]').or(retry).first().waitFor({ timeout: 120_000 });
    if (await retry.isVisible()) {
      // The code-server webview sometimes fails a panel's first script request while training
      // loads both cores (panels/shared/load-guard.ts says so in the panel). Reopening the
      // run's panel is what a user does; logged so a rising count is noticed.
      console.log('live panel: script did not load; reopened it with Open Results');
      await runCommand(page, 'View: Close All Editors');
      await openResults(page, 'Inside live');
      live = webviewFrame(page);
    }
    for (let i = 0; i < 240 && (await shown()) < 3; i++) await page.waitForTimeout(250);
    assert.ok((await shown()) >= 3, 'the gradient flow gains a point per epoch');
    assert.equal(await live.locator('canvas.distribution-strip').count(), 3, 'a strip per layer (two hidden + output)');
    assert.ok((await paintedPixels(live, 'canvas.distribution-strip >> nth=0')) > 4, 'strip painted');
    // The page draws every epoch of a live run while both cores train: allow it time to answer.
    await live.locator('#gradient-flow-table summary').click({ timeout: 60_000 });
    const rows = await live
      .locator('#gradient-flow-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));
    assert.match(
      (await live.locator('#gradient-flow-summary').textContent()) ?? '',
      /^Epoch \d+: the first layer's gradient norm is /,
    );
    await live.locator('#chart-gradient-flow').scrollIntoViewIfNeeded();
    await screenshot(page, 'live-dynamics-dark');
    await live.locator('#stop').click();
    // The epochs shown, against run.json once the run has ended (epoch records never change).
    const liveDir = join(folder, '.mnistlab/runs/inside-live');
    const liveFile = () => join(liveDir, readdirSync(liveDir)[0], 'run.json');
    for (let i = 0; i < 240 && (JSON.parse(readFileSync(liveFile(), 'utf8')) as RunRecord).status === 'running'; i++)
      await page.waitForTimeout(500);
    const hist = (JSON.parse(readFileSync(liveFile(), 'utf8')) as RunRecord).trials[0].history;
    assert.ok(rows.length >= 3);
    assert.deepEqual(
      rows,
      hist
        .slice(0, rows.length)
        .map((e) => [String(e.epoch), ...e.dynamics!.layers.map((l) => formatScientific(l.gradKernel))]),
    );
  } catch (error) {
    await screenshot(page, 'inside-FAILED').catch(() => undefined);
    throw error;
  }
});
