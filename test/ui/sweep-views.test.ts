// The sweep panel's views on a small real grid (activation × learning rate, made by the real
// CLI) in a real VS Code: a filter typed on a hyperparameter, brushes drawn with the keyboard,
// a text range and the mouse on the parallel coordinates; after each, the table rows, the
// parallel-coordinates lines, the scatter points and the importance chart must all hold the
// trials of run.json that pass. The parallel coordinates' lines are coloured by test accuracy
// (the ramp read off the legend, each line's colour against its accuracy in run.json) and the
// plot follows the panel's width (a narrower window, a half-width editor group) keeping its
// brushes and the keyboard focus. Then selection, smoothing, axe in four themes and screenshots.
// Needs `npm run build` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import type { RunRecord, TrialRecord } from '../../src/core/record';
import { parameterImportance } from '../../src/core/importance';
import { comparableAccuracy } from '../../src/core/repeats';
import { axisPosition, inBrushes, paramAxis, type Brush } from '../../src/core/param-axes';
import { formatPercent } from '../../src/core/format';
import { bestTrial } from '../../src/core/best';
import { commandThenPick, makeWorkspace, openFile, runCommand, screenshot } from '../e2e/vscode-server';
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

type Rgb = [number, number, number];
const distance = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/**
 * The colours the plot shows, as sRGB: the ends of the legend's ramp, every line's stroke, and
 * what the browser mixes between the ramp's ends at each line's place on the accuracy axis
 * (computed here from run.json), painted through a canvas so any CSS colour syntax compares.
 */
async function lineColours(frame: Frame, expectedAt: Record<number, number>) {
  // tsx compiles the named helpers below with a `__name` helper that the page does not have.
  await frame.evaluate('window.__name = (f) => f');
  return frame.evaluate((at) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const probe = document.createElement('span');
    document.getElementById('parallel-card')!.append(probe);
    const rgb = (color: string): [number, number, number] => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#010203';
      ctx.fillStyle = color;
      if (ctx.fillStyle === '#010203') throw new Error(`not a colour the canvas takes: ${color}`);
      ctx.fillRect(0, 0, 1, 1);
      const d = ctx.getImageData(0, 0, 1, 1).data;
      return [d[0], d[1], d[2]];
    };
    const gradient = getComputedStyle(document.getElementById('parallel-ramp')!).backgroundImage;
    const stops = gradient.match(/(?:rgba?|color|oklab|oklch|lab|lch)\([^)]*\)/g) ?? [];
    if (stops.length < 2) throw new Error(`no colour ramp in the legend: ${gradient}`);
    const [bottom, top] = [stops[0]!, stops[stops.length - 1]!];
    const [low, high] = [rgb(bottom), rgb(top)];
    const lines = Array.from(document.querySelectorAll<SVGElement>('#parallel-coords polyline[data-trial]'), (p) => {
      const trial = Number(p.getAttribute('data-trial'));
      const style = getComputedStyle(p);
      probe.style.color = `color-mix(in oklab, ${top} ${(at[trial] ?? 0) * 100}%, ${bottom})`;
      return {
        trial,
        inside: p.getAttribute('data-inside') === 'true',
        stroke: rgb(style.stroke),
        expected: rgb(getComputedStyle(probe).color),
        opacity: Number(style.strokeOpacity),
        dashed: style.strokeDasharray !== 'none',
      };
    });
    probe.remove();
    return { low, high, lines };
  }, expectedAt);
}

/**
 * Every line inside the brushes has the ramp's colour at its accuracy in run.json (the best the
 * top, the worst the bottom); lines outside the brushes are dashed and fainter.
 */
