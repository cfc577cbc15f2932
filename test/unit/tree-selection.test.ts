// Day rows in the Experiments tree group runs; commands act on the runs selected beside them,
// never on the day itself, and a selection of day rows alone is told apart (the command then
// says what to do instead of offering every run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeTarget, onlyDayRows, selectedItems } from '../../src/extension/commands/tree-selection';

const day = (d: string) => ({ kind: 'day', file: '/w/a.mnistexp.json', day: d, description: '3 runs' });
const run = (id: string) => ({
  kind: 'run',
  runDir: `/w/.mnistlab/runs/a/${id}`,
  file: '/w/a.mnistexp.json',
  summary: {},
});
const trial = (id: string, index: number) => ({ kind: 'trial', runDir: `/w/.mnistlab/runs/a/${id}`, trial: { index } });
const more = { kind: 'more', parent: day('2026-01-01'), remaining: 5 };

/** What a command given these arguments acts on (as selectionOf in targets.ts resolves tree rows). */
const targets = (args: unknown[]) =>
  selectedItems(args)
    .map(nodeTarget)
    .filter((t) => t !== undefined);

test('a day row among selected runs is skipped: the command acts on the runs only', () => {
  const r1 = run('1');
  const r2 = run('2');
  for (const args of [
    [r1, [day('2026-01-01'), r1, r2]],
    [day('2026-01-01'), [day('2026-01-01'), r1, r2, day('2026-01-02')]],
    [r1, [r1, more, r2]],
  ]) {
    assert.deepEqual(
      targets(args).map((t) => (t.kind === 'run' ? t.runDir : t.kind)),
      [r1.runDir, r2.runDir],
    );
    assert.equal(onlyDayRows(args), false);
  }
  // A trial beside a day keeps its trial index.
  assert.deepEqual(targets([trial('3', 4), [day('2026-01-01'), trial('3', 4)]]), [
    { kind: 'run', runDir: '/w/.mnistlab/runs/a/3', trialIndex: 4 },
  ]);
});

test('day rows alone give no target and are recognised as such', () => {
  for (const args of [[day('2026-01-01')], [day('2026-01-01'), [day('2026-01-01'), day('2026-01-02')]]]) {
    assert.deepEqual(targets(args), []);
    assert.equal(onlyDayRows(args), true);
  }
  // Nothing given (Command Palette): not a day selection, the command offers a picker.
  assert.equal(onlyDayRows([]), false);
  assert.equal(onlyDayRows([undefined]), false);
  assert.equal(onlyDayRows([run('1'), [run('1')]]), false);
});

test('other rows still resolve as before', () => {
  assert.deepEqual(nodeTarget({ kind: 'experiment', file: '/w/a.mnistexp.json' }), {
    kind: 'experiment',
    file: '/w/a.mnistexp.json',
  });
  assert.deepEqual(nodeTarget({ runDir: '/r', trial: { index: 2 } }), { kind: 'run', runDir: '/r', trialIndex: 2 });
  assert.equal(nodeTarget({ kind: 'samples' }), undefined);
  assert.equal(nodeTarget('not a node'), undefined);
});
