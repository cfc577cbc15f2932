// The rules behind keyboard navigation, chart text alternatives and live announcements in the
// panels: pure functions, checked here under Node; the UI tests check them in VS Code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridMove, listMove } from '../../src/webviews/shared/keyboard-nav';
import {
  chartTable,
  extremesSentence,
  overlaySentence,
  sentence,
  trendPhrase,
} from '../../src/webviews/shared/chart-summary';
import { Throttled, type Clock } from '../../src/webviews/shared/announcer';
import { finalAnnouncement, progressAnnouncement } from '../../src/webviews/live/announcements';
import { formatPercent } from '../../src/core/format';
import type { EpochRecord } from '../../src/core/record';

test('grid moves: arrows one cell, clamped at the edges; Home/End in the row, Ctrl+Home/End to the corners', () => {
  assert.deepEqual(gridMove('ArrowRight', [0, 0], 10, 10), [0, 1]);
  assert.deepEqual(gridMove('ArrowDown', [3, 4], 10, 10), [4, 4]);
  assert.deepEqual(gridMove('ArrowLeft', [3, 0], 10, 10), [3, 0]);
  assert.deepEqual(gridMove('ArrowUp', [0, 5], 10, 10), [0, 5]);
  assert.deepEqual(gridMove('ArrowDown', [9, 9], 10, 10), [9, 9]);
  assert.deepEqual(gridMove('Home', [4, 7], 10, 10), [4, 0]);
  assert.deepEqual(gridMove('End', [4, 2], 10, 10), [4, 9]);
  assert.deepEqual(gridMove('Home', [4, 7], 10, 10, true), [0, 0]);
  assert.deepEqual(gridMove('End', [4, 7], 2, 2, true), [1, 1]);
  assert.deepEqual(gridMove('PageDown', [0, 3], 10, 10), [9, 3]);
  assert.equal(gridMove('Tab', [0, 0], 10, 10), null, 'Tab leaves the grid');
  assert.equal(gridMove('a', [0, 0], 10, 10), null);
  assert.equal(gridMove('ArrowDown', [0, 0], 0, 0), null, 'an empty grid has nowhere to go');
});

test('list moves: up and down one row, clamped; Home and End', () => {
  assert.equal(listMove('ArrowDown', 0, 4), 1);
  assert.equal(listMove('ArrowDown', 3, 4), 3);
  assert.equal(listMove('ArrowUp', 0, 4), 0);
  assert.equal(listMove('End', 1, 4), 3);
  assert.equal(listMove('Home', 3, 4), 0);
  assert.equal(listMove('Enter', 1, 4), null);
  assert.equal(listMove('ArrowDown', 0, 0), null);
  // Without a page size (a short list), PageUp and PageDown are not movement keys.
  assert.equal(listMove('PageDown', 0, 4), null);
  assert.equal(listMove('PageUp', 3, 4), null);
});

const pct = (v: number) => formatPercent(v, 1);

test('a curve reads as one sentence from its own first, last and best points', () => {
  const val = [
    { x: 1, y: 0.939 },
    { x: 2, y: 0.97 },
    { x: 15, y: 0.987 },
  ];
  assert.equal(
    trendPhrase('validation accuracy', val, pct, 'epoch', 15),
    `validation accuracy rose from ${pct(0.939)} to ${pct(0.987)} over epochs 1–15, best at epoch 15`,
  );
  assert.equal(
    trendPhrase(
      'loss',
      [
        { x: 0, y: 0.5 },
        { x: 9, y: 0.1 },
      ],
      String,
      'step',
    ),
    'loss fell from 0.5 to 0.1 over steps 0–9',
  );
  assert.equal(
    trendPhrase(
      'loss',
      [
        { x: 1, y: 0.5 },
        { x: 2, y: 0.5 },
      ],
      String,
    ),
    'loss stayed at 0.5 over epochs 1–2',
  );
  assert.equal(trendPhrase('loss', [{ x: 1, y: 0.5 }], String), 'loss 0.5 at epoch 1');
  assert.equal(trendPhrase('loss', [], String), 'loss: no values yet');
  assert.equal(sentence(['a b', 'c']), 'A b; c.');
  assert.equal(sentence([]), '');
});

test('overlaid curves name the highest and lowest series at their last epoch', () => {
  const s = [
    {
      label: '1. lr 0.01',
      points: [
        { x: 1, y: 0.8 },
        { x: 2, y: 0.9 },
      ],
    },
    {
      label: '2. lr 0.001',
      points: [
        { x: 1, y: 0.85 },
        { x: 2, y: 0.95 },
        { x: 3, y: 0.96 },
      ],
    },
    { label: '3. lr 1e-5', points: [] },
  ];
  assert.equal(
    overlaySentence('Validation accuracy', 'trials', s, pct),
    `Validation accuracy of 3 trials at their last epoch: highest ${pct(0.96)} (2. lr 0.001), lowest ${pct(0.9)} (1. lr 0.01).`,
  );
  assert.equal(overlaySentence('Validation loss', 'runs', [], String), 'Validation loss: no values yet.');
});

test('points against a parameter name where the extremes are', () => {
  const s = [
    {
      label: 'lr 0.001',
      points: [
        { x: 4, y: 0.9 },
        { x: 16, y: 0.97 },
      ],
    },
    { label: 'lr 0.01', points: [{ x: 4, y: 0.6 }] },
  ];
  assert.equal(
    extremesSentence('test accuracy', 'batch size', s, pct, String),
    `Highest test accuracy ${pct(0.97)} at batch size 16 (lr 0.001); lowest ${pct(0.6)} at batch size 4 (lr 0.01).`,
  );
});

