// The sweep panel of a successive-halving sweep with repeats, made by the real CLI on a tiny
// config and opened in a real VS Code: the rungs, the stopped trials' status, the ranking of
// configurations by mean ± std and the heatmap are checked against run.json; screenshots in
// dark and light. Needs `npm run build` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNumber, formatPercent, formatTrialStatus } from '../../src/core/format';
import { configurationLabel, configurationOf, configurationRanking } from '../../src/core/repeats';
import { makeWorkspace, commandThenPick, screenshot, webviewFrame } from '../e2e/vscode-server';
import { tenDigitSweep } from '../experiment-files';
import { quickRun, openLab } from './fixtures';
import { pickTheme, THEME } from './a11y-helpers';

const halving = tenDigitSweep({
  name: 'Tiny halving',
  seed: 3,
  sweep: { 'training.batchSize': [16, 64], 'training.learningRate': [0.01, 0.0001] },
  search: { repeats: 2, halving: { minEpochs: 1, maxEpochs: 3, eta: 3, asynchronous: false } },
});

test('sweep panel of a halving sweep with repeats agrees with run.json', { timeout: 300_000 }, async (t) => {
  const folder = makeWorkspace({ 'tiny-halving.mnistexp.json': JSON.stringify(halving, null, 1) });
  const { dir, record } = quickRun(folder, 'tiny-halving.mnistexp.json', 2);
  assert.equal(record.status, 'done', record.error ?? '');
  const search = record.search!;
  assert.deepEqual(search.halving!.budgets, [1, 3]);
  assert.equal(record.trials.length, 8);

  const { page } = await openLab(t, folder, { height: 1100 });

  await commandThenPick(page, 'MNIST Lab: Open Results', 'Tiny halving');
  const frame = webviewFrame(page);
  await frame.locator('#rungs-table tbody tr').first().waitFor();

  // Rungs: what run.json says each trial reached.
  const rungRow = async (k: number) => frame.locator(`#rungs-table tr[data-rung="${k}"] td`).allTextContents();
  const at = (k: number) => record.trials.filter((x) => x.rung!.rung === k);
  assert.deepEqual(await rungRow(0), [
    '1',
    '8',
    '0',
    String(at(1).length),
    String(at(0).filter((x) => x.rung!.state === 'stopped').length),
    '0',
  ]);
  assert.deepEqual(await rungRow(1), ['3', String(at(1).length), '0', '0', '0', String(at(1).length)]);
  assert.equal(at(1).length, 2, 'one configuration (both seeds) goes on to 3 epochs');
  assert.equal(await frame.locator('#promotions li').count(), search.promotions.length);
  assert.match(
    (await frame.locator('#halving-pick').textContent()) ?? '',
    new RegExp(configurationLabel(record.trials, search.pick!).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  );

  // Stopped trials read as stopped, not failed; the table's status column says where.
  for (const trial of record.trials) {
    const cells = await frame.locator(`#trials-table tr[data-trial="${trial.index}"] td`).allTextContents();
    assert.ok(
      cells.includes(formatTrialStatus(trial.status, trial.rung)),
      `trial ${trial.index}: ${cells.join(' | ')}`,
    );
    assert.ok(!cells.includes('failed'));
  }

  // Ranking of configurations: mean ± std over the seeds, stopped trials not counted.
  const ranked = configurationRanking(record.trials).filter((g) => g.spread.n > 0);
  const rows = await frame
    .locator('#ranking-table tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  assert.equal(rows.length, ranked.length);
  ranked.forEach((g, i) => {
    assert.equal(rows[i][1], configurationLabel(record.trials, g.configuration));
    assert.equal(rows[i][2], `${formatPercent(g.spread.mean)} ± ${formatNumber(g.spread.std * 100, 2)}`);
  });

  // Heatmap: the promoted configuration's cell is the mean ± std of its two seeds; the others
  // (stopped after one epoch) have no comparable value.
  const cells = await frame.locator('#heatmap td.cell').allTextContents();
  assert.equal(cells.filter((c) => c.includes('±')).length, 1);
  assert.equal(cells.filter((c) => c === '–').length, 3);
  // Filtering by hyperparameter value: the table, the heatmap and the overlaid curves all show
  // exactly the trials of run.json that satisfy it.
  await frame.locator('#filter').fill('lr>=0.01 seed=4');
  const expected = record.trials
    .filter((x) => (x.params['training.learningRate'] as number) >= 0.01 && x.config.training.seed === 4)
    .map((x) => x.index);
  assert.equal(expected.length, 2);
  const shownRows = await frame
    .locator('#trials-table tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-trial'))));
  assert.deepEqual(shownRows.sort(), expected);
  const heatTrials = await frame
    .locator('#heatmap td.cell')
    .evaluateAll((tds) =>
      tds.flatMap((td) => (td.getAttribute('data-trials') || '').split(',').filter(Boolean).map(Number)),
    );
  assert.deepEqual(heatTrials.sort(), expected);
  // With repeats the curves are per configuration (mean ± std of its seeds shown).
  const legend = await frame.locator('#chart-overlay-legend li').allTextContents();
  assert.deepEqual(
    legend,
    expected.map((i) => `${configurationLabel(record.trials, configurationOf(record.trials[i]))} (1 seed)`),
  );
  await screenshot(page, 'sweep-search-filtered');
  await frame.locator('#filter').fill('optimiser=adam');
  assert.match((await frame.locator('#filter-error').textContent()) ?? '', /no field "optimiser"/);
  assert.equal(await frame.locator('#trials-table tbody tr').count(), 0);
  await frame.locator('#filter').fill('');
  assert.equal(await frame.locator('#trials-table tbody tr').count(), 8);

  // Halving leaves configurations without a full-budget accuracy: importance is a rank
  // correlation, and says so.
  assert.equal(await frame.locator('#importance').getAttribute('data-measure'), 'spearman');
  assert.match((await frame.locator('#importance-card').textContent()) ?? '', /Spearman/);
  // Four configurations of two seeds each: four mean ± std envelopes; unticking "seeds as
  // mean ± std" draws the eight trials.
  await frame.locator('#chart-overlay[data-bands="4"]').waitFor();
  assert.equal(await frame.locator('#chart-overlay-legend li').count(), 4);
  await frame.locator('#chart-overlay').scrollIntoViewIfNeeded();
  await screenshot(page, 'sweep-search-bands');
  // The curves' table holds each configuration's mean and standard deviation per epoch.
  await frame.locator('[data-table-for="chart-overlay"] summary').click();
  const curveColumns = await frame.locator('[data-table-for="chart-overlay"] thead th').allTextContents();
  assert.equal(curveColumns.filter((c) => c.endsWith(' (2 seeds) mean')).length, 4, curveColumns.join(' | '));
  assert.equal(curveColumns.filter((c) => c.endsWith(' (2 seeds) std')).length, 4, curveColumns.join(' | '));
  // With repeats, accuracy against a parameter is each configuration's mean with a ± std bar.
  assert.match(
    (await frame.locator('[data-summary-for="chart-lr"]').textContent()) ?? '',
    /^Highest mean test accuracy/,
  );
  await frame.locator('#param-charts').scrollIntoViewIfNeeded();
  await screenshot(page, 'sweep-search-error-bars');
  await frame.locator('#group-seeds').click();
  await frame.locator('#chart-overlay[data-bands="0"]').waitFor();
  assert.equal(await frame.locator('#chart-overlay-legend li').count(), 8);
  assert.equal(await frame.locator('#chart-overlay').getAttribute('data-bands'), '0');
  await frame.locator('#group-seeds').click();

  await frame.locator('#search-card').scrollIntoViewIfNeeded();
  await screenshot(page, 'sweep-search-dark');
  await pickTheme(page, THEME.light, frame);
  await screenshot(page, 'sweep-search-light');
  void dir;
});
