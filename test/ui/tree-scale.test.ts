// Many runs in the Experiments tree: past 50 runs an experiment shows one row per day, a day
// with more than a page of runs shows 100 and a "Show more" row, and a sweep's trials page the
// same way. Screenshots land in test-results/screenshots/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { ExperimentFile } from '../../src/core/schema';
import { finishedRun, writeRunIn } from '../helpers';
import { launchBrowser, makeWorkspace, openWorkbench, repoRoot, screenshot, startServer } from '../e2e/vscode-server';
import { visibleWebview } from './a11y-helpers';

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
  { timeout: 300_000 },
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
      writeRunIn(folder, finishedRun(many, experiment, `run-${String(i).padStart(3, '0')}`, createdAt, 1));
    }
    writeRunIn(
      folder,
      finishedRun(join(folder, 'wide.mnistexp.json'), sweep, 'sweep-1', new Date(2026, 0, 13, 12).toISOString(), 150),
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

    // Its sweep panel: a table of 150 trials keeps only the rows in view in the page, says how
    // many it has, and the keyboard still reaches every row.
    await row(page, /150 trials · best/).click();
    const frame = await visibleWebview(page, '#trials-table tr[data-trial]');
    const table = frame.locator('#trials-table');
    assert.equal(await table.getAttribute('aria-rowcount'), '151');
    const rendered = await frame.locator('#trials-table tr[data-trial]').count();
    assert.ok(rendered < 60, `${rendered} of 150 rows in the page`);
    assert.equal(await frame.locator('#trials-table tbody tr[tabindex="0"]').count(), 1);
    const focused = () =>
      frame.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return { trial: el?.dataset.trial ?? null, rowIndex: el?.getAttribute('aria-rowindex') ?? null };
      });
    await frame.locator('#trials-table tr[data-trial]').first().focus();
    assert.deepEqual(await focused(), { trial: '0', rowIndex: '2' });
    await page.keyboard.press('End');
    assert.deepEqual(await focused(), { trial: '149', rowIndex: '151' }, 'End reaches the last trial');
    assert.ok((await frame.locator('#trials-table tr[data-trial]').count()) < 60);
    await page.keyboard.press('ArrowUp');
    assert.deepEqual(await focused(), { trial: '148', rowIndex: '150' });
    await page.keyboard.press('PageUp');
    const afterPage = await focused();
    assert.ok(Number(afterPage.trial) < 148 && Number(afterPage.trial) > 100, `Page Up to ${afterPage.trial}`);
    await page.keyboard.press('Home');
    assert.deepEqual(await focused(), { trial: '0', rowIndex: '2' });
    // The mouse wheel scrolls the rows in and out of the page.
    await frame.locator('.virtual-scroll').evaluate((box) => (box.scrollTop = box.scrollHeight));
    await frame.locator('#trials-table tr[data-trial="149"]').waitFor();
    // Scrolled to the end, the last trial is in view (the spacers stand in for the right height).
    const geometry = await frame.evaluate(() => {
      const box = document.querySelector('.virtual-scroll')!;
      const last = document.querySelector('#trials-table tr[data-trial="149"]')!;
      return {
        boxBottom: box.getBoundingClientRect().bottom,
        lastBottom: last.getBoundingClientRect().bottom,
        scrollTop: box.scrollTop,
        scrollHeight: box.scrollHeight,
        clientHeight: box.clientHeight,
        rows: [...document.querySelectorAll('#trials-table tbody tr')].map((r) => r.getBoundingClientRect().height),
      };
    });
    assert.ok(geometry.lastBottom <= geometry.boxBottom + 1, JSON.stringify(geometry));
    // The rows in view, and the first row that still holds the keyboard focus.
    assert.ok(geometry.rows.length < 60, `${geometry.rows.length} rows in the page`);
    assert.equal(await frame.locator('#trials-table tr[data-trial="0"]').count(), 1);
    await screenshot(page, 'tree-scale-sweep-panel');
    await frame
      .locator('.virtual-scroll')
      .screenshot({ path: join(repoRoot, 'test-results/screenshots/tree-scale-sweep-table-end.png') });
    // Enter on a row opens that trial's results.
    await frame.locator('#trials-table tr[data-trial="149"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: /Results: Wide sweep #150/ }).waitFor({ timeout: 30_000 });
  },
);