test('the table behind a chart has one row per x and a dash where a series has no point', () => {
  const t = chartTable(
    'epoch',
    [
      {
        label: 'training',
        points: [
          { x: 1, y: 0.5 },
          { x: 2, y: 0.25 },
        ],
      },
      { label: 'validation', points: [{ x: 2, y: 0.3 }] },
    ],
    String,
    (v) => v.toFixed(2),
  );
  assert.deepEqual(t.columns, ['epoch', 'training', 'validation']);
  assert.deepEqual(t.rows, [
    ['1', '0.50', '–'],
    ['2', '0.25', '0.30'],
  ]);
});

/** A clock the test moves by hand. */
function fakeClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 0;
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++next;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
    },
  };
}

test('announcements are throttled: one per interval, the newest wins, a final state goes at once', () => {
  const clock = fakeClock();
  const said: string[] = [];
  const a = new Throttled((t) => said.push(t), 10_000, clock);
  a.say('epoch 1');
  a.say('epoch 2');
  a.say('epoch 3');
  assert.deepEqual(said, ['epoch 1'], 'epochs 2 and 3 wait');
  clock.advance(9_999);
  assert.deepEqual(said, ['epoch 1']);
  clock.advance(1);
  assert.deepEqual(said, ['epoch 1', 'epoch 3'], 'only the newest waiting message is read');
  a.say('epoch 4');
  a.sayNow('Run done');
  clock.advance(20_000);
  assert.deepEqual(said, ['epoch 1', 'epoch 3', 'Run done'], 'the final state replaces what was waiting');
  a.say('Run done');
  assert.equal(said.length, 3, 'the same text is not read twice');
});

const epoch = (n: number, valAccuracy: number | null, valLoss: number | null): EpochRecord =>
  ({ epoch: n, loss: 0.3, accuracy: 0.9, valLoss, valAccuracy, seconds: 1, samplesPerSecond: 1000 }) as EpochRecord;

test('live announcements read the last epoch and the final state with its reason', () => {
  assert.equal(
    progressAnnouncement({ index: 0, label: 'x', epochs: 10, history: [epoch(1, 0.95, 0.2), epoch(2, 0.971, 0.1)] }, 1),
    `Epoch 2 of 10 done: validation accuracy ${pct(0.971)}, validation loss 0.1000.`,
  );
  assert.equal(
    progressAnnouncement({ index: 2, label: 'x', epochs: 3, history: [epoch(1, null, null)] }, 4),
    `Trial 3 of 4, epoch 1 of 3 done: accuracy ${pct(0.9)}, loss 0.3000.`,
  );
  assert.equal(progressAnnouncement({ index: 0, label: 'x', epochs: 3, history: [] }, 1), '');
  const result = (testAccuracy: number, testLoss: number) => ({
    testAccuracy,
    testLoss,
    epochsRun: 3,
    bestEpoch: 2,
    stoppedEarly: false,
    trainSeconds: 1,
  });
  assert.equal(
    finalAnnouncement({ name: 'Binary 5 vs 8', status: 'done', error: null }, [
      { index: 0, status: 'done', result: result(0.9909, 0.02), error: null },
    ]),
    `Run of Binary 5 vs 8 done: test accuracy ${formatPercent(0.9909)}.`,
  );
  assert.equal(
    finalAnnouncement({ name: 'Grid', status: 'done', error: null }, [
      { index: 0, status: 'done', result: result(0.9, 0.3), error: null },
      { index: 1, status: 'done', result: result(0.95, 0.2), error: null },
    ]),
    `Run of Grid done: best trial 2, test accuracy ${formatPercent(0.95)}.`,
  );
  assert.equal(
    finalAnnouncement({ name: 'G', status: 'failed', error: 'loss became NaN at epoch 3' }, []),
    'Run of G failed: loss became NaN at epoch 3.',
  );
  assert.equal(finalAnnouncement({ name: 'G', status: 'cancelled', error: null }, []), 'Run of G cancelled.');
});

test('heat cells: the theme colour that reads at 4.5:1, else black or white, never less', async () => {
  const { blend, contrastRatio, readableInk } = await import('../../src/webviews/shared/contrast');
  const white = { r: 255, g: 255, b: 255 };
  const black = { r: 0, g: 0, b: 0 };
  assert.equal(Math.round(contrastRatio(white, black)), 21);
  assert.equal(contrastRatio(white, white), 1);
  assert.deepEqual(blend(black, white, 0.5), { r: 128, g: 128, b: 128 });
  // Dark Modern's editor text (#cccccc) and background (#1f1f1f) on its blue at every strength
  // the matrix uses: the colours axe found below 4.5:1 with the old fixed switch point.
  const fg = { r: 0xcc, g: 0xcc, b: 0xcc };
  const bg = { r: 0x1f, g: 0x1f, b: 0x1f };
  const blue = { r: 0x3a, g: 0x96, b: 0xfe };
  for (let t = 0; t <= 1; t += 0.05) {
    const cell = blend(bg, blue, 0.06 + 0.9 * t);
    const ink = readableInk(cell, [fg, bg]);
    assert.ok(contrastRatio(ink, cell) >= 4.5, `strength ${t.toFixed(2)}: ${contrastRatio(ink, cell).toFixed(2)}:1`);
  }
  // A theme colour that reads is kept rather than replaced by black or white.
  assert.deepEqual(readableInk(bg, [fg, bg]), fg);
  const lightBlue = { r: 0x23, g: 0x8a, b: 0xff };
  assert.deepEqual(readableInk(lightBlue, [white, bg]), bg, 'white on #238aff is 3.4:1; the dark theme colour reads');
  assert.deepEqual(readableInk(lightBlue, [white]), black, 'no theme colour reads: black');
});
