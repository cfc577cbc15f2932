// The backprop walkthrough as a user meets it: a real run of the bundled 2-3-1 sample opened
// from the palette, stepped through Forward → Backward → Update, with ∂L/∂w7…w9 and their
// updates read off the panel and checked against run.json; then the symmetry demo.
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatNumber } from '../../src/webviews/backprop/mathml';
import { makeWorkspace, commandThenPick, repoRoot, runCommand, screenshot, webviewFrame } from '../e2e/vscode-server';
import { cliRun, openLab } from './fixtures';

test('backprop panel: step through a real walkthrough run, then the symmetry demo', { timeout: 240_000 }, async (t) => {
  const folder = makeWorkspace({});
  copyFileSync(join(repoRoot, 'samples', 'backprop-2-3-1.mnistexp.json'), join(folder, 'backprop.mnistexp.json'));
  const { record } = cliRun(folder, 'backprop.mnistexp.json', { quick: false });
  const step = record.backprop!.steps[0];

  const { page } = await openLab(t, folder);

  await commandThenPick(page, 'MNIST Lab: Open Results', record.experiment.name);
  const frame = webviewFrame(page);
  const button = (name: string) => frame.getByRole('button', { name, exact: true });
  await button('Forward').waitFor();
  assert.ok(await button('Backward').isDisabled(), 'backward waits for the forward pass');
  await button('Forward').click();
  await frame.locator('.bp-derivation').getByText(formatNumber(step.forward.loss)).first().waitFor();
  await button('Backward').click();
  const derivation = frame.locator('.bp-derivation');
  for (const g of step.backward.gradients.filter((g) => ['w7', 'w8', 'w9'].includes(g.param))) {
    await derivation.getByText(formatNumber(g.value), { exact: false }).first().waitFor({ timeout: 5000 });
  }
  await button('Update').click();
  for (const u of step.updates)
    await derivation.getByText(formatNumber(u.new), { exact: false }).first().waitFor({ timeout: 5000 });
  assert.deepEqual(
    step.updates.map((u) => u.param),
    ['w7', 'w8', 'w9'],
    'the parity rule picked the output path',
  );
  const svgText = await frame.locator('.bp-diagram svg').textContent();
  assert.ok(svgText && svgText.includes('h1') && svgText.includes('ŷ'), 'the network diagram is drawn');
  await screenshot(page, 'backprop-walkthrough-update');

  await runCommand(page, 'MNIST Lab: Open Symmetry Demo');
  await frame.getByRole('heading', { name: /Why random initialisation/ }).waitFor();
  // Chart.js animates its first draw: poll until both symmetry charts have painted.
  let painted = 0;
  for (let i = 0; i < 50 && painted < 500; i++) {
    await page.waitForTimeout(100);
    painted = Math.min(
      ...(await frame.locator('.chart-box canvas').evaluateAll((els) =>
        els.map((el) => {
          const c = el as HTMLCanvasElement;
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let k = 3; k < d.length; k += 4) if (d[k] > 0) n++;
          return n;
        }),
      )),
    );
  }
  assert.ok(painted > 500, `the symmetry chart painted ${painted} pixels`);
  await frame.getByRole('heading', { name: /Why random initialisation/ }).evaluate((el) => el.scrollIntoView());
  await screenshot(page, 'backprop-symmetry-demo');
});
