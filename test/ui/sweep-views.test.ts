// The sweep panel's views on a small real grid (activation × learning rate, made by the real
// CLI) in a real VS Code: a filter typed on a hyperparameter, brushes drawn with the keyboard,
// a text range and the mouse on the parallel coordinates; after each, the table rows, the
// parallel-coordinates lines, the scatter points and the importance chart must all hold the
// trials of run.json that pass. Then selection, smoothing, axe in four themes and screenshots.
// Needs `npm run build` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import type { RunRecord, TrialRecord } from '../../src/core/record';
import { parameterImportance } from '../../src/core/importance';
import { comparableAccuracy } from '../../src/core/repeats';
import { inBrushes, paramAxis, type Brush } from '../../src/core/param-axes';
import { commandThenPick, makeWorkspace, runCommand, screenshot } from '../e2e/vscode-server';
import { tenDigitSweep } from '../experiment-files';
import { quickRun, openLab } from './fixtures';
import { THEMES, axeViolations, blocking, describe, pickTheme, visibleWebview } from './a11y-helpers';

const LR = 'training.learningRate';
const ACT = 'model.activation';
const grid = tenDigitSweep({
  name: 'Tiny views grid',
  seed: 5,
  sweep: { [ACT]: ['relu', 'tanh'], [LR]: [0.01, 0.001, 0.0001] },
});

const random = tenDigitSweep({
  name: 'Tiny views random',
  seed: 5,
  sweep: {
    'training.batchSize': { min: 16, max: 128, scale: 'log' },
    [LR]: { min: 0.0001, max: 0.01, scale: 'log' },
  },
  search: { strategy: 'random', trials: 6, seed: 11 },
});

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** What every view of the panel shows, read from the page. */
async function views(frame: Frame) {
  const rows = await frame
    .locator('#trials-table tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-trial'))));
  const lines = await frame
    .locator('#parallel-coords polyline[data-inside="true"]')
    .evaluateAll((ps) => ps.map((p) => Number(p.getAttribute('data-trial'))));
  const scatter = async (id: string) =>
    ((await frame.locator(id).getAttribute('data-trials')) ?? '').split(',').filter(Boolean).map(Number);
  const importance = await frame
    .locator('#importance .imp-row')
    .evaluateAll((rs) => rs.map((r) => [r.getAttribute('data-param'), r.getAttribute('data-value')] as const));
  return {
    rows: sorted(rows),
    lines: sorted(lines),
    lrPoints: sorted(await scatter('#chart-lr')),
    actPoints: sorted(await scatter(`#chart-p-${ACT.replace(/[^\w-]/g, '-')}`)),
    measure: await frame.locator('#importance').getAttribute('data-measure'),
    importance: Object.fromEntries(importance),
    heat: sorted(
      await frame
        .locator('#heatmap td.cell')
        .evaluateAll((tds) =>
          tds.flatMap((td) => (td.getAttribute('data-trials') || '').split(',').filter(Boolean).map(Number)),
        ),
    ),
  };
}

/** The views must hold exactly `expected` trials of run.json, and the importance computed from them. */
async function assertViews(frame: Frame, record: RunRecord, expected: TrialRecord[], what: string) {
  const want = sorted(expected.map((t) => t.index));
  // The panel re-renders on input: wait until the table shows the expected count.
  await frame.waitForFunction((n) => document.querySelectorAll('#trials-table tbody tr').length === n, want.length);
  const v = await views(frame);
  assert.deepEqual(v.rows, want, `${what}: table`);
  assert.deepEqual(v.lines, want, `${what}: parallel coordinates`);
  assert.deepEqual(v.lrPoints, want, `${what}: accuracy vs learning rate`);
  assert.deepEqual(v.actPoints, want, `${what}: accuracy vs activation`);
  assert.deepEqual(v.heat, want, `${what}: heatmap`);
  const imp = parameterImportance(
    expected.map((t) => ({ params: t.params, value: comparableAccuracy(t) })),
    record.sweepParameters,
  );
  assert.equal(v.measure, imp.measure, `${what}: importance measure`);
  for (const p of imp.params)
    assert.equal(v.importance[p.param], p.value === null ? '' : String(p.value), `${what}: importance of ${p.param}`);
}

async function openSweep(page: Page, name: string): Promise<Frame> {
  await commandThenPick(page, 'MNIST Lab: Open Results', name);
  // The panel whose title is this run's name (a panel closed just before may still be fading).
  const frame = await visibleWebview(page, `h1:text-is("${name}")`);
  await frame.locator('#parallel-coords').waitFor();
  return frame;
}

