// Every panel checked with axe-core in the real VS Code, in the dark, light and both
// high-contrast themes: no violation at all, whatever its impact. Runs come from the real CLI on tiny
// configs. Alongside, what axe cannot see: keyboard behaviour in the sweep table and the
// backprop walkthrough, and the chart text alternatives. Screenshots of every panel in every
// theme go to test-results/screenshots/a11y-*.png, axe's findings to test-results/axe/.
// Needs `npm run build` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  makeWorkspace,
  commandThenPick,
  startCommand,
  repoRoot,
  runCommand,
  screenshot,
  pickMany,
} from '../e2e/vscode-server';
import { slowLiveRun, tenDigitExperiment } from '../experiment-files';
import { axeViolations, blocking, describe, focused, pickTheme, THEMES, visibleWebview } from './a11y-helpers';
import { cliRun, openLab } from './fixtures';

const multi = tenDigitExperiment({ quick: { train: 1500, test: 400, epochs: 4 } });
const grid = tenDigitExperiment({
  name: 'Tiny grid',
  quick: { train: 600, test: 200, epochs: 2 },
  sweep: { 'training.batchSize': [32, 64], 'training.learningRate': [0.01, 0.001] },
});
// Still training while the themes change; the test stops it.
const slow = slowLiveRun;

/** axe in all four themes on the panel that is open; screenshots of each. */
async function checkInEveryTheme(
  page: Page,
  panel: string,
  ready: string,
  before?: () => Promise<void>,
): Promise<void> {
  const failures: string[] = [];
  for (const theme of THEMES) {
    await pickTheme(page, theme);
    const frame = await visibleWebview(page, ready);
    if (before) await before();
    const found = await axeViolations(frame, `${panel}-${theme.slug}`);
    const bad = blocking(found);
    if (bad.length > 0) failures.push(`${panel} in ${theme.name}:\n${describe(bad)}`);
    await screenshot(page, `a11y-${panel}-${theme.slug}`);
  }
  await pickTheme(page, THEMES[0]);
  assert.deepEqual(failures, [], `axe violations:\n${failures.join('\n')}`);
}