async function assertColouredByAccuracy(frame: Frame, record: RunRecord, what: string) {
  const accs = record.trials.map(comparableAccuracy).filter((v): v is number => v !== null);
  const axis = paramAxis('testAccuracy', accs);
  const at = Object.fromEntries(record.trials.map((x) => [x.index, axisPosition(axis, comparableAccuracy(x)) ?? 0]));
  const { low, high, lines } = await lineColours(frame, at);
  assert.ok(distance(low, high) > 80, `${what}: the ramp's ends differ (${low} → ${high})`);
  const inside = lines.filter((l) => l.inside);
  assert.ok(inside.length >= 1, `${what}: lines to compare`);
  for (const l of inside)
    assert.ok(
      distance(l.stroke, l.expected) <= 4,
      `${what}: trial ${l.trial + 1} (accuracy ${comparableAccuracy(record.trials[l.trial])}) drawn ${l.stroke}, the ramp there is ${l.expected}`,
    );
  const byAcc = [...inside].sort(
    (a, b) => comparableAccuracy(record.trials[a.trial])! - comparableAccuracy(record.trials[b.trial])!,
  );
  if (at[byAcc[byAcc.length - 1].trial] === 1)
    assert.ok(distance(byAcc[byAcc.length - 1].stroke, high) <= 4, `${what}: the best line has the ramp's top colour`);
  if (at[byAcc[0].trial] === 0)
    assert.ok(distance(byAcc[0].stroke, low) <= 4, `${what}: the worst line has the ramp's bottom colour`);
  const strongest = Math.min(...inside.map((l) => l.opacity));
  for (const l of lines.filter((x) => !x.inside)) {
    assert.ok(l.dashed, `${what}: trial ${l.trial + 1} outside the brushes is dashed`);
    assert.ok(l.opacity < strongest, `${what}: trial ${l.trial + 1} outside the brushes is fainter`);
  }
  // The legend's ends are the accuracy axis's ends, as run.json has them.
  assert.equal(await frame.locator('.pc-ramp-end[data-end="low"]').textContent(), formatPercent(axis.min, 1));
  assert.equal(await frame.locator('.pc-ramp-end[data-end="high"]').textContent(), formatPercent(axis.max, 1));
}

/** The plot's width against the room its card gives it. */
async function plotFit(frame: Frame) {
  return frame.evaluate(() => {
    const plot = document.getElementById('parallel-coords')!;
    return { width: plot.getBoundingClientRect().width, room: plot.parentElement!.clientWidth };
  });
}

