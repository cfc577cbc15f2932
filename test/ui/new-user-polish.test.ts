// What a new user still tripped over in a real VS Code (issue 18): the confusion matrix cut off
// in a half-width editor group, hover texts broken mid-word, "17 images, 6 kept" left
// unexplained. Screenshots go to test-results/screenshots/new-user-polish-*.
// Needs `npm run build` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { CELL_EXAMPLES } from '../../src/core/defaults';
import {
  exactText,
  makeWorkspace,
  openFile,
  openPalette,
  repoRoot,
  runCommand,
  screenshot,
  webviewFrame,
} from '../e2e/vscode-server';
import { tenDigitExperiment } from '../experiment-files';
import { quickRun, openLab } from './fixtures';
import { pickTheme, THEME } from './a11y-helpers';

const tiny = tenDigitExperiment({
  // Long enough to wrap in the tree's hover.
  description:
    'A small net trained on a few digits with Adam: it checks the setup in seconds, then prints the test loss and accuracy of the one epoch it trains, before the full run is started from the play button.',
  units: 16,
  earlyStopping: false,
  // One epoch on little data: the diagonal holds cells with more images than a run keeps.
  quick: { train: 1000, test: 600, epochs: 1 },
});

/** Screenshots of what is in view in light and high-contrast themes, then dark again. */
async function inOtherThemes(page: Page, frame: FrameLocator, name: string): Promise<void> {
  await pickTheme(page, THEME.light, frame);
  await screenshot(page, `${name}-light`);
  await pickTheme(page, THEME.hcDark, frame);
  await screenshot(page, `${name}-hc`);
  await pickTheme(page, THEME.dark, frame);
}

/** The first shared chunk an app's bundle imports. */
function firstChunk(app: string): string {
  const bundle = readFileSync(join(repoRoot, 'dist/webviews', `${app}.app.js`), 'utf8');
  const name = /from "\.\/chunks\/([^"]+)"/.exec(bundle)?.[1];
  assert.ok(name, `${app}.app.js imports a chunk`);
  return join(repoRoot, 'dist/webviews/chunks', name);
}

/** Open Results from the palette; the one run opens (a picker, if shown, lists it). */
async function openResults(page: Page): Promise<void> {
  const input = await openPalette(page);
  await input.fill('>MNIST Lab: Open Results');
  await page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactText('MNIST Lab: Open Results') }) })
    .first()
    .click();
  const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Tiny ten digits' });
  const tab = page.locator('.tabs-container .tab', { hasText: 'Results: Tiny ten digits' });
  await Promise.race([
    pick
      .first()
      .click({ timeout: 20_000 })
      .catch(() => undefined),
    tab.waitFor(),
  ]);
  await tab.waitFor({ timeout: 30_000 });
}

/** Every matrix cell and label that lies outside the webview's visible area, by its text. */
async function cutOff(frame: FrameLocator): Promise<{ hidden: string[]; table: number; view: number }> {
  return frame.locator('#confusion-matrix').evaluate((table) => {
    const view = document.documentElement.clientWidth;
    const hidden: string[] = [];
    // The visible area is the window clipped by every scrolling or clipping ancestor.
    let right = view;
    for (let el = table.parentElement; el && el !== document.body; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (style.overflowX !== 'visible') right = Math.min(right, el.getBoundingClientRect().right);
    }
    for (const el of Array.from(table.querySelectorAll('th, td'))) {
      const box = el.getBoundingClientRect();
      if (box.left < 0 || box.right > right + 0.5) hidden.push(el.textContent ?? '');
    }
    return { hidden, table: table.getBoundingClientRect().width, view };
  });
}

