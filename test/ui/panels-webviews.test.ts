// The result panels as a user meets them in a real VS Code: runs made by the real CLI on tiny
// configs, panels opened through the palette, DOM values checked against run.json, canvases
// checked for painted pixels in the theme's own colours, and screenshots in dark and light.
// Needs `npm run build` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import type { RunRecord } from '../../src/core/record';
import { formatPercent } from '../../src/core/format';
import {
  commandThenPick,
  makeWorkspace,
  pickMany,
  runCommand,
  screenshot,
  startCommand,
  webviewFrame,
} from '../e2e/vscode-server';
import { slowLiveRun, tenDigitExperiment } from '../experiment-files';
import { countPixels } from './canvas';
import { quickRun, openLab } from './fixtures';
import { pickTheme, THEME } from './a11y-helpers';

const multi = tenDigitExperiment({ quick: { train: 1500, test: 400, epochs: 6 } });
const grid = tenDigitExperiment({
  name: 'Tiny grid',
  quick: { train: 600, test: 200, epochs: 3 },
  sweep: { 'training.batchSize': [32, 64], 'training.learningRate': [0.01, 0.001] },
});
// Still training when the test stops it.
const slow = slowLiveRun;

/** Pixels of a canvas close to a colour (a `--vscode-*` variable or CSS): 0 for a blank or wrongly coloured chart. */
const pixelsOf = (frame: FrameLocator, selector: string, color: string) =>
  countPixels(frame, selector, { near: color });

async function bodyTheme(frame: FrameLocator): Promise<string> {
  return frame.locator('body').evaluate((b) => b.className);
}

async function closeAll(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
}

