// A new user's first minutes, in a real VS Code (issue 18): the case-study samples copied into
// the workspace are listed once (tree and Run picker), New Experiment makes a name of its own,
// and a panel whose script fails to load (VS Code for the Web's service-worker race, simulated
// by failing the first request for the app's bundle) recovers instead of staying on "Loading…".
// Needs `npm run build` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
  webviewFrame,
} from '../e2e/vscode-server';
import { cliRun, openLab } from './fixtures';

const SAMPLE_NAMES = readdirSync(join(repoRoot, 'samples'))
  .filter((f) => f.endsWith('.mnistexp.json'))
  .map((f) => (JSON.parse(readFileSync(join(repoRoot, 'samples', f), 'utf8')) as { name: string }).name);

async function treeRows(page: Page): Promise<string[]> {
  const rows = page.locator('.pane-body .monaco-list-row .label-name');
  return (await rows.allTextContents()).map((t) => t.trim());
}

async function paletteRows(page: Page, command: string): Promise<string[]> {
  await startCommand(page, command);
  await page.locator('.quick-input-title', { hasText: /which/i }).waitFor();
  await page.waitForTimeout(500);
  return (await page.locator('.quick-input-list .monaco-list-row .label-name').allTextContents()).map((t) => t.trim());
}

test(
  'new user setup: samples listed once, unique new names, a panel that recovers from a failed load',
  { timeout: 300_000 },
  async (t) => {
    const folder = makeWorkspace({});
    const { page } = await openLab(t, folder);

    await t.test(
      'after Open Case-Study Samples each sample is listed once, in the tree and the Run picker',
      async () => {
        await runCommand(page, 'MNIST Lab: Open Case-Study Samples');
        // Not a click on the activity bar: that toggles, and closes the view if the command has
        // shown it already (it may, depending on timing).
        await runCommand(page, 'MNIST Lab: Focus on Experiments View');
        const pane = page.locator('.pane-body .monaco-list-row', { hasText: SAMPLE_NAMES[0]! });
        await pane.first().waitFor({ timeout: 30_000 });
        await page.waitForTimeout(1500);
        const rows = await treeRows(page);
        assert.deepEqual([...rows].sort(), [...SAMPLE_NAMES].sort(), `tree rows: ${JSON.stringify(rows)}`);
        await screenshot(page, 'new-user-samples-tree');

        const picked = await paletteRows(page, 'MNIST Lab: Run Experiment');
        await page.keyboard.press('Escape');
        assert.deepEqual([...picked].sort(), [...SAMPLE_NAMES].sort(), `Run picker rows: ${JSON.stringify(picked)}`);
      },
    );

    await t.test('New Experiment from a sample already in the workspace gets a name of its own', async () => {
      await startCommand(page, 'MNIST Lab: New Experiment…');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Ten-class classification' }).first().click();
      // The save dialog (VS Code's simple one on a server) proposes a free file name: accept it.
      await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
      for (
        let i = 0;
        i < 50 && !/\.mnistexp\.json$/.test(await page.locator('.quick-input-widget input').inputValue());
        i++
      )
        await page.waitForTimeout(100);
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab', { hasText: 'my-multiclass-0-9.mnistexp.json' }).waitFor();
      const text = readFileSync(join(folder, 'my-multiclass-0-9.mnistexp.json'), 'utf8');
      assert.equal((JSON.parse(text) as { name: string }).name, 'Ten digits (2)');
      await page
        .locator('.pane-body .monaco-list-row', { hasText: 'Ten digits (2)' })
        .first()
        .waitFor({ timeout: 30_000 });
      const rows = await treeRows(page);
      assert.equal(rows.filter((r) => r === 'Ten digits').length, 1, `tree rows: ${JSON.stringify(rows)}`);
      await runCommand(page, 'View: Close All Editors');
    });

    await t.test('a panel whose script fails to load tries again and shows its content', async () => {
      const file = join(folder, 'mnist-lab-samples', 'binary-5-vs-8.mnistexp.json');
      const tiny = {
        ...(JSON.parse(readFileSync(file, 'utf8')) as object),
        name: 'Tiny binary',
        quick: { train: 3000, test: 200, epochs: 1 },
      };
      const tinyFile = join(folder, 'tiny-binary.mnistexp.json');
      writeFileSync(tinyFile, JSON.stringify(tiny, null, 1));
      cliRun(folder, 'tiny-binary.mnistexp.json');

      // The race VS Code for the Web loses (the first request for the bundle fails) is made to
      // happen: the bundle is missing until the panel has seen its first load fail.
      const bundle = join(repoRoot, 'dist/webviews/results.app.js');
      renameSync(bundle, `${bundle}.away`);
      let restored = false;
      const restore = () => {
        if (!restored) renameSync(`${bundle}.away`, bundle);
        restored = true;
      };
      t.after(restore);
      await commandThenPick(page, 'MNIST Lab: Open Results', 'Tiny binary');
      const frame = webviewFrame(page);
      await frame.locator('html[data-load-retries]').waitFor({ timeout: 30_000 });
      restore();
      await frame.locator('[data-fact="test-accuracy"] .v').waitFor({ timeout: 30_000 });
      await frame.locator('#samples figure.sample').first().waitFor();
      assert.equal(await frame.locator('#load-failed').count(), 0, 'no failure notice once it loaded');
      await screenshot(page, 'new-user-results-after-retry');
      await runCommand(page, 'View: Close All Editors');

      // A bundle that stays missing: the panel says what happened and how to recover.
      renameSync(bundle, `${bundle}.away`);
      restored = false;
      await commandThenPick(page, 'MNIST Lab: Open Results', 'Tiny binary');
      const again = webviewFrame(page);
      await again.locator('#load-failed').waitFor({ timeout: 30_000 });
      assert.match(
        (await again.locator('#load-failed').textContent()) ?? '',
        /could not load its script.*Developer: Reload Webviews/s,
      );
      await screenshot(page, 'new-user-load-failed-dark');
      restore();
      await again.locator('#load-retry').click();
      await again.locator('[data-fact="test-accuracy"] .v').waitFor({ timeout: 30_000 });
    });
  },
);