test(
  'sweep views: filter, brushes, scatter, importance and curves agree with run.json',
  { timeout: 420_000 },
  async (t) => {
    const folder = makeWorkspace({
      'tiny-views-grid.mnistexp.json': JSON.stringify(grid, null, 1),
      'tiny-views-random.mnistexp.json': JSON.stringify(random, null, 1),
    });
    const { record } = quickRun(folder, 'tiny-views-grid.mnistexp.json', 2);
    const { record: randomRecord } = quickRun(folder, 'tiny-views-random.mnistexp.json', 2);
    assert.equal(randomRecord.status, 'done', randomRecord.error ?? '');
    assert.equal(record.status, 'done', record.error ?? '');
    assert.equal(record.trials.length, 6);

    const { page } = await openLab(t, folder, { height: 1100 });
    const frame = await openSweep(page, 'Tiny views grid');

    // Everything: a full grid, so importance is the share of variance.
    await assertViews(frame, record, record.trials, 'no filter');
    assert.equal(await frame.locator('#importance').getAttribute('data-measure'), 'variance');
    assert.match((await frame.locator('#importance-card').textContent()) ?? '', /share of the variance/);
    const lrTicks = JSON.parse((await frame.locator('#chart-lr').getAttribute('data-x-ticks')) ?? '[]') as string[];
    assert.deepEqual(lrTicks, ['1e-4', '0.001', '0.01'], 'learning rate on a log axis at the swept values');

    // A filter typed on a hyperparameter.
    await frame.locator('#filter').fill('act=relu');
    const relu = record.trials.filter((x) => x.params[ACT] === 'relu');
    await assertViews(frame, record, relu, 'act=relu');

    // Keyboard brush on the learning-rate axis: ArrowDown keeps the top value (0.01).
    const lrAxis = frame.locator(`#parallel-coords g[data-axis="${LR}"]`);
    await lrAxis.focus();
    await page.keyboard.press('ArrowDown');
    await assertViews(
      frame,
      record,
      relu.filter((x) => x.params[LR] === 0.01),
      'act=relu, lr brushed to 0.01',
    );
    // ArrowDown moves the range one value down; focus stays on the axis after the re-render.
    await page.keyboard.press('ArrowDown');
    await assertViews(
      frame,
      record,
      relu.filter((x) => x.params[LR] === 0.001),
      'lr brushed to 0.001',
    );
    assert.equal(await frame.evaluate(() => document.activeElement?.getAttribute('data-axis')), LR);
    // Shift+ArrowDown widens it down to 1e-4; Escape clears.
    await page.keyboard.press('Shift+ArrowDown');
    await assertViews(
      frame,
      record,
      relu.filter((x) => (x.params[LR] as number) <= 0.001),
      'lr 1e-4..0.001',
    );
    await page.keyboard.press('Escape');
    await assertViews(frame, record, relu, 'brush cleared');

    // The same range typed as text.
    await frame.locator('#filter').fill('');
    const box = frame.locator(`input[data-brush-input="${LR}"]`);
    await box.fill('0.0005 0.02');
    await box.press('Enter');
    await assertViews(
      frame,
      record,
      record.trials.filter((x) => (x.params[LR] as number) >= 0.001),
      'typed lr range',
    );
    await box.fill('');
    await box.press('Enter');
    await assertViews(frame, record, record.trials, 'typed range cleared');

    // A mouse drag on the accuracy axis, from its top down to the middle.
    const hit = frame.locator('#parallel-coords g[data-axis="testAccuracy"] .pc-hit');
    await frame.locator('#parallel-coords').scrollIntoViewIfNeeded();
    const bb = (await hit.boundingBox())!;
    await page.mouse.move(bb.x + bb.width / 2, bb.y + 8);
    await page.mouse.down();
    await page.mouse.move(bb.x + bb.width / 2, bb.y + bb.height * 0.4, { steps: 5 });
    await page.mouse.move(bb.x + bb.width / 2, bb.y + bb.height * 0.55, { steps: 5 });
    await page.mouse.up();
    await frame.waitForFunction(
      () => !!document.querySelector('g[data-axis="testAccuracy"]')?.getAttribute('data-brush'),
    );
    const brush = JSON.parse((await frame.locator('g[data-axis="testAccuracy"]').getAttribute('data-brush'))!) as Brush;
    assert.ok(brush.hi > 0.9 && brush.lo > 0.3 && brush.lo < 0.7, JSON.stringify(brush));
    const accAxis = paramAxis(
      'testAccuracy',
      record.trials.map(comparableAccuracy).filter((v): v is number => v !== null),
    );
    const dragged = record.trials.filter((x) =>
      inBrushes({ testAccuracy: comparableAccuracy(x) }, [accAxis], { testAccuracy: brush }),
    );
    assert.ok(dragged.length >= 1 && dragged.length < record.trials.length, `drag kept ${dragged.length}`);
    await assertViews(frame, record, dragged, 'accuracy brushed by mouse');
    assert.match((await frame.locator('#parallel-brushes').textContent()) ?? '', /^Brushed: test accuracy \d/);
    await frame.locator('#parallel-coords').scrollIntoViewIfNeeded();
    await screenshot(page, 'sweep-views-brushed-dark');
    // The accuracy range typed in percent.
    const accBox = frame.locator('input[data-brush-input="testAccuracy"]');
    assert.match(await accBox.inputValue(), /^\d+(\.\d)? % \d+(\.\d)? %$/);
    await accBox.fill('50 70');
    await accBox.press('Enter');
    await assertViews(
      frame,
      record,
      record.trials.filter((x) => comparableAccuracy(x)! >= 0.5 && comparableAccuracy(x)! <= 0.7),
      'accuracy typed as 50 70 (%)',
    );
    await frame.locator('g[data-axis="testAccuracy"]').focus();
    await page.keyboard.press('Escape');
    await assertViews(frame, record, record.trials, 'all again');

    // Selecting trials overlays only their curves: Space on a row, then a tick box.
    const firstRow = frame.locator('#trials-table tbody tr').first();
    await firstRow.focus();
    await page.keyboard.press('Space');
    await frame.waitForFunction(() => document.querySelectorAll('#chart-overlay-legend li').length === 1);
    await frame.locator('#trials-table tbody tr').nth(3).locator('input[data-select]').click();
    await frame.waitForFunction(() => document.querySelectorAll('#chart-overlay-legend li').length === 2);
    const legend = await frame.locator('#chart-overlay-legend li').allTextContents();
    const picked = [0, 3].map((i) => record.trials[i]);
    assert.deepEqual(
      legend,
      picked.map((x) => `${x.index + 1}. ${x.label}`),
    );
    assert.match((await frame.locator('#overlay-selection').textContent()) ?? '', /^2 selected trials/);

    // Smoothing from the keyboard: four steps of 0.05; the summary says the lines are smoothed.
    const slider = frame.locator('input[data-smoothing="chart-overlay"]');
    await slider.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await frame.waitForFunction(() =>
      /smoothed \(weight 0\.20\)/.test(document.querySelector('[data-summary-for="chart-overlay"]')?.textContent ?? ''),
    );
    assert.equal(await frame.locator('#chart-overlay-smoothing + output').textContent(), '0.20');
    await frame.locator('#chart-overlay').scrollIntoViewIfNeeded();
    await screenshot(page, 'sweep-views-curves-dark');

    // A trial's results panel: its loss and accuracy curves take the same smoothing control.
    await frame.locator('#trials-table tbody tr').first().focus();
    await page.keyboard.press('Enter');
    const results = await visibleWebview(page, '#chart-accuracy');
    const resultsSlider = results.locator('input[data-smoothing]');
    await resultsSlider.focus();
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
    await results.waitForFunction(() =>
      /smoothed \(weight 0\.60\)/.test(
        document.querySelector('[data-summary-for="chart-accuracy"]')?.textContent ?? '',
      ),
    );
    await results.locator('#chart-accuracy').scrollIntoViewIfNeeded();
    await screenshot(page, 'sweep-views-results-smoothed');
    await runCommand(page, 'View: Close All Editors');

    // Random search: no grid, so importance is Spearman's rank correlation, computed from run.json.
    const rf = await openSweep(page, 'Tiny views random');
    await rf.locator('#importance[data-measure="spearman"]').waitFor();
    const rImp = parameterImportance(
      randomRecord.trials.map((x) => ({ params: x.params, value: comparableAccuracy(x) })),
      randomRecord.sweepParameters,
    );
    for (const p of rImp.params)
      assert.equal(
        await rf.locator(`#importance .imp-row[data-param="${p.param}"]`).getAttribute('data-value'),
        p.value === null ? '' : String(p.value),
      );
    assert.equal(await rf.locator('#chart-lr').getAttribute('data-points'), '6');
    await rf.locator('#param-charts').scrollIntoViewIfNeeded();
    await screenshot(page, 'sweep-views-random');
    await rf.locator('#importance-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'sweep-views-random-importance');
    await runCommand(page, 'View: Close All Editors');
    await openSweep(page, 'Tiny views grid');

    // Every theme: no serious axe violation; screenshots of the importance and parallel coordinates.
    for (const theme of THEMES) {
      if (theme.slug !== 'dark') await pickTheme(page, theme);
      const f = await visibleWebview(page, '#parallel-coords');
      const bad = blocking(await axeViolations(f, `sweep-views-${theme.slug}`));
      assert.equal(bad.length, 0, describe(bad));
      await f.locator('#importance-card').scrollIntoViewIfNeeded();
      await screenshot(page, `sweep-views-${theme.slug}`);
      await f.locator('#parallel-card').evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await screenshot(page, `sweep-views-parallel-${theme.slug}`);
    }
  },
);