test('result panels from real runs', { timeout: 300_000 }, async (t) => {
  const folder = makeWorkspace({
    'tiny-ten-digits.mnistexp.json': JSON.stringify(multi, null, 1),
    'tiny-grid.mnistexp.json': JSON.stringify(grid, null, 1),
    'slow-live-run.mnistexp.json': JSON.stringify(slow, null, 1),
  });
  const single = quickRun(folder, 'tiny-ten-digits.mnistexp.json');
  const sweep = quickRun(folder, 'tiny-grid.mnistexp.json');
  assert.equal(single.record.status, 'done');
  assert.equal(sweep.record.trials.length, 4);

  const { page } = await openLab(t, folder);

  await t.test(
    'results panel matches run.json',
    step(page, 'results', async () => {
      const trial = single.record.trials[0];
      const result = trial.result!;
      await commandThenPick(page, 'MNIST Lab: Open Results', 'Tiny ten digits');
      const frame = webviewFrame(page);
      await frame.locator('[data-fact="test-accuracy"] .v').waitFor();
      assert.equal(
        await frame.locator('[data-fact="test-accuracy"] .v').textContent(),
        formatPercent(result.testAccuracy),
      );
      assert.equal(await frame.locator('[data-fact="best-epoch"] .v').textContent(), String(result.bestEpoch));
      assert.equal(await frame.locator('[data-fact="backend"] .v').textContent(), single.record.backend);

      // Every matrix cell, as counts.
      const cells = await frame
        .locator('#confusion-matrix td.cell')
        .evaluateAll((tds) =>
          tds.map((td) => [Number(td.getAttribute('data-row')), Number(td.getAttribute('data-col')), td.textContent]),
        );
      assert.equal(cells.length, 100);
      for (const [r, c, text] of cells)
        assert.equal(text, String(result.confusionMatrix[r as number][c as number]), `cell ${r},${c}`);
      assert.equal(await frame.locator('#confusion-matrix th.pred').count(), 10, 'class names across the top');
      assert.equal(await frame.locator('#confusion-matrix td.diag').count(), 10, 'diagonal emphasised');

      // Report rows: per class, then accuracy, macro and weighted.
      for (const c of result.report.classes) {
        const row = await frame.locator(`#report tr[data-report-row="${c.label}"] td`).allTextContents();
        assert.deepEqual(row, [
          c.label,
          c.precision.toFixed(4),
          c.recall.toFixed(4),
          c.f1.toFixed(4),
          String(c.support),
        ]);
      }
      const macro = await frame.locator('#report tr[data-report-row="macro avg"] td').allTextContents();
      assert.equal(macro[3], result.report.macro.f1.toFixed(4));
      const weighted = await frame.locator('#report tr[data-report-row="weighted avg"] td').allTextContents();
      assert.equal(weighted[3], result.report.weighted.f1.toFixed(4));

      // Curves: one point per epoch, drawn in the theme's chart colours.
      assert.equal(await frame.locator('#chart-loss').getAttribute('data-epochs'), String(trial.history.length));
      const darkBlue = await pixelsOf(frame, '#chart-loss', '--vscode-charts-blue');
      assert.ok(darkBlue > 50, `training-loss line not painted in --vscode-charts-blue (${darkBlue} px)`);
      assert.ok(
        (await pixelsOf(frame, '#chart-accuracy', '--vscode-charts-orange')) > 50,
        'validation line not painted',
      );

      // Nine random samples, drawn from their pixels; wrong ones marked.
      const tiles = frame.locator('#samples figure.sample');
      assert.equal(await tiles.count(), 9);
      const randomWrong = trial
        .result!.samples.filter((s) => s.reason === 'random')
        .slice(0, 9)
        .filter((s) => s.label !== s.predicted).length;
      assert.equal(await frame.locator('#samples figure.sample.wrong').count(), randomWrong);
      assert.ok(
        (await pixelsOf(frame, '#samples figure.sample canvas >> nth=0', '--vscode-editor-foreground')) > 20,
        'digit ink not drawn',
      );
      const firstBefore = await tiles.first().getAttribute('data-index');
      await frame.locator('#draw-more').click();
      assert.notEqual(await tiles.first().getAttribute('data-index'), firstBefore, '"draw 9 more" shows other images');
      await frame.locator('#misclassified-only').check();
      const shown = await frame.locator('#samples figure.sample').count();
      assert.ok(shown > 0);
      assert.equal(await frame.locator('#samples figure.sample.wrong').count(), shown, 'misclassified only');

      // Clicking the largest off-diagonal cell shows its examples.
      let best: [number, number] = [0, 1];
      result.confusionMatrix.forEach((row, i) =>
        row.forEach((v, j) => {
          if (i !== j && v > result.confusionMatrix[best[0]][best[1]]) best = [i, j];
        }),
      );
      await frame.locator(`#confusion-matrix td[data-row="${best[0]}"][data-col="${best[1]}"]`).click();
      const expected = new Set(
        result.samples.filter((s) => s.label === best[0] && s.predicted === best[1]).map((s) => s.index),
      ).size;
      assert.ok(expected > 0, 'run.json keeps examples of the cell');
      assert.equal(await frame.locator('#cell-samples-grid figure.sample').count(), expected);

      // Row-normalised view: each row's shares.
      await frame.locator('#normalise').check();
      const rowSum = result.confusionMatrix[0].reduce((a, b) => a + b, 0);
      assert.equal(
        await frame.locator('#confusion-matrix td[data-row="0"][data-col="0"]').textContent(),
        `${((result.confusionMatrix[0][0] / rowSum) * 100).toFixed(1)}%`,
      );
      await screenshot(page, 'panels-results-dark');

      await frame.locator('#samples-card').scrollIntoViewIfNeeded();
      await screenshot(page, 'panels-results-dark-samples');

      // Export: a chart as PNG and the run as CSV + JSON, through VS Code's own save dialog.
      await frame.locator('[data-png="chart-loss"]').click();
      await acceptSaveDialog(page);
      const pngFile = join(single.dir, `${single.record.id}-trial0-loss.png`);
      await waitForFile(pngFile, (b) => b.length > 1000);
      assert.deepEqual(
        [...readFileSync(pngFile).subarray(0, 8)],
        [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
        'a PNG file',
      );
      await frame.locator('[data-png="confusion-matrix"]').click();
      await acceptSaveDialog(page);
      await waitForFile(
        join(single.dir, `${single.record.id}-trial0-confusion.png`),
        (b) => b.length > 1000 && b[1] === 0x50,
      );
      await frame.locator('#export').click();
      await acceptSaveDialog(page);
      const csvFile = join(single.dir, `${single.record.id}-metrics.csv`);
      await waitForFile(csvFile.replace(/\.csv$/, '.json'), parses);
      const csvLines = readFileSync(csvFile, 'utf8').trim().split('\r\n');
      assert.equal(csvLines.length, 1 + trial.history.length, 'header + one row per epoch');
      assert.equal(
        JSON.parse(readFileSync(csvFile.replace(/\.csv$/, '.json'), 'utf8')).trials[0].result.testAccuracy,
        result.testAccuracy,
      );

      await pickTheme(page, THEME.light, frame);
      assert.match(await bodyTheme(frame), /vscode-light/);
      const lightBlue = await pixelsOf(frame, '#chart-loss', '--vscode-charts-blue');
      assert.ok(lightBlue > 50, `after the theme change the line is not in the light theme's blue (${lightBlue} px)`);
      await screenshot(page, 'panels-results-light');
      await pickTheme(page, THEME.dark, frame);
    }),
  );

  await t.test(
    'sweep panel lists trials, heatmap and curves; a row opens its results',
    step(page, 'sweep', async () => {
      await commandThenPick(page, 'MNIST Lab: Open Results', 'Tiny grid');
      const frame = webviewFrame(page);
      await frame.locator('#trials-table tbody tr').first().waitFor();
      assert.equal(await frame.locator('#trials-table tbody tr').count(), 4);
      const trials = sweep.record.trials;
      const bestTrial = [...trials].sort(
        (a, b) => b.result!.testAccuracy - a.result!.testAccuracy || a.result!.testLoss - b.result!.testLoss,
      )[0];
      assert.equal(await frame.locator('#trials-table tr.best').getAttribute('data-trial'), String(bestTrial.index));
      assert.equal(
        await frame.locator('[data-fact="best-accuracy"] .v').textContent(),
        formatPercent(bestTrial.result!.testAccuracy),
      );
      const heat = await frame.locator('#heatmap td.cell').allTextContents();
      assert.deepEqual(
        heat,
        trials.map((tr) => formatPercent(tr.result!.testAccuracy)),
        'batch × learning-rate cells in sweep order',
      );
      // Sort by test accuracy: best first.
      await frame.locator('th[data-sort="testAccuracy"] button').click();
      assert.equal(
        await frame.locator('#trials-table tbody tr').first().getAttribute('data-trial'),
        String(bestTrial.index),
      );
      // Filter.
      await frame.locator('#filter').fill('0.001');
      assert.equal(await frame.locator('#trials-table tbody tr').count(), 2);
      await frame.locator('#filter').fill('');
      assert.ok((await pixelsOf(frame, '#chart-overlay', '--vscode-charts-blue')) > 30, 'overlaid curves painted');
      for (const id of ['#chart-batch', '#chart-lr', '#chart-ratio']) {
        assert.ok((await pixelsOf(frame, id, '--vscode-charts-blue')) > 10, `${id} painted`);
      }
      await screenshot(page, 'panels-sweep-dark');
      await frame.locator('#chart-lr').scrollIntoViewIfNeeded();
      await screenshot(page, 'panels-sweep-dark-params');
      await pickTheme(page, THEME.light, frame);
      await screenshot(page, 'panels-sweep-light');
      await pickTheme(page, THEME.dark, frame);

      await frame.locator('#trials-table tbody tr[data-trial="2"]').click();
      await page.locator('.tab', { hasText: 'Results: Tiny grid #3' }).waitFor();
      const trialFrame = webviewFrame(page);
      await trialFrame.locator('[data-fact="test-accuracy"] .v').waitFor();
      assert.equal(
        await trialFrame.locator('[data-fact="test-accuracy"] .v').textContent(),
        formatPercent(trials[2].result!.testAccuracy),
      );
      assert.match(
        (await trialFrame.locator('h1').textContent()) ?? '',
        new RegExp(trials[2].label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      );
    }),
  );

  await t.test(
    'compare panel puts two runs side by side',
    step(page, 'compare', async () => {
      await startCommand(page, 'MNIST Lab: Compare Runs');
      await pickMany(page, ['Tiny ten digits', 'Tiny grid']);
      const frame = webviewFrame(page);
      await frame.locator('#compare-metrics').waitFor();
      assert.equal(await frame.locator('#compare-metrics thead th.run-col').count(), 2);
      const names = await frame.locator('#compare-metrics thead th.run-col button').allTextContents();
      const acc = await frame.locator('#compare-metrics tr[data-metric="testAccuracy"] td').allTextContents();
      const bestOf = (r: RunRecord) => Math.max(...r.trials.map((x) => x.result!.testAccuracy));
      const byName: Record<string, RunRecord> = { 'Tiny ten digits': single.record, 'Tiny grid': sweep.record };
      assert.deepEqual(
        acc,
        names.map((n) => formatPercent(bestOf(byName[n]))),
      );
      assert.ok((await frame.locator('#compare-config tr.differs').count()) > 0, 'config differences marked');
      assert.ok((await pixelsOf(frame, '#chart-overlay', '--vscode-charts-blue')) > 30, 'curves painted');
      await screenshot(page, 'panels-compare-dark');
      await frame.locator('#compare-config').scrollIntoViewIfNeeded();
      await screenshot(page, 'panels-compare-dark-config');
      await pickTheme(page, THEME.light, frame);
      await screenshot(page, 'panels-compare-light');
      await pickTheme(page, THEME.dark, frame);
    }),
  );

  await t.test(
    'results panel is restored after a window reload, with its UI state',
    step(page, 'restore', async () => {
      await commandThenPick(page, 'MNIST Lab: Open Results', 'Tiny ten digits');
      const frame = webviewFrame(page);
      await frame.locator('#normalise').check();
      // VS Code saves webview state asynchronously; give it a moment before reloading.
      await page.waitForTimeout(1000);
      await runCommand(page, 'Developer: Reload Window');
      await page.locator('.monaco-workbench').waitFor();
      await page.locator('.tab', { hasText: 'Results: Tiny ten digits' }).waitFor({ timeout: 60_000 });
      const restored = webviewFrame(page);
      await restored.locator('[data-fact="test-accuracy"] .v').waitFor({ timeout: 60_000 });
      assert.equal(
        await restored.locator('[data-fact="test-accuracy"] .v').textContent(),
        formatPercent(single.record.trials[0].result!.testAccuracy),
      );
      assert.equal(
        await restored.locator('#normalise').isChecked(),
        true,
        'the row-normalised toggle survived the reload',
      );
      await page.locator('.activitybar [aria-label^="MNIST Lab"]').first().waitFor({ timeout: 60_000 });
    }),
  );

  await t.test(
    'live panel follows a running run, survives closing, stops it',
    step(page, 'live', async () => {
      await commandThenPick(page, 'MNIST Lab: Run Experiment (Quick)', 'Slow live run');
      // The panel opens by itself when the run starts.
      await page.locator('.tab', { hasText: 'Training: Slow live run' }).waitFor({ timeout: 60_000 });
      const frame = webviewFrame(page);
      const epochFact = frame.locator('[data-fact="epoch"] .v');
      await epochFact.waitFor();
      const epochsShown = async () => Number((await frame.locator('#chart-loss').getAttribute('data-epochs')) ?? '0');
      for (let i = 0; i < 120 && (await epochsShown()) < 3; i++) await page.waitForTimeout(500);
      assert.ok((await epochsShown()) >= 3, 'epochs are appended live');
      assert.match((await epochFact.textContent()) ?? '', /^\d+ of 300$/);
      assert.match(
        (await frame.locator('[data-fact="eta"] .v').textContent()) ?? '',
        /\d+ (s|m)/,
        'an ETA once an epoch is done',
      );
      assert.equal(await frame.locator('#stop').isEnabled(), true);
      assert.ok((await pixelsOf(frame, '#chart-loss', '--vscode-charts-blue')) > 30, 'live curve painted');
      await screenshot(page, 'panels-live-dark');

      // Closing does not stop the run; reopening shows the whole history so far.
      const before = await epochsShown();
      await closeAll(page);
      await page.waitForTimeout(1500);
      await commandThenPick(page, 'MNIST Lab: Open Results', 'Slow live run');
      const again = webviewFrame(page);
      await again.locator('#chart-loss[data-epochs]').waitFor();
      assert.ok(
        Number(await again.locator('#chart-loss').getAttribute('data-epochs')) > before,
        'history kept growing while closed and is shown whole',
      );
      await pickTheme(page, THEME.light, again);
      await screenshot(page, 'panels-live-light');
      await pickTheme(page, THEME.dark, again);

      await again.locator('#stop').click();
      await again.locator('#status', { hasText: 'cancelled' }).waitFor({ timeout: 60_000 });
      assert.equal(await again.locator('#stop').isDisabled(), true);
    }),
  );
});

/** Accepts VS Code's save dialog (the simple, quick-input one on a server) at its default path. */
async function acceptSaveDialog(page: Page): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  // The default path is filled in asynchronously; accept only once it is there.
  for (let i = 0; i < 50 && !/\.(png|csv)$/.test(await input.inputValue()); i++) await page.waitForTimeout(100);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** Waits until `file` exists and `ready` accepts its bytes (the host may still be writing it). */
async function waitForFile(file: string, ready: (bytes: Buffer) => boolean = (b) => b.length > 0): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (existsSync(file) && ready(readFileSync(file))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${file} was not written`);
}

const parses = (b: Buffer): boolean => {
  try {
    JSON.parse(b.toString('utf8'));
    return true;
  } catch {
    return false;
  }
};

/** Runs a subtest; on failure keeps a screenshot to look at, and always leaves no editors open. */
function step(page: Page, name: string, body: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (error) {
      await screenshot(page, `panels-FAILED-${name}`).catch(() => undefined);
      throw error;
    } finally {
      await page.keyboard.press('Escape').catch(() => undefined);
      await closeAll(page).catch(() => undefined);
    }
  };
}
