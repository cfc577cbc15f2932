// What a new user tripped over (issue 18), each checked in a real VS Code where it was seen:
// chart ticks with floating-point noise, a finished live panel left beside a new results tab,
// and a stopped sweep whose live panel claimed every trial had run. Screenshots of the changed
// panels in dark, light and high-contrast themes go to test-results/screenshots/new-user-*.
// Needs `npm run build` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { tenDigitExperiment } from '../experiment-files';
import { runTitle } from '../../src/extension/runs/run-format';
import { makeWorkspace, commandThenPick, runCommand, screenshot, webviewFrame } from '../e2e/vscode-server';
import { newestRun, openLab, quickRun } from './fixtures';
import { pickTheme, SCREENSHOT_THEMES, THEME } from './a11y-helpers';

const tiny = tenDigitExperiment({ units: 16, earlyStopping: false, quick: { train: 4000, test: 300, epochs: 4 } });
// Batch / learning rate of 32 / 0.00001 is 3199999.9999999995 in floating point: the ratio axis
// printed "3.1999999999999995e6".
const grid = {
  ...tiny,
  name: 'Ratio grid',
  quick: { train: 600, test: 200, epochs: 2 },
  sweep: { 'training.batchSize': [16, 32, 64], 'training.learningRate': [0.001, 0.0001, 0.00001] },
};
// Trials long enough to be stopped in the middle of the first one.
const stopped = {
  ...tiny,
  name: 'Stopped grid',
  quick: { train: 30000, test: 200, epochs: 50 },
  sweep: { 'training.batchSize': [32, 64], 'training.learningRate': [0.01, 0.001] },
};

/** Screenshots of the visible panel in all three themes (back to dark at the end). */
async function inEveryTheme(page: Page, frame: FrameLocator, name: string): Promise<void> {
  for (const [suffix, theme] of SCREENSHOT_THEMES) {
    await pickTheme(page, theme, frame);
    await screenshot(page, `new-user-${name}-${suffix}`);
  }
  await pickTheme(page, THEME.dark, frame);
}

async function ticksOf(frame: FrameLocator, selector: string, axis: 'x' | 'y'): Promise<string[]> {
  const canvas = frame.locator(selector);
  await canvas.and(frame.locator(`[data-${axis}-ticks]`)).waitFor();
  return JSON.parse((await canvas.getAttribute(`data-${axis}-ticks`)) ?? '[]') as string[];
}

/** A round tick: "0.6", "1.8", "16,000", "3.2e6", "1e-5", "95.0 %", "12"; never float noise. */
function assertRound(labels: string[], where: string): void {
  assert.ok(labels.length >= 2, `${where}: ticks ${JSON.stringify(labels)}`);
  for (const label of labels) {
    assert.match(
      label,
      /^(-?\d{1,3}(,\d{3})*(\.\d{1,3})?( %)?|-?\d(\.\d{1,2})?e-?\d+)$/,
      `${where}: "${label}" of ${JSON.stringify(labels)}`,
    );
  }
}

const tabs = (page: Page, text: string) => page.locator('.tabs-container .tab', { hasText: text });

