// The backprop walkthrough as a new user makes it (issue 18): New Experiment from the part-1
// template asks for the user's own student ID (the template's is the study's example), the
// panel names whose ID picked the weights, and no label of the network diagram sits on an edge
// or on another label, at every stage and at two panel widths. Screenshots in three themes.
// Needs `npm run build` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { makeWorkspace, startCommand, runCommand, screenshot, webviewFrame } from '../e2e/vscode-server';
import { cliRun, openLab } from './fixtures';
import { pickTheme, SCREENSHOT_THEMES } from './a11y-helpers';

async function palettePick(page: Page, command: string, row: string): Promise<void> {
  const input = await startCommand(page, command);
  await page.waitForTimeout(300);
  await input.fill(row);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first().click();
}

// A string, not a function: evaluated in the webview as written (no compiler helpers).
const OVERLAPS = `(svg) => {
  const lines = [...svg.querySelectorAll('line')].map((l) => ({ x1: +l.getAttribute('x1'), y1: +l.getAttribute('y1'), x2: +l.getAttribute('x2'), y2: +l.getAttribute('y2'), p: l.getAttribute('data-param') }));
  const labels = [...svg.querySelectorAll('text.bp-label')].map((t) => ({ id: t.getAttribute('data-label'), b: t.getBBox(), text: t.textContent }));
  const hit = (s, b) => {
    let t0 = 0, t1 = 1;
    const dx = s.x2 - s.x1, dy = s.y2 - s.y1;
    for (const [p, q] of [[-dx, s.x1 - b.x], [dx, b.x + b.width - s.x1], [-dy, s.y1 - b.y], [dy, b.y + b.height - s.y1]]) {
      if (p === 0) { if (q < 0) return false; continue; }
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t); else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
    return true;
  };
  const out = [];
  for (const l of labels) for (const s of lines) if (hit(s, l.b)) out.push(l.id + ' on edge ' + s.p);
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
    const a = labels[i].b, b = labels[j].b;
    if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) out.push(labels[i].id + ' on ' + labels[j].id);
  }
  return { overlaps: out, labels: labels.map((l) => l.id + ': ' + l.text) };
}`;

async function diagramOverlaps(frame: FrameLocator): Promise<{ overlaps: string[]; labels: string[] }> {
  // A Function made from the text: Playwright sends its source, so no helper of the test's
  // compiler leaks in, and nothing is eval'd under the webview's CSP.
  const check = new Function('svg', `return (${OVERLAPS})(svg);`) as (svg: Element) => {
    overlaps: string[];
    labels: string[];
  };
  return frame.locator('.bp-diagram svg').evaluate(check);
}

test(
  'backprop diagram: the user types their own ID; no label on an edge or another label',
  { timeout: 300_000 },
  async (t) => {
    const folder = makeWorkspace({});
    const { page } = await openLab(t, folder);

    await palettePick(page, 'MNIST Lab: New Experiment…', 'Backpropagation by hand');
    const box = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: "the study's example" }).waitFor();
    await box.fill('20240017');
    await page.keyboard.press('Enter');
    // The save dialog proposes a free file name: accept it.
    for (let i = 0; i < 50 && !/\.mnistexp\.json$/.test(await box.inputValue()); i++) await page.waitForTimeout(100);
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'my-backprop-2-3-1.mnistexp.json' }).waitFor();
    const file = join(folder, 'my-backprop-2-3-1.mnistexp.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { backprop: { update: { studentId: string } } };
    assert.equal(saved.backprop.update.studentId, '20240017', "the user's ID, not the study's example");
    cliRun(folder, 'my-backprop-2-3-1.mnistexp.json', { quick: false });

    await palettePick(page, 'MNIST Lab: Open Results', 'Backprop by hand');
    const frame = webviewFrame(page);
    const button = (name: string) => frame.getByRole('button', { name, exact: true });
    await button('Forward').waitFor();
    for (const stage of ['Forward', 'Backward', 'Update']) {
      await button(stage).click();
      await page.waitForTimeout(300);
      for (const width of [1400, 760]) {
        await page.setViewportSize({ width, height: 1000 });
        await page.waitForTimeout(300);
        const { overlaps, labels } = await diagramOverlaps(frame);
        assert.deepEqual(overlaps, [], `${stage} at ${width} px: ${JSON.stringify(labels)}`);
        assert.equal(labels.length, 15, `${stage}: every node and edge is labelled: ${JSON.stringify(labels)}`);
      }
      await page.setViewportSize({ width: 1400, height: 1000 });
    }
    const reason = (await frame.locator('body').textContent()) ?? '';
    assert.match(reason, /parity rule: student ID 20240017 ends in 7, which is odd/);
    assert.doesNotMatch(reason, /study's example student ID/);

    await frame.locator('.bp-diagram').scrollIntoViewIfNeeded();
    for (const [name, theme] of SCREENSHOT_THEMES) {
      await pickTheme(page, theme, frame);
      await screenshot(page, `new-user-backprop-diagram-${name}`);
    }
    await runCommand(page, 'View: Close All Editors');
  },
);