test('new user: the confusion matrix fits a half-width group', { timeout: 300_000 }, async (t) => {
  const folder = makeWorkspace({ 'tiny-ten-digits.mnistexp.json': JSON.stringify(tiny, null, 1) });
  const run = quickRun(folder, 'tiny-ten-digits.mnistexp.json');

  const { page } = await openLab(t, folder);

  await t.test('the tree hover wraps between words, never inside one', async () => {
    await page.locator('.activitybar [aria-label^="MNIST Lab"]').first().click();
    const row = page.locator('.sidebar .pane-body .monaco-list-row', { hasText: 'Tiny ten digits' }).first();
    await row.hover();
    const hover = page.locator('.monaco-hover .hover-contents', { hasText: 'checks the setup' }).first();
    await hover.waitFor({ timeout: 15_000 });
    await screenshot(page, 'new-user-polish-tree-hover');
    const broken = await hover.evaluate((box) => {
      const found: string[] = [];
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        // A no-break space glues the words into one that the hover can only break anywhere.
        if (text.includes('\u00a0')) found.push(`no-break space in "${text.slice(0, 40)}…"`);
        for (const m of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
          // Only a path may break where it has no space: a word with letters only may not.
          if (lines.size > 1 && /^[A-Za-z]+[,.:]?$/.test(m[0])) found.push(m[0]);
        }
      }
      return found;
    });
    assert.deepEqual(broken, [], 'words split across lines');
    const lines = await hover.evaluate((box) => {
      const range = document.createRange();
      range.selectNodeContents(box);
      return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
    });
    assert.ok(lines >= 3, `the description wraps (${lines} lines)`);
    await page.mouse.move(900, 900);
  });

  await t.test('in the right half of a split editor every cell and label is visible', async () => {
    await openFile(page, 'tiny-ten-digits.mnistexp.json');
    await runCommand(page, 'View: Split Editor Right');
    await page.locator('.editor-group-container').nth(1).waitFor();
    const matrix = webviewFrame(page).locator('#confusion-matrix');
    await openResults(page);
    await matrix.waitFor({ timeout: 30_000 });
    const frame = webviewFrame(page);
    const groups = page.locator('.editor-group-container');
    assert.equal(await groups.count(), 2, 'two editor groups');
    const groupWidth = await groups.nth(1).evaluate((g) => g.getBoundingClientRect().width);
    assert.ok(groupWidth < 700, `the results group is half-width (${groupWidth} px)`);
    assert.equal(await frame.locator('#confusion-matrix td.cell').count(), 100);

    for (const normalised of [false, true]) {
      const toggle = frame.locator('#normalise');
      if ((await toggle.isChecked()) !== normalised) await toggle.click();
      await frame.locator('#confusion-matrix td.cell').first().waitFor();
      await frame.locator('#matrix-card').scrollIntoViewIfNeeded();
      await screenshot(page, `new-user-polish-matrix-half-${normalised ? 'normalised' : 'counts'}`);
      const { hidden, table, view } = await cutOff(frame);
      assert.deepEqual(hidden, [], `normalised=${normalised}: table ${table} px in a ${view} px view; cut off`);
      const fontPx = Number(await frame.locator('#confusion-matrix').getAttribute('data-font-px'));
      assert.ok(fontPx >= 9, `scaled to ${fontPx} px, still readable`);
    }

    // A cell with more images than the run saved says which are shown and why.
    const trial = run.record.trials[0]!.result!;
    const saved = (r: number, c: number) =>
      new Set(trial.samples.filter((x) => x.label === r && x.predicted === c).map((x) => x.index)).size;
    const cells = trial.confusionMatrix.flatMap((row, r) => row.map((count, c) => ({ r, c, count })));
    const cell = cells.find(({ r, c, count }) => count > saved(r, c) && saved(r, c) > 0)!;
    assert.ok(cell, 'a cell holds more images than the run saved');
    await frame.locator(`#confusion-matrix td[data-row="${cell.r}"][data-col="${cell.c}"]`).click();
    await frame.locator('#cell-kept').waitFor();
    assert.equal(
      await frame.locator('#cell-title').textContent(),
      `True ${cell.r}, predicted ${cell.c}: ${cell.count} test images`,
    );
    const random = trial.samples.filter((x) => x.reason === 'random').length;
    assert.equal(
      await frame.locator('#cell-kept').textContent(),
      `Showing the ${saved(cell.r, cell.c)} of them saved with the run: a run saves up to ${CELL_EXAMPLES} images of every cell and ${random} random test images, so that run.json stays small.`,
    );
    assert.equal(await frame.locator('#cell-samples-grid figure.sample').count(), saved(cell.r, cell.c));
    await frame.locator('#cell-kept').scrollIntoViewIfNeeded();
    await screenshot(page, 'new-user-polish-cell-kept');
    await frame.locator('#matrix-card').scrollIntoViewIfNeeded();
    await inOtherThemes(page, frame, 'new-user-polish-matrix-half');
    assert.deepEqual((await cutOff(frame)).hidden, [], 'nothing cut off in any theme');

    // Back in one full-width group the matrix takes its full size again.
    await runCommand(page, 'View: Join All Editor Groups');
    await page.waitForFunction(() => document.querySelectorAll('.editor-group-container').length === 1);
    await frame.locator('#confusion-matrix').waitFor();
    await page.waitForTimeout(500);
    const sizes = await frame
      .locator('#confusion-matrix')
      .evaluate((table) => [getComputedStyle(table).fontSize, getComputedStyle(document.body).fontSize]);
    assert.equal(sizes[0], sizes[1], 'full-size type at full width');
    assert.deepEqual((await cutOff(frame)).hidden, []);
  });
  await t.test(
    'a panel that could not load is loaded again by the host: once by itself, then on Try again',
    async () => {
      await runCommand(page, 'View: Close All Editors');
      // The race VS Code for the Web loses, made to last longer than the page's own retries: a
      // chunk the app imports is missing. The page gives up and says so; the host loads the page
      // again by itself, once (no loop while the chunk stays missing); Try again loads it again.
      const chunk = firstChunk('results');
      renameSync(chunk, `${chunk}.away`);
      let restored = false;
      const restore = () => {
        if (!restored) renameSync(`${chunk}.away`, chunk);
        restored = true;
      };
      t.after(restore);
      await openResults(page);
      const frame = webviewFrame(page);
      // The first page's notice is replaced at once by the page the host loads again.
      await frame.locator('html[data-host-reloads="1"] #load-failed').waitFor({ timeout: 60_000 });
      await page.waitForTimeout(3000);
      assert.equal(await frame.locator('html[data-host-reloads="1"]').count(), 1, 'no second automatic reload');
      assert.match((await frame.locator('#load-failed').textContent()) ?? '', /could not load its script.*Try again/s);
      await screenshot(page, 'new-user-polish-load-failed');
      restore();
      await frame.locator('#load-retry').click();
      await frame.locator('html[data-host-reloads="2"]').waitFor({ timeout: 30_000 });
      await frame.locator('#confusion-matrix').waitFor({ timeout: 30_000 });
      assert.equal(await frame.locator('#load-failed').count(), 0, 'no failure notice once it loaded');
      await screenshot(page, 'new-user-polish-reloaded-by-host');
    },
  );
});