/** Waits until the plot is as wide as its card lets it be (3 axes fit from 380 px). */
async function waitForFit(frame: Frame, what: string): Promise<number> {
  await frame
    .waitForFunction(() => {
      const plot = document.getElementById('parallel-coords');
      return !!plot && Math.abs(plot.getBoundingClientRect().width - plot.parentElement!.clientWidth) <= 1;
    })
    .catch(() => undefined);
  const fit = await plotFit(frame);
  assert.ok(Math.abs(fit.width - fit.room) <= 1, `${what}: plot ${fit.width} px in ${fit.room} px`);
  return fit.width;
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
    await assertColouredByAccuracy(frame, record, 'no filter');
    const wide = await waitForFit(frame, 'full width');
    assert.ok(wide > 800, `the plot takes the panel's width (${wide} px)`);

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

    // A narrower window: the plot redraws to the new width with its brush, lines and focus.
    const brushBefore = await lrAxis.getAttribute('data-brush');
    await page.setViewportSize({ width: 1000, height: 1100 });
    await frame.waitForFunction(
      (w) => document.getElementById('parallel-coords')!.getBoundingClientRect().width < w - 100,
      wide,
    );
    const narrow = await waitForFit(frame, 'narrower window');
    assert.equal(await lrAxis.getAttribute('data-brush'), brushBefore, 'the brush survives the resize');
    assert.equal(await frame.evaluate(() => document.activeElement?.getAttribute('data-axis')), LR, 'focus kept');
    await assertViews(
      frame,
      record,
      relu.filter((x) => x.params[LR] === 0.001),
      'after the resize',
    );
    // The brush rectangle still spans the lines it keeps, at the new axis position.
    const [brushBox, axisLine] = await Promise.all([
      lrAxis.locator('.pc-brush').boundingBox(),
      lrAxis.locator('.pc-axis-line').boundingBox(),
    ]);
    assert.ok(
      brushBox && axisLine && Math.abs(brushBox.x + brushBox.width / 2 - (axisLine.x + axisLine.width / 2)) <= 1,
      'the brush is drawn on its axis',
    );
    await frame.locator('#parallel-card').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'sweep-views-parallel-narrow-window');
    await page.setViewportSize({ width: 1400, height: 1100 });
    await frame.waitForFunction(
      (w) => document.getElementById('parallel-coords')!.getBoundingClientRect().width > w + 100,
      narrow,
    );
    await waitForFit(frame, 'wide again');
    assert.equal(await frame.evaluate(() => document.activeElement?.getAttribute('data-axis')), LR, 'focus kept');
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
    await assertColouredByAccuracy(frame, record, 'accuracy brushed by mouse');
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
    // The parallel coordinates draw the ticked trials wider and the best trial widest, with a dot
    // on every axis: the kinds of line stay apart without their colour.
    const best = bestTrial(record.trials)!.index;
    const drawn = await frame.locator('#parallel-coords polyline[data-trial]').evaluateAll((ps) =>
      ps.map((p) => ({
        trial: Number(p.getAttribute('data-trial')),
        width: parseFloat(getComputedStyle(p).strokeWidth),
      })),
    );
    const widthOf = (i: number) => drawn.find((d) => d.trial === i)!.width;
    const plain = record.trials.map((x) => x.index).filter((i) => i !== best && i !== 0 && i !== 3);
    for (const i of [0, 3].filter((x) => x !== best))
      for (const j of plain) assert.ok(widthOf(i) > widthOf(j), `ticked trial ${i + 1} wider than trial ${j + 1}`);
    for (const i of [...plain, 0, 3].filter((x) => x !== best))
      assert.ok(widthOf(best) > widthOf(i), `best trial ${best + 1} wider than trial ${i + 1}`);
    assert.equal(await frame.locator('#parallel-coords .pc-dot').count(), 3, 'a dot on each axis for the best trial');
    assert.match((await frame.locator('#parallel-legend').textContent()) ?? '', /best trial.*ticked in the table/);
    await frame.locator('#parallel-card').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'sweep-views-parallel-selected-dark');

    // The row with the keyboard focus marks its trial's line: ringed, drawn over the others.
    const marked = () =>
      frame.evaluate(() => {
        const all = Array.from(document.querySelectorAll('#parallel-coords polyline[data-trial]'));
        const on = all.filter((l) => l.classList.contains('pc-focused'));
        return {
          trials: on.map((l) => Number(l.getAttribute('data-trial'))),
          last: Number(all[all.length - 1]?.getAttribute('data-trial')),
          filter: on[0] ? getComputedStyle(on[0]).filter : 'none',
        };
      });
    const tableRows = frame.locator('#trials-table tbody tr');
    await tableRows.nth(1).focus();
    const second = Number(await tableRows.nth(1).getAttribute('data-trial'));
    const mark = await marked();
    assert.deepEqual([mark.trials, mark.last], [[second], second], 'the focused row marks its line, on top');
    assert.match(mark.filter, /drop-shadow/, 'the focused trial is ringed');
    await page.keyboard.press('ArrowDown');
    const third = Number(await tableRows.nth(2).getAttribute('data-trial'));
    await frame.waitForFunction(
      (i) => document.querySelector(`#parallel-coords polyline.pc-focused`)?.getAttribute('data-trial') === String(i),
      third,
    );
    assert.equal((await marked()).last, third, 'drawn over the other lines');
    await frame.locator('#parallel-card').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'sweep-views-parallel-focused-row-dark');
    await frame.locator('#filter').focus();
    assert.deepEqual((await marked()).trials, [], 'no row focused, no line marked');

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
    await assertColouredByAccuracy(rf, randomRecord, 'random search');
    await rf.locator('#parallel-card').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'sweep-views-parallel-random');
    await runCommand(page, 'View: Close All Editors');
    await openSweep(page, 'Tiny views grid');

    // Every theme: no serious axe violation; screenshots of the importance and parallel coordinates.
    for (const theme of THEMES) {
      if (theme.slug !== 'dark') await pickTheme(page, theme);
      const f = await visibleWebview(page, '#parallel-coords');
      const bad = blocking(await axeViolations(f, `sweep-views-${theme.slug}`));
      assert.equal(bad.length, 0, describe(bad));
      await assertColouredByAccuracy(f, record, theme.slug);
      await f.locator('#importance-card').scrollIntoViewIfNeeded();
      await screenshot(page, `sweep-views-${theme.slug}`);
      await f.locator('#parallel-card').evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await screenshot(page, `sweep-views-parallel-${theme.slug}`);
    }

    // A half-width editor group: the panel opened beside an experiment file.
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'tiny-views-grid.mnistexp.json');
    await runCommand(page, 'View: Split Editor Right');
    await page.locator('.editor-group-container').nth(1).waitFor();
    const half = await openSweep(page, 'Tiny views grid');
    const groupWidth = await page
      .locator('.editor-group-container')
      .nth(1)
      .evaluate((g) => g.getBoundingClientRect().width);
    assert.ok(groupWidth < 700, `the sweep group is half-width (${groupWidth} px)`);
    const halfWidth = await waitForFit(half, 'half-width group');
    assert.ok(halfWidth < groupWidth, `the plot fits the group (${halfWidth} px in ${groupWidth} px)`);
    assert.equal(
      await half.locator('#parallel-card').evaluate((c) => c.querySelector('.pc-frame')!.scrollWidth),
      Math.round(halfWidth),
      'nothing to scroll sideways',
    );
    await assertColouredByAccuracy(half, record, 'half-width group');
    await half.locator('#parallel-card').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'sweep-views-parallel-half-hc-light');
  },
);
