// The Get Started walkthrough as a new user meets it in the real VS Code: offered on the first
// activation in a folder without experiments, its six steps with their pictures, and steps
// ticking themselves as the user does them (open samples; run quick, where a cancelled picker
// does not tick; open a confusion cell; the backprop walkthrough; the sweep step's Run the Sweep
// then its Compare Runs; the step's Reproduce Case Study with its report). Needs `npm run build` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  makeWorkspace,
  commandThenPick,
  exactText,
  openWorkbench,
  repoRoot,
  runCommand,
  screenshot,
  startSession,
  pickMany,
} from '../e2e/vscode-server';
import { visibleWebview, waitForRunEnd } from './a11y-helpers';
import { listRunSummaries } from '../../src/runs/summary-index';
import { runsRootFor } from '../../src/runs/store';
import manifest from '../../package.json';

interface Step {
  id: string;
  title: string;
}
const walkthrough = (
  manifest.contributes as unknown as { walkthroughs: Array<{ id: string; title: string; steps: Step[] }> }
).walkthroughs[0];
const nls = JSON.parse(readFileSync(join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
/** A manifest string as VS Code shows it: `%key%` looked up in package.nls.json. */
const shown = (s: string) => s.replace(/^%(.+)%$/, (_, k: string) => nls[k] ?? s);

/** The walkthrough's step buttons, by step id (VS Code prefixes them with the walkthrough's). */
function stepButton(page: Page, id: string) {
  return page.locator(`.gettingStartedContainer [data-step-id$="#${id}"]`);
}

async function isDone(page: Page, id: string): Promise<boolean> {
  // VS Code sets aria-checked on the step and swaps its circle for a filled check.
  return stepButton(page, id).evaluate(
    (el) => el.getAttribute('aria-checked') === 'true' || !!el.querySelector('.codicon-getting-started-step-checked'),
  );
}

async function waitDone(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await isDone(page, id)) return;
    await page.waitForTimeout(200);
  }
  throw new Error(
    `step ${id} did not tick: ${(await stepButton(page, id).evaluate((el) => el.outerHTML)).slice(0, 600)}`,
  );
}

/** Expands a step and clicks the button in its text, as a reader of the step would. */
async function stepAction(page: Page, id: string, label: string): Promise<void> {
  await stepButton(page, id).click();
  await page
    .locator('.gettingStartedContainer .getting-started-step.expanded', { hasText: label })
    .locator('.monaco-button, a', { hasText: label })
    .first()
    .click();
}

/** Waits until the Markdown preview shows the report's title (the preview is a webview). */
async function reportPreview(page: Page): Promise<void> {
  for (let i = 0; i < 300; i++) {
    for (const frame of page.frames()) {
      const shown = await frame
        .evaluate(() => /reproduction of the case study/.test(document.body?.innerText ?? ''))
        .catch(() => false);
      if (shown) return;
    }
    await page.waitForTimeout(200);
  }
  throw new Error('the report preview did not show the report');
}

async function backToWalkthrough(page: Page): Promise<void> {
  await page
    .locator('.tabs-container .tab', { hasText: /Welcome|Walkthrough|Get Started/ })
    .first()
    .click();
  await page.locator('.gettingStartedContainer').waitFor();
}

