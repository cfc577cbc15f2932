// Many runs in the Experiments tree: past 50 runs an experiment shows one row per day, a day
// with more than a page of runs shows 100 and a "Show more" row, and a sweep's trials page the
// same way. Screenshots land in test-results/screenshots/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { ExperimentFile } from '../../src/core/schema';
import { record, writeRun } from '../e2e/run-fixtures';
import { launchBrowser, makeWorkspace, openWorkbench, repoRoot, screenshot, startServer } from '../e2e/vscode-server';

const experiment: ExperimentFile = {
  name: 'Many runs',
  kind: 'multiclass',
  data: { limit: { train: 600, test: 200 } },
  model: { hidden: [{ units: 8 }] },
};
const sweep: ExperimentFile = {
  ...experiment,
  name: 'Wide sweep',
  sweep: { 'training.learningRate': Array.from({ length: 150 }, (_, i) => 1e-4 * (i + 1)) },
} as ExperimentFile;

const rows = (page: Page) => page.locator('.sidebar .pane-body .monaco-list-row');
const row = (page: Page, text: string | RegExp) => rows(page).filter({ hasText: text }).first();
const twistie = (page: Page, text: string | RegExp) => row(page, text).locator('.monaco-tl-twistie');

test(
  'an experiment with many runs lists days, and long lists come a page at a time',
  { timeout: 180_000 },
  async (t) => {
    // A window tall enough for 130 rows: the tree renders only the rows in view.
    const server = await startServer();
    const { page, close } = await launchBrowser({ viewport: { width: 1000, height: 3400 } });
    t.after(async () => {
      await close();
      await server.stop();
    });
    const folder = makeWorkspace({
      'many.mnistexp.json': JSON.stringify(experiment),
      'wide.mnistexp.json': JSON.stringify(sweep),
    });
    const many = join(folder, 'many.mnistexp.json');
    // 120 runs on one day, 10 the day before (local times: days are the user's days).
    for (let i = 0; i < 130; i++) {
      const day = i < 120 ? 12 : 11;
      const createdAt = new Date(2026, 0, day, 12, 0, i % 60, Math.floor(i / 60)).toISOString();
      writeRun(folder, record(many, experiment, `run-${String(i).padStart(3, '0')}`, createdAt, 1));
    }
    writeRun(
      folder,
      record(join(folder, 'wide.mnistexp.json'), sweep, 'sweep-1', new Date(2026, 0, 13, 12).toISOString(), 150),
    );

    await openWorkbench(page, server, { folder, extensionDevelopmentPath: repoRoot });
    await page.locator('.activitybar [aria-label^="MNIST Lab"]').first().click();
    await rows(page).filter({ hasText: 'Many runs' }).waitFor({ timeout: 60_000 });

    await twistie(page, 'Many runs').click();
    const bigDay = rows(page).filter({ hasText: '2026-01-12' });
    await bigDay.waitFor();
    assert.match(await bigDay.innerText(), /120 runs/);
    assert.match(await rows(page).filter({ hasText: '2026-01-11' }).innerText(), /10 runs/);
    // Grouped: no run row sits directly below the experiment.
    assert.equal(
      await rows(page)
        .filter({ hasText: /test acc/ })
        .count(),
      0,
    );
    await screenshot(page, 'tree-scale-days');

    await twistie(page, '2026-01-12').click();
    const more = rows(page).filter({ hasText: /Show \d+ more/ });
    await more.waitFor();
    assert.equal(
      await rows(page)
        .filter({ hasText: /test acc 90\.00 %/ })
        .count(),
      100,
      'the first page is 100 runs',
    );
    assert.match(await more.innerText(), /Show 20 more\s*20 not shown/);
    await screenshot(page, 'tree-scale-show-more');
    await more.click();
    await page
      .waitForFunction(
        () => document.querySelectorAll('.sidebar .pane-body .monaco-list-row').length >= 125,
        undefined,
        { timeout: 20_000 },
      )
      .catch(async () => {
        await screenshot(page, 'tree-scale-after-show-more');
      });
    assert.equal(
      await rows(page)
        .filter({ hasText: /test acc 90\.00 %/ })
        .count(),
      120,
      'the second page shows the other 20',
    );
    assert.equal(await more.count(), 0, 'no Show more row once all are shown');

    // The sweep's 150 trials: 100, then "Show 50 more".
    await twistie(page, 'Many runs').click();
    await twistie(page, 'Wide sweep').click();
    await twistie(page, /150 trials · best/).click();
    await more.waitFor();
    assert.equal(
      await rows(page)
        .filter({ hasText: /^trial \d+/ })
        .count(),
      100,
    );
    assert.match(await more.innerText(), /Show 50 more/);
    await screenshot(page, 'tree-scale-sweep-trials');
  },
);
