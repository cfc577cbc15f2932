// What a user sees of MNIST Lab in the workbench: the activity-bar container, the Experiments
// tree, the welcome view, and a run started from the Command Palette. Screenshots land in
// test-results/screenshots/ — look at them: a passing test over a broken view is a bug.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { makeWorkspace, openWorkbench, repoRoot, runCommand, screenshot, startSession } from '../e2e/vscode-server';
import { limitedBinary, longBinary } from '../experiment-files';

const tiny = JSON.stringify(
  { name: 'UI tiny 5 vs 8', description: 'A two-epoch run on 600 images, for the UI test.', ...limitedBinary() },
  null,
  2,
);

async function openMnistLab(page: Page): Promise<void> {
  await page.locator('.activitybar [aria-label^="MNIST Lab"]').first().click();
  // A container with a single view shows the view's name in the sidebar title, not a pane header.
  await page.locator('.sidebar .composite.title', { hasText: /Experiments/i }).waitFor();
}

function treeRows(page: Page) {
  return page.locator('.sidebar .pane-body .monaco-list-row');
}

test('the Experiments tree lists experiments, and a palette run appears in it', { timeout: 120_000 }, async (t) => {
  const { server, page, close } = await startSession();
  t.after(close);
  const folder = makeWorkspace({ 'ui-tiny.mnistexp.json': tiny });
  await openWorkbench(page, server, { folder, extensionDevelopmentPath: repoRoot });

  await openMnistLab(page);
  await treeRows(page).filter({ hasText: 'UI tiny 5 vs 8' }).waitFor();
  await treeRows(page).filter({ hasText: 'Bundled samples' }).waitFor();

  // Clicking an experiment opens it; with it active, "Run Experiment" needs no picking.
  await treeRows(page).filter({ hasText: 'UI tiny 5 vs 8' }).click();
  await page.locator('.tabs-container .tab', { hasText: 'ui-tiny.mnistexp.json' }).waitFor();
  await page.locator('.codelens-decoration', { hasText: 'Run experiment' }).waitFor();
  await runCommand(page, 'MNIST Lab: Run Experiment');

  await page.locator('.notifications-toasts', { hasText: 'finished — test accuracy' }).waitFor({ timeout: 60_000 });
  const run = treeRows(page).filter({ hasText: /test acc \d+\.\d\d %/ });
  if (!(await run.isVisible()))
    await treeRows(page).filter({ hasText: 'UI tiny 5 vs 8' }).locator('.monaco-tl-twistie').click();
  await run.waitFor();
  const text = await run.innerText();
  const accuracy = Number(/test acc (\d+\.\d\d) %/.exec(text)?.[1]);
  assert.ok(accuracy > 60, `the run row says ${text}`);
  await screenshot(page, 'extension-tree-after-run');

  // Delete Run from the context menu must ask first. Under the test driver the workbench
  // refuses every modal dialog ("DialogService: refused to show dialog in tests"), which
  // proves the command asked — and the run must still be there, since nobody said yes.
  await run.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.locator('.action-label', { hasText: 'Open Results' }).waitFor();
  await page.waitForTimeout(300); // the menu fades in
  await screenshot(page, 'extension-run-context-menu');
  await menu.locator('.action-label', { hasText: 'Delete Run' }).click();
  await page
    .locator('.notifications-toasts', { hasText: /mnistLab\.deleteRun: DialogService: refused to show dialog/ })
    .waitFor();
  const runsDir = join(folder, '.mnistlab/runs/ui-tiny-5-vs-8');
  assert.equal(readdirSync(runsDir).length, 1, 'the run was deleted without confirmation');
  assert.equal(await run.count(), 1);
});

test(
  'an empty workspace shows the welcome view; New Experiment and the samples fill the tree',
  { timeout: 120_000 },
  async (t) => {
    const { server, page, close } = await startSession();
    t.after(close);
    const folder = makeWorkspace({ 'README.md': '# empty\n' });
    // With no experiment in the folder nothing activates the extension before the view opens.
    await openWorkbench(page, server, { folder, extensionDevelopmentPath: repoRoot });

    await openMnistLab(page);
    const welcome = page.locator('.sidebar .welcome-view');
    await welcome.locator('.monaco-button', { hasText: 'Open Case-Study Samples' }).waitFor();
    await screenshot(page, 'extension-welcome');

    // New Experiment: pick a case-study part, accept the suggested file name in the save dialog.
    await welcome.locator('.monaco-button', { hasText: 'New Experiment' }).click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Binary classification: 5 vs 8' }).click();
    const pathInput = page.locator('.quick-input-widget input');
    await page.waitForFunction(() =>
      (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith(
        'my-binary-5-vs-8.mnistexp.json',
      ),
    );
    await pathInput.press('Enter');
    await page.locator('.tabs-container .tab .label-name', { hasText: /^my-binary-5-vs-8\.mnistexp\.json$/ }).waitFor();
    await treeRows(page).filter({ hasText: 'my-binary-5-vs-8' }).waitFor();

    await runCommand(page, 'MNIST Lab: Open Case-Study Samples');
    for (const name of ['Backprop by hand', 'Ten digits']) {
      await treeRows(page).filter({ hasText: name }).first().waitFor();
    }
    // Every copied sample and the new experiment; the bundled samples the workspace now has (and
    // that have no runs) are not listed a second time.
    const rows = readdirSync(join(repoRoot, 'samples')).filter((f) => f.endsWith('.mnistexp.json')).length + 1;
    await page.waitForFunction(
      (n) => document.querySelectorAll('.sidebar .pane-body .monaco-list-row').length === n,
      rows,
    );
    assert.equal(await treeRows(page).filter({ hasText: 'Bundled samples' }).count(), 0);
    await screenshot(page, 'extension-samples-copied');
  },
);

test(
  'a running experiment shows progress in a notification and the status bar, and Cancel stops it',
  { timeout: 120_000 },
  async (t) => {
    const { server, page, close } = await startSession();
    t.after(close);
    const long = JSON.stringify({ name: 'UI long run', ...longBinary });
    const folder = makeWorkspace({ 'ui-long.mnistexp.json': long });
    await openWorkbench(page, server, { folder, extensionDevelopmentPath: repoRoot });
    await openMnistLab(page);
    await treeRows(page).filter({ hasText: 'UI long run' }).click();
    await page.locator('.codelens-decoration', { hasText: 'Run experiment' }).waitFor();
    await runCommand(page, 'MNIST Lab: Run Experiment');

    const toast = page.locator('.notification-toast', { hasText: 'MNIST Lab: UI long run' });
    await toast
      .locator('.notification-list-item-message', { hasText: /epoch \d+\/200 · loss \d\.\d{4} · acc \d+\.\d\d %/ })
      .waitFor({ timeout: 60_000 });
    await page.locator('.statusbar-item', { hasText: /UI long run: epoch \d+\/200/ }).waitFor();
    await treeRows(page).filter({ hasText: 'UI long run' }).locator('.monaco-tl-twistie').click();
    await treeRows(page)
      .filter({ hasText: /epoch \d+\/200/ })
      .waitFor();
    await screenshot(page, 'extension-run-progress');

    await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await treeRows(page).filter({ hasText: 'cancelled' }).waitFor({ timeout: 30_000 });
    await page.locator('.statusbar-item', { hasText: 'UI long run' }).waitFor({ state: 'detached' });
    const runs = join(folder, '.mnistlab/runs/ui-long-run');
    const [runId] = readdirSync(runs);
    const record = JSON.parse(readFileSync(join(runs, runId!, 'run.json'), 'utf8')) as { status: string };
    assert.equal(record.status, 'cancelled');
  },
);
