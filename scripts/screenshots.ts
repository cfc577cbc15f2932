// `npm run screenshots`: the pictures of the marketplace README (docs/images/) and of the Get
// Started walkthrough (media/walkthrough/), taken from the real extension in a real VS Code
// (the code-server harness the UI tests use) on real runs: the bundled samples, trained quick.
// Run after `npm run build` and `bash scripts/setup-e2e.sh`; commit what changed.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  commandThenPick,
  makeWorkspace,
  openFile,
  openWorkbench,
  repoRoot,
  runCommand,
  startSession,
} from '../test/e2e/vscode-server';
import { visibleWebview, waitForRunEnd } from '../test/ui/a11y-helpers';

const docs = join(repoRoot, 'docs/images');
const media = join(repoRoot, 'media/walkthrough');
const written: string[] = [];

let shotPage: Page;
async function shoot(target: Page | Locator, file: string): Promise<void> {
  // Toasts ("run finished", "samples copied") would cover the panel.
  await runCommand(shotPage, 'Notifications: Clear All Notifications');
  await shotPage.waitForTimeout(300);
  await target.screenshot({ path: file, animations: 'disabled' });
  written.push(file);
}

async function main(): Promise<void> {
  mkdirSync(docs, { recursive: true });
  mkdirSync(media, { recursive: true });
  const folder = makeWorkspace({ 'README.md': '# My MNIST experiments\n' });
  // The grid and the compared run are trained before VS Code starts, by the real CLI.
  const cli = (file: string) =>
    execFileSync(
      process.execPath,
      [
        join(repoRoot, 'dist/cli.js'),
        'run',
        join(repoRoot, 'samples', file),
        '--quick',
        '--out',
        join(folder, '.mnistlab/runs'),
        '--quiet',
      ],
      { stdio: 'pipe' },
    );
  cli('batch-lr-grid.mnistexp.json');
  cpSync(join(repoRoot, 'docs/reproduction'), join(folder, 'reproduction'), { recursive: true });

  const session = await startSession({
    userSettings: { 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false },
  });
  const { page, server } = session;
  shotPage = page;
  try {
    await page.setViewportSize({ width: 1280, height: 820 });
    await openWorkbench(page, server, { folder, extensionDevelopmentPath: repoRoot });
    const editor = page.locator('.part.editor');

    // A first activation in a folder without experiments offers the walkthrough.
    await page.locator('.activitybar [aria-label^="MNIST Lab"]').first().click();
    await page
      .locator('.notification-toast', { hasText: 'New to MNIST Lab?' })
      .locator('.monaco-button', { hasText: 'Open Walkthrough' })
      .click({ timeout: 60_000 });
    await page
      .locator('.gettingStartedContainer', { hasText: 'Get Started with MNIST Lab' })
      .waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    await shoot(page, join(docs, 'get-started.png'));

    await runCommand(page, 'MNIST Lab: Open Case-Study Samples');
    await page.locator('.sidebar .monaco-list-row', { hasText: 'Ten digits' }).first().waitFor();
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'mnist-lab-samples/binary-5-vs-8.mnistexp.json');
    await page.waitForTimeout(1500);
    await shoot(page, join(media, 'samples.png'));
    await shoot(page, join(docs, 'experiments.png'));
    await runCommand(page, 'View: Close All Editors');

    // A quick 5 vs 8 is over before a picture can be taken; the nine-trial grid trains long
    // enough to be caught live.
    await commandThenPick(page, 'MNIST Lab: Run Experiment (Quick)', 'Initializer x activation grid');
    await visibleWebview(page, '#trials tbody tr');
    await visibleWebview(page, '#chart-loss[data-epochs="1"]');
    await shoot(editor, join(media, 'live.png'));
    await shoot(page, join(docs, 'live.png'));
    await waitForRunEnd(page);
    await runCommand(page, 'View: Close All Editors');
    await commandThenPick(page, 'MNIST Lab: Run Experiment (Quick)', 'Binary 5 vs 8');
    await waitForRunEnd(page);
    await runCommand(page, 'View: Close All Editors');

    let frame;
    await commandThenPick(page, 'MNIST Lab: Open Results', 'Binary 5 vs 8');
    frame = await visibleWebview(page, '#confusion-matrix');
    await frame.locator('#confusion-matrix td[data-row="1"][data-col="0"]').click();
    await frame.locator('#matrix-card').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(300);
    await shoot(editor, join(media, 'results.png'));
    await frame.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, join(docs, 'results.png'));
    await runCommand(page, 'View: Close All Editors');

    await runCommand(page, 'MNIST Lab: Open Symmetry Demo');
    frame = await visibleWebview(page, '.bp-diagram');
    await frame.getByRole('button', { name: 'Forward', exact: true }).click();
    await frame.getByRole('button', { name: 'Backward', exact: true }).click();
    await page.waitForTimeout(300);
    await shoot(editor, join(media, 'backprop.png'));
    await shoot(page, join(docs, 'backprop.png'));
    await runCommand(page, 'View: Close All Editors');

    await commandThenPick(page, 'MNIST Lab: Open Results', 'Batch size');
    frame = await visibleWebview(page, '#heatmap');
    await frame.locator('th[data-sort="testAccuracy"] button').click();
    await page.waitForTimeout(300);
    await shoot(editor, join(media, 'sweep.png'));
    await shoot(page, join(docs, 'sweep.png'));
    await runCommand(page, 'View: Close All Editors');

    await openFile(page, 'reproduction/REPORT.md');
    await runCommand(page, 'Markdown: Open Preview');
    await page.locator('.tab.active', { hasText: 'Preview' }).waitFor();
    await page.waitForTimeout(1500);
    await shoot(editor, join(media, 'reproduce.png'));
  } finally {
    await session.close();
  }
  for (const f of written)
    process.stdout.write(`${f.slice(repoRoot.length + 1)}  ${Math.round(statSync(f).size / 1024)} kB\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