test('every panel passes axe in dark, light and high-contrast themes', { timeout: 600_000 }, async (t) => {
  const folder = makeWorkspace({
    'tiny-ten-digits.mnistexp.json': JSON.stringify(multi, null, 1),
    'tiny-grid.mnistexp.json': JSON.stringify(grid, null, 1),
    'slow-live-run.mnistexp.json': JSON.stringify(slow, null, 1),
  });
  copyFileSync(join(repoRoot, 'samples/backprop-symmetry.mnistexp.json'), join(folder, 'backprop.mnistexp.json'));
  cliRun(folder, 'tiny-ten-digits.mnistexp.json');
  cliRun(folder, 'tiny-grid.mnistexp.json');
  cliRun(folder, 'backprop.mnistexp.json', { quick: false });
  assert.equal(readdirSync(join(folder, '.mnistlab/runs')).length, 3);

  const { page } = await openLab(t, folder);

  await t.test(
    'results',
    guarded(page, 'results', async () => {
      await commandThenPick(page, 'MNIST Lab: Open Results', 'Tiny ten digits');
      const frame = await visibleWebview(page, '#confusion-matrix');
      // The chart's text alternative says what the chart shows, from the same numbers.
      const summary = (await frame.locator('#chart-accuracy-summary').textContent()) ?? '';
      assert.match(summary, /^Validation accuracy (rose|fell|stayed)/, summary);
      assert.match(summary, /best at epoch \d+/);
      assert.equal(await frame.locator('#chart-accuracy').getAttribute('aria-describedby'), 'chart-accuracy-summary');
      await frame.locator('details[data-table-for="chart-accuracy"] > summary').click();
      const epochs = Number(await frame.locator('#chart-accuracy').getAttribute('data-epochs'));
      // The table is built when it is first shown, after the click's event turn.
      await frame.locator('details[data-table-for="chart-accuracy"] tbody tr').first().waitFor();
      assert.equal(
        await frame.locator('details[data-table-for="chart-accuracy"] tbody tr').count(),
        epochs,
        'one table row per epoch drawn',
      );
      // One Tab stop in the matrix, not 100.
      assert.equal(await frame.locator('#confusion-matrix td.cell[tabindex="0"]').count(), 1);
      assert.equal(await frame.locator('#confusion-matrix[role="grid"]').count(), 1);
      // Open a cell so the examples are checked too.
      await frame.locator('#confusion-matrix td[data-row="3"][data-col="5"]').click();
      await checkInEveryTheme(page, 'results', '#confusion-matrix');
    }),
  );

  await t.test(
    'sweep',
    guarded(page, 'sweep', async () => {
      await commandThenPick(page, 'MNIST Lab: Open Results', 'Tiny grid');
      const frame = await visibleWebview(page, '#trials-table tbody tr');
      // ArrowDown moves between rows without scrolling the page; one Tab stop for the rows.
      assert.equal(await frame.locator('#trials-table tbody tr[tabindex="0"]').count(), 1);
      await frame.locator('#trials-table tbody tr').first().focus();
      const scrollBefore = await frame.evaluate(() => window.scrollY);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const f = await focused(frame);
      assert.equal(f.tag, 'tr');
      assert.equal(
        await frame.evaluate(() => (document.activeElement as HTMLElement).dataset.trial),
        await frame.locator('#trials-table tbody tr').nth(2).getAttribute('data-trial'),
      );
      assert.equal(await frame.evaluate(() => window.scrollY), scrollBefore, 'the page did not scroll');
      // Sorting by keyboard keeps focus on the sort button.
      await frame.locator('th[data-sort="testAccuracy"] button').focus();
      await page.keyboard.press('Enter');
      assert.equal((await focused(frame)).key, 'sort-testAccuracy');
      assert.match(
        (await frame.locator('[data-summary-for="chart-ratio"]').textContent()) ?? '',
        /^Highest test accuracy .* at batch size \/ learning rate/,
      );
      await checkInEveryTheme(page, 'sweep', '#trials-table');
    }),
  );

  await t.test(
    'compare',
    guarded(page, 'compare', async () => {
      await startCommand(page, 'MNIST Lab: Compare Runs');
      await pickMany(page, ['Tiny ten digits', 'Tiny grid']);
      const frame = await visibleWebview(page, '#compare-metrics');
      assert.match(
        (await frame.locator('[data-summary-for="chart-overlay"]').textContent()) ?? '',
        /^Validation accuracy of 2 runs at their last epoch: highest/,
      );
      await checkInEveryTheme(page, 'compare', '#compare-metrics');
    }),
  );

  await t.test(
    'backprop',
    guarded(page, 'backprop', async () => {
      await commandThenPick(page, 'MNIST Lab: Open Results', 'Backprop: symmetry breaking');
      const frame = await visibleWebview(page, '.bp-diagram');
      const forward = frame.getByRole('button', { name: 'Forward', exact: true });
      // Enter on Forward re-renders the panel; focus stays on the button, so Tab continues.
      await forward.focus();
      await page.keyboard.press('Enter');
      await frame.locator('.bp-equations').first().waitFor();
      assert.equal((await focused(frame)).key, 'stage-forward', 'focus kept on Forward');
      await page.keyboard.press('Tab');
      assert.equal((await focused(frame)).key, 'stage-backward', 'Tab goes on to Backward, not the page top');
      await page.keyboard.press('Enter');
      assert.equal((await focused(frame)).key, 'stage-backward');
      await checkInEveryTheme(page, 'backprop', '.bp-diagram');
    }),
  );

  await t.test(
    'live',
    guarded(page, 'live', async () => {
      await commandThenPick(page, 'MNIST Lab: Run Experiment (Quick)', 'Slow live run');
      await page.locator('.tab', { hasText: 'Slow live run' }).first().waitFor({ timeout: 60_000 });
      // Any finished epoch: the chart draws once per frame, so a fast trainer can pass from 0 to
      // several epochs between two looks. Under load a panel whose script failed to load is
      // loaded again by the extension, which replaces its frame: look again in the new one.
      let frame = await visibleWebview(page, '#facts');
      for (let attempt = 1; ; attempt++) {
        try {
          await frame.locator('#chart-loss[data-epochs]:not([data-epochs="0"])').waitFor({ timeout: 120_000 });
          break;
        } catch (error) {
          if (attempt === 3 || !/detached/i.test((error as Error).message)) throw error;
          frame = await visibleWebview(page, '#facts');
        }
      }
      assert.equal(await frame.locator('#live-announcer[aria-live="polite"]').count(), 1);
      // An epoch has finished, so it has been announced (the first goes at once).
      assert.match(
        (await frame.locator('#live-announcer').textContent()) ?? '',
        /^Epoch \d+ of 300 done: validation accuracy/,
      );
      await checkInEveryTheme(page, 'live', '#facts');
      await frame.locator('#stop').click();
      await frame.locator('#status', { hasText: 'cancelled' }).waitFor({ timeout: 60_000 });
      await frame.locator('#live-announcer', { hasText: 'cancelled' }).waitFor();
    }),
  );
});

/** A subtest that keeps a screenshot when it fails and always leaves no editor open. */
function guarded(page: Page, name: string, body: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (error) {
      await screenshot(page, `a11y-FAILED-${name}`).catch(() => undefined);
      throw error;
    } finally {
      await page.keyboard.press('Escape').catch(() => undefined);
      await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    }
  };
}