test(
  'Get Started walkthrough: offered to a new user, steps tick as they are done',
  { timeout: 2_400_000 },
  async (t) => {
    const folder = makeWorkspace({ 'README.md': '# my experiments\n' });
    const { server, page, close } = await startSession({
      userSettings: { 'workbench.colorTheme': 'Default Dark Modern' },
    });
    t.after(close);
    await page.setViewportSize({ width: 1400, height: 900 });
    await openWorkbench(page, server, { folder, extensionDevelopmentPath: repoRoot });
    try {
      // Opening the MNIST Lab view is the first activation here: the walkthrough is offered.
      await page.locator('.activitybar [aria-label^="MNIST Lab"]').first().click();
      const offer = page.locator('.notification-toast', { hasText: 'New to MNIST Lab?' });
      await offer.waitFor({ timeout: 60_000 });
      await screenshot(page, 'walkthrough-offer');
      await offer.locator('.monaco-button', { hasText: 'Open Walkthrough' }).click();
      const container = page.locator('.gettingStartedContainer');
      await container
        .locator('h2, .getting-started-category-title, .category-title', { hasText: shown(walkthrough.title) })
        .first()
        .waitFor({ timeout: 60_000 });
      for (const s of walkthrough.steps) {
        await stepButton(page, s.id).waitFor();
        assert.match(
          (await stepButton(page, s.id).textContent()) ?? '',
          new RegExp(shown(s.title).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
        );
      }
      assert.equal(await isDone(page, 'openSamples'), false, 'nothing is ticked yet');
      // The first step's picture is a real image that loaded.
      await stepButton(page, 'openSamples').click();
      const img = container.locator('.getting-started-media img').first();
      await img.waitFor();
      await page.waitForFunction(() => {
        const i = document.querySelector<HTMLImageElement>('.gettingStartedContainer .getting-started-media img');
        return !!i && i.complete && i.naturalWidth > 100;
      });
      await screenshot(page, 'walkthrough-offered');

      // 1. The step's own button runs the command; the step ticks.
      await container
        .locator('.getting-started-step.expanded .monaco-button, .getting-started-step.expanded a', {
          hasText: 'Open Case-Study Samples',
        })
        .first()
        .click();
      await waitDone(page, 'openSamples');

      // The samples command ends by revealing the view with what it copied: wait for that, so
      // the run picker below lists the workspace copies.
      await page.locator('.sidebar .monaco-list-row', { hasText: 'Binary 5 vs 8' }).first().waitFor();

      // 2. The step's button opens the run picker. Cancelled, nothing ran: not ticked.
      const runPicker = page.locator('.quick-input-widget');
      const runPickerTitle = runPicker.locator('.quick-input-title', { hasText: /Run which experiment/ });
      await stepAction(page, 'runBinary', 'Run Experiment (Quick)');
      await runPickerTitle.waitFor();
      // Into the picker first: the walkthrough page takes focus back after running the link.
      await runPicker.locator('input').click();
      await page.keyboard.press('Escape');
      await runPicker.waitFor({ state: 'hidden' });
      await page.locator('.gettingStartedContainer').waitFor();
      assert.equal(await isDone(page, 'runBinary'), false, 'a cancelled picker does not tick the step');
      // Binary 5 vs 8 picked: it trains, and the step ticks.
      await stepAction(page, 'runBinary', 'Run Experiment (Quick)');
      await runPickerTitle.waitFor();
      await runPicker
        .locator('.quick-input-list .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: exactText('Binary 5 vs 8') }) })
        .first()
        .click();
      await waitForRunEnd(page);
      await backToWalkthrough(page);
      await waitDone(page, 'runBinary');
      assert.equal(await isDone(page, 'readResults'), false, 'opening a cell is still to do');

      // 3. Results: a confusion cell opened.
      await page.locator('.quick-input-widget input').waitFor({ state: 'hidden' });
      await commandThenPick(page, 'MNIST Lab: Open Results', 'Binary 5 vs 8');
      const results = await visibleWebview(page, '#confusion-matrix');
      await results.locator('#confusion-matrix td[data-row="1"][data-col="0"]').click();
      await results.locator('#cell-title').waitFor();
      await backToWalkthrough(page);
      await waitDone(page, 'readResults');

      // 4. The backprop walkthrough.
      await runCommand(page, 'MNIST Lab: Open Symmetry Demo');
      await visibleWebview(page, '.bp-diagram');
      await backToWalkthrough(page);
      await waitDone(page, 'backprop');
      assert.equal(await isDone(page, 'sweep'), false);
      assert.equal(await isDone(page, 'reproduce'), false);
      await screenshot(page, 'walkthrough-four-done');

      // 5. The sweep step's buttons: Run the Sweep (Quick) trains the batch size × learning rate
      // sample with no picker, then Compare Runs puts it beside 5 vs 8.
      await stepButton(page, 'sweep').click();
      await screenshot(page, 'walkthrough-sweep-step');
      await stepAction(page, 'sweep', 'Run the Sweep (Quick)');
      await waitForRunEnd(page, 600_000);
      const sweep = await visibleWebview(page, '#trials-table');
      await sweep.locator('#trials-table tbody tr').nth(15).waitFor();
      const sweepRuns = (await listRunSummaries(runsRootFor(folder))).runs.filter(
        (r) => r.summary.experiment.name === 'Batch size x learning rate grid',
      );
      assert.equal(sweepRuns.length, 1, 'the button ran the sweep once');
      const sweepRun = sweepRuns[0]!.summary;
      assert.equal(sweepRun.quick, true, 'in quick mode');
      assert.equal(sweepRun.status, 'done');
      // The workspace's copy, which the tree shows, not the bundled file behind it.
      const copy = join(folder, 'mnist-lab-samples', 'batch-lr-grid.mnistexp.json');
      assert.ok(sweepRun.experiment.file, 'the run names its experiment file');
      assert.equal(realpathSync(sweepRun.experiment.file), realpathSync(copy));
      await backToWalkthrough(page);
      assert.equal(await isDone(page, 'sweep'), false, 'running the sweep alone does not tick the step');
      await stepAction(page, 'sweep', 'Compare Runs');
      const picker = page.locator('.quick-input-widget');
      await picker.locator('.quick-input-title', { hasText: /Compare which runs/ }).waitFor();
      await pickMany(page, ['Binary 5 vs 8', 'Batch size x learning rate grid']);
      const compare = await visibleWebview(page, '#compare-metrics');
      const compared = await compare.locator('#compare-metrics thead th.run-col').allTextContents();
      assert.equal(compared.length, 2, `two runs side by side: ${compared.join(' | ')}`);
      assert.ok(compared.some((c) => c.includes('Binary 5 vs 8')));
      assert.ok(compared.some((c) => c.includes('Batch size x learning rate grid')));
      await screenshot(page, 'walkthrough-sweep-compared');
      await backToWalkthrough(page);
      await waitDone(page, 'sweep');

      // 6. The reproduce step's button: quick, every part, and the report opens as a preview.
      await stepAction(page, 'reproduce', 'Reproduce Case Study');
      await page.locator('.quick-input-title', { hasText: 'Reproduce Case Study' }).waitFor();
      await page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: exactText('Quick') }) })
        .first()
        .click();
      await page
        .locator('.tabs-container .tab', { hasText: /REPORT\.md/ })
        .first()
        .waitFor({ timeout: 900_000 });
      await reportPreview(page);
      const reports = join(folder, 'mnist-lab-reports');
      const made = readdirSync(reports).filter((d) => d.startsWith('case-study-quick-'));
      assert.equal(made.length, 1, `one quick report folder: ${made.join(', ')}`);
      const report = readFileSync(join(reports, made[0]!, 'REPORT.md'), 'utf8');
      for (const part of [1, 2, 3, 4, 5])
        assert.match(report, new RegExp(`^## ${part}\\. `, 'm'), `the report has part ${part}`);
      await screenshot(page, 'walkthrough-reproduced');
      await backToWalkthrough(page);
      await waitDone(page, 'reproduce');
      for (const s of walkthrough.steps) assert.equal(await isDone(page, s.id), true, `${s.id} ticked`);
      await screenshot(page, 'walkthrough-all-done');
    } catch (error) {
      await screenshot(page, 'walkthrough-FAILED').catch(() => undefined);
      throw error;
    }
  },
);
