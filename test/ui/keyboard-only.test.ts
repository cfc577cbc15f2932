// A keyboard-only session in the real VS Code: run an experiment from the Command Palette, open
// its results, Tab into the confusion matrix (one Tab stop), move to a cell with the arrow keys
// and open its test images with Enter, then Tab on from where focus was. No mouse event is
// sent. Needs `npm run build` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { makeWorkspace, screenshot } from '../e2e/vscode-server';
import { tenDigitExperiment } from '../experiment-files';
import { focused, visibleWebview, waitForRunEnd } from './a11y-helpers';
import { newestRun, openLab } from './fixtures';

const experiment = tenDigitExperiment({
  name: 'Keyboard ten digits',
  seed: 11,
  quick: { train: 2000, test: 500, epochs: 3 },
});

/** F1, type `>title`, wait until the exact title is the highlighted row, Enter. */
async function paletteByKeyboard(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let i = 0; i < 5 && !(await input.isVisible()); i++) {
    await page.keyboard.press('F1');
    await page.waitForTimeout(500);
  }
  await page.keyboard.type(`>${title}`);
  await pickFocusedRow(page, title);
}

/** Waits for the highlighted quick-pick row to carry `label` (moving down to it), then Enter. */
async function pickFocusedRow(page: Page, label: string): Promise<void> {
  const focusedRow = page.locator('.quick-input-list .monaco-list-row.focused .label-name').first();
  for (let i = 0; i < 20; i++) {
    const text = (await focusedRow.textContent({ timeout: 10_000 }).catch(() => '')) ?? '';
    if (text.trim() === label || text.includes(label)) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press(text ? 'ArrowDown' : 'End');
    await page.waitForTimeout(100);
  }
  throw new Error(`no quick-pick row "${label}" reached with the keyboard`);
}

/** Presses Tab until `accept` holds for the focused element in the webview; returns the presses. */
async function tabUntil(
  page: Page,
  frame: Frame,
  accept: (f: Awaited<ReturnType<typeof focused>>) => boolean,
  max = 60,
): Promise<number> {
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press('Tab');
    if (accept(await focused(frame))) return n;
  }
  throw new Error(
    `Tab never reached the element (${max} presses); focus is on ${JSON.stringify(await focused(frame))}`,
  );
}

test(
  'keyboard only: run from the palette, open results, move to a confusion cell, open its images',
  { timeout: 300_000 },
  async (t) => {
    const folder = makeWorkspace({ 'keyboard.mnistexp.json': JSON.stringify(experiment, null, 1) });
    const { page } = await openLab(t, folder);

    try {
      await paletteByKeyboard(page, 'MNIST Lab: Run Experiment (Quick)');
      await page.locator('.quick-input-title', { hasText: /which experiment/i }).waitFor();
      await page.keyboard.type('Keyboard');
      await pickFocusedRow(page, 'Keyboard ten digits');
      await waitForRunEnd(page);

      const { record } = newestRun(folder, 'keyboard.mnistexp.json');
      const result = record.trials[0].result!;
      // The off-diagonal cell with the most images: the one a reader would look at.
      let target: [number, number] = [0, 1];
      result.confusionMatrix.forEach((row, i) =>
        row.forEach((v, j) => {
          if (i !== j && v > result.confusionMatrix[target[0]][target[1]]) target = [i, j];
        }),
      );
      const kept = new Set(
        result.samples.filter((s) => s.label === target[0] && s.predicted === target[1]).map((s) => s.index),
      ).size;
      assert.ok(kept > 0, 'run.json keeps images of the cell');

      await paletteByKeyboard(page, 'MNIST Lab: Open Results');
      await page.locator('.quick-input-title', { hasText: /which/i }).waitFor();
      await page.keyboard.type('Keyboard');
      await pickFocusedRow(page, 'Keyboard ten digits');
      await page.locator('.tab.active', { hasText: 'Results' }).waitFor();
      const frame = await visibleWebview(page, '#confusion-matrix');
      // Into the panel as a keyboard user does: focus the active editor group (Ctrl+1).
      await page.keyboard.press('Control+1');

      // The whole matrix is one Tab stop: reached in a few presses, and one more leaves it.
      const presses = await tabUntil(page, frame, (f) => f.tag === 'td' && f.cls.includes('cell'));
      assert.ok(presses < 25, `the matrix is reached in ${presses} Tab presses`);
      assert.deepEqual(
        [(await focused(frame)).row, (await focused(frame)).col],
        ['0', '0'],
        'Tab enters the grid at its first cell',
      );

      for (let i = 0; i < target[0]; i++) await page.keyboard.press('ArrowDown');
      for (let j = 0; j < target[1]; j++) await page.keyboard.press('ArrowRight');
      let f = await focused(frame);
      assert.deepEqual([f.row, f.col], target.map(String), 'arrow keys moved to the cell');
      await page.keyboard.press('Enter');
      await frame.locator('#cell-samples-grid figure.sample').first().waitFor();
      assert.equal(await frame.locator('#cell-samples-grid figure.sample').count(), kept, 'the images of that cell');
      assert.match(
        (await frame.locator('#cell-title').textContent()) ?? '',
        new RegExp(
          `^True ${target[0]}, predicted ${target[1]}: ${result.confusionMatrix[target[0]][target[1]]} test image`,
        ),
      );
      f = await focused(frame);
      assert.deepEqual([f.row, f.col], target.map(String), 'Enter kept focus on the cell');
      await screenshot(page, 'keyboard-only-cell-images');

      // The next Tab continues after the matrix instead of starting over at the page top.
      await page.keyboard.press('Tab');
      f = await focused(frame);
      assert.notEqual(f.tag, 'td', 'one Tab leaves the grid');
      assert.notEqual(f.id, 'export', 'focus did not jump back to the top of the page');
      const after = await frame.evaluate(() => {
        const m = document.getElementById('confusion-matrix')!;
        return !!(m.compareDocumentPosition(document.activeElement!) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert.ok(after, `focus went on to an element after the matrix (${JSON.stringify(f)})`);
      // A visible focus ring on the cell, back by Shift+Tab: at least 2px, solid.
      await page.keyboard.press('Shift+Tab');
      assert.equal((await focused(frame)).tag, 'td', 'Shift+Tab returns into the grid');
      const ring = await frame.evaluate(() => {
        const s = getComputedStyle(document.activeElement!);
        return {
          width: s.outlineWidth,
          style: s.outlineStyle,
          color: s.outlineColor,
          focus: getComputedStyle(document.body).getPropertyValue('--vscode-focusBorder').trim(),
        };
      });
      assert.ok(parseFloat(ring.width) >= 2, `focus ring ${ring.width}`);
      assert.equal(ring.style, 'solid');
    } catch (error) {
      await screenshot(page, 'keyboard-only-FAILED').catch(() => undefined);
      throw error;
    }
  },
);
