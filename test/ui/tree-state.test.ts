// The Experiments tree keeps what the user did with it (issue 18): rows expanded before a window
// reload are expanded after it, and a run clicked right after Refresh opens, even with 1,000
// runs to list again. Needs `npm run build` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { ExperimentFile } from '../../src/core/schema';
import { finishedRun, writeRunIn } from '../helpers';
import { makeWorkspace, openWorkbench, repoRoot, runCommand, screenshot, startSession } from '../e2e/vscode-server';

const small: ExperimentFile = {
  name: 'Few runs',
  kind: 'multiclass',
  data: { limit: { train: 600, test: 200 } },
  model: { hidden: [{ units: 8 }] },
};
const big: ExperimentFile = { ...small, name: 'Thousand runs' };

const rows = (page: Page) => page.locator('.sidebar .pane-body .monaco-list-row');
const row = (page: Page, text: string | RegExp) => rows(page).filter({ hasText: text }).first();

/** The row whose label (not its description) is exactly `label`. */
const named = (page: Page, label: string) =>
  rows(page)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) })
    .first();

async function expanded(page: Page, text: string): Promise<boolean> {
  return (await row(page, text).getAttribute('aria-expanded')) === 'true';
}

test(
  'the tree keeps its expanded rows across a reload, and a click right after Refresh',
  { timeout: 300_000 },
  async (t) => {
    const folder = makeWorkspace({
      'few.mnistexp.json': JSON.stringify(small),
      'thousand.mnistexp.json': JSON.stringify(big),
    });
    const few = join(folder, 'few.mnistexp.json');
    writeRunIn(folder, finishedRun(few, small, 'run-a', new Date(2026, 0, 10, 9).toISOString(), 1));
    writeRunIn(folder, finishedRun(few, small, 'sweep-b', new Date(2026, 0, 10, 10).toISOString(), 3));
    const thousand = join(folder, 'thousand.mnistexp.json');
    for (let i = 0; i < 1000; i++) {
      const createdAt = new Date(2026, 0, 12, 8, Math.floor(i / 60), i % 60).toISOString();
      writeRunIn(folder, finishedRun(thousand, big, `run-${String(i).padStart(4, '0')}`, createdAt, 1));
    }

    const { server, page, close } = await startSession({
      userSettings: { 'workbench.colorTheme': 'Default Dark Modern' },
    });
    t.after(close);
    await page.setViewportSize({ width: 1400, height: 1000 });
    await openWorkbench(page, server, { folder, extensionDevelopmentPath: repoRoot });
    await page.locator('.activitybar [aria-label^="MNIST Lab"]').first().click();
    await row(page, 'Few runs').waitFor({ timeout: 60_000 });

    await t.test('expanded rows stay expanded after Developer: Reload Window', async () => {
      await row(page, 'Few runs').locator('.monaco-tl-twistie').click();
      const sweepRow = row(page, /3 trials/);
      await sweepRow.waitFor();
      await sweepRow.locator('.monaco-tl-twistie').click();
      await named(page, 'trial 2').waitFor();
      assert.ok(await expanded(page, 'Few runs'));
      await runCommand(page, 'Developer: Reload Window');
      await page.locator('.monaco-workbench[class*="vscode-theme-"]').waitFor({ timeout: 60_000 });
      await row(page, 'Few runs').waitFor({ timeout: 60_000 });
      await named(page, 'trial 2').waitFor({ timeout: 30_000 });
      assert.ok(await expanded(page, 'Few runs'), 'the experiment is expanded again');
      assert.ok(await expanded(page, '3 trials'), 'and so is its sweep run');
      assert.equal(await expanded(page, 'Thousand runs'), false, 'what was collapsed stays collapsed');
      await screenshot(page, 'tree-state-after-reload');
    });

    await t.test('a run clicked 0.3 s after Refresh opens its results', async () => {
      await row(page, 'Thousand runs').locator('.monaco-tl-twistie').click();
      await row(page, /^2026-01-12/)
        .locator('.monaco-tl-twistie')
        .click();
      const target = row(page, /08:16:38/);
      await target.waitFor({ timeout: 30_000 });
      const resultsTab = page.locator('.tabs-container .tab', { hasText: 'Results: Thousand runs' });
      // Without a Refresh the click opens the run: the row and the panel work.
      await target.click();
      await resultsTab.waitFor({ timeout: 15_000 });
      for (let attempt = 0; attempt < 3; attempt++) {
        await runCommand(page, 'View: Close All Editors');
        await resultsTab.waitFor({ state: 'detached' });
        await page.locator('.sidebar .title-actions [aria-label^="Refresh"]').first().click();
        await page.waitForTimeout(300);
        await target.click();
        await resultsTab.waitFor({ timeout: 15_000 }).catch(async (error: unknown) => {
          await screenshot(page, 'tree-state-click-lost');
          throw new Error(`click ${attempt + 1} after Refresh did not open the run`, { cause: error });
        });
      }
      await screenshot(page, 'tree-state-click-after-refresh');
    });
  },
);