test('new user: round ticks, one tab per run, an honest stopped sweep', { timeout: 600_000 }, async (t) => {
  const folder = makeWorkspace({
    'tiny-ten-digits.mnistexp.json': JSON.stringify(tiny, null, 1),
    'ratio-grid.mnistexp.json': JSON.stringify(grid, null, 1),
    'stopped-grid.mnistexp.json': JSON.stringify(stopped, null, 1),
  });
  const earlier = quickRun(folder, 'tiny-ten-digits.mnistexp.json');
  quickRun(folder, 'ratio-grid.mnistexp.json');

  const { page } = await openLab(t, folder, { settings: { 'mnistLab.sweepWorkers': 1 } });

  await t.test('sweep charts print round ticks, the batch / learning-rate ratio included', async () => {
    await commandThenPick(page, 'MNIST Lab: Open Results', 'Ratio grid');
    const frame = webviewFrame(page);
    await frame.locator('#trials-table tbody tr').first().waitFor();
    for (const id of ['#chart-ratio', '#chart-batch', '#chart-lr']) {
      assertRound(await ticksOf(frame, id, 'x'), `${id} x`);
      assertRound(await ticksOf(frame, id, 'y'), `${id} y`);
    }
    assertRound(await ticksOf(frame, '#chart-overlay', 'y'), 'overlay y');

    // Every trial in the overlay's legend, and the plot keeps its height.
    const legend = frame.locator('#chart-overlay-legend .legend-item');
    assert.equal(await legend.count(), 9, 'all nine trials are listed');
    const plotHeight = await frame.locator('#chart-overlay').evaluate((c) => c.getBoundingClientRect().height);
    assert.ok(plotHeight >= 250, `the plot is ${plotHeight} px high`);
    await legend.nth(1).click();
    assert.equal(await legend.nth(1).getAttribute('aria-pressed'), 'false', 'a legend entry hides its line');
    await legend.nth(1).press('Enter');
    assert.equal(await legend.nth(1).getAttribute('aria-pressed'), 'true', 'and shows it again, from the keyboard too');
    assert.ok((await ticksOf(frame, '#chart-ratio', 'x')).includes('3.2e6'), 'the ratio 32 / 0.00001 reads 3.2e6');
    await frame.locator('#chart-ratio').scrollIntoViewIfNeeded();
    await inEveryTheme(page, frame, 'sweep-ratio');
    await runCommand(page, 'View: Close All Editors');
  });

  await t.test(
    "a finished live panel becomes the run's results panel; Open Results reuses it; titles tell runs apart",
    async () => {
      await commandThenPick(page, 'MNIST Lab: Run Experiment (Quick)', 'Tiny ten digits');
      await tabs(page, 'Training: Tiny ten digits').waitFor({ timeout: 60_000 });
      await tabs(page, 'Results: Tiny ten digits').waitFor({ timeout: 180_000 });
      const frame = webviewFrame(page);
      await frame.locator('[data-fact="test-accuracy"] .v').waitFor();
      assert.equal(
        await tabs(page, 'Training: Tiny ten digits').count(),
        0,
        'the live tab turned into the results tab',
      );
      const run = newestRun(folder, 'tiny-ten-digits.mnistexp.json');
      assert.notEqual(run.dir, earlier.dir);
      assert.equal(run.record.status, 'done');
      assertRound(await ticksOf(frame, '#chart-loss', 'y'), 'results loss y');
      assertRound(await ticksOf(frame, '#chart-loss', 'x'), 'results loss x');

      const time = runTitle(run.record).split(' ')[1]!;
      for (let i = 0; i < 2; i++) {
        await commandThenPick(page, 'MNIST Lab: Open Results', time);
        await page.waitForTimeout(1500);
        assert.equal(await tabs(page, 'Tiny ten digits').count(), 1, `Open Results #${i + 1} of the same run: one tab`);
      }
      assert.match(
        (await tabs(page, 'Tiny ten digits').getAttribute('aria-label')) ?? '',
        new RegExp(`Results: Tiny ten digits · ${time}`),
      );

      const earlierTime = runTitle(earlier.record).split(' ')[1]!;
      await commandThenPick(page, 'MNIST Lab: Open Results', earlierTime);
      await tabs(page, `Results: Tiny ten digits · ${earlierTime}`).waitFor();
      assert.equal(await tabs(page, 'Tiny ten digits').count(), 2, 'another run, another tab, another title');
      await inEveryTheme(page, webviewFrame(page), 'results');
      await runCommand(page, 'View: Close All Editors');
    },
  );

  await t.test(
    'a sweep stopped mid-trial keeps its trained trial, marks the rest not run, says cancelled',
    async () => {
      await commandThenPick(page, 'MNIST Lab: Run Experiment (Quick)', 'Stopped grid');
      await tabs(page, 'Training: Stopped grid').waitFor({ timeout: 60_000 });
      const frame = webviewFrame(page);
      const epochs = async () => Number((await frame.locator('#chart-loss').getAttribute('data-epochs')) ?? '0');
      await frame.locator('#chart-loss').waitFor();
      for (let i = 0; i < 240 && (await epochs()) < 2; i++) await page.waitForTimeout(500);
      assert.ok((await epochs()) >= 2, 'trial 1 trained two epochs');
      await frame.locator('#stop').click();
      await frame.locator('#status', { hasText: 'cancelled' }).waitFor({ timeout: 60_000 });

      const record = newestRun(folder, 'stopped-grid.mnistexp.json').record;
      const trained = record.trials.filter((x) => x.history.length > 0);
      assert.equal(record.status, 'cancelled');
      assert.ok(trained.length >= 1);
      assert.equal(
        await frame.locator('[data-fact="trial"] .v').textContent(),
        `${trained.at(-1)!.index + 1} of 4`,
        'the trial shown is one that trained',
      );
      assert.equal(
        await frame.locator('[data-fact="epoch"] .v').textContent(),
        `${trained.at(-1)!.history.length} of 50`,
      );
      assert.ok((await epochs()) >= 2, 'its curves stay');
      const statuses = await frame.locator('#trials tbody tr td:nth-child(3)').allTextContents();
      assert.deepEqual(
        statuses,
        record.trials.map((x) => (x.history.length > 0 ? `stopped at epoch ${x.history.length}` : 'not run')),
      );
      const notRun = 4 - trained.length;
      assert.match(
        (await frame.locator('#progress-text').textContent()) ?? '',
        new RegExp(`^Sweep cancelled.*: ${trained.length} of 4 trials trained, ${notRun} not run`),
      );
      const bar = frame.locator('#run-progress');
      assert.ok(
        Number(await bar.getAttribute('value')) < Number(await bar.getAttribute('max')),
        'the run bar is not full',
      );
      assert.equal(
        Number(await frame.locator('#epoch-progress').getAttribute('value')),
        0,
        'the epoch bar is not full',
      );
      await page.locator('.notification-toast', { hasText: 'was cancelled' }).waitFor({ timeout: 10_000 });
      // A disabled Stop is drawn like a secondary button, not in the error colour.
      const stopColour = await frame.locator('#stop').evaluate((b) => getComputedStyle(b).backgroundColor);
      const secondary = await frame.locator('#export').evaluate((b) => getComputedStyle(b).backgroundColor);
      assert.equal(stopColour, secondary);
      await inEveryTheme(page, frame, 'live-stopped');
    },
  );
});
