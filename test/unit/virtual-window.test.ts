// Which rows a long table renders (src/webviews/shared/virtual-window.ts) and where the keyboard
// moves in it: the rows in view plus a margin, never beyond the list, always the focused row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listMove } from '../../src/webviews/shared/keyboard-nav';
import { rowSegments, rowWindow } from '../../src/webviews/shared/virtual-window';

test('the window covers the rows in view and a margin either side, within the list', () => {
  // 256 rows of 20 px in a 200 px box: 10 rows in view.
  assert.deepEqual(rowWindow(0, 200, 20, 256, 5), { start: 0, end: 16 });
  assert.deepEqual(rowWindow(2000, 200, 20, 256, 5), { start: 95, end: 116 });
  // Scrolled past the end (a list that just got shorter): still inside it.
  assert.deepEqual(rowWindow(100_000, 200, 20, 256, 5), { start: 250, end: 256 });
  assert.deepEqual(rowWindow(0, 200, 20, 0), { start: 0, end: 0 });
  // Far fewer rows in the page than in the list.
  const { start, end } = rowWindow(3000, 600, 24, 2000);
  assert.ok(end - start < 60, `${end - start} rows rendered`);
  assert.ok(start * 24 <= 3000 && end * 24 >= 3600, 'every row in view is rendered');
});

test('the focused row stays rendered wherever the box is scrolled, the rows between are gaps', () => {
  const win = rowWindow(4000, 200, 20, 256, 5);
  assert.deepEqual(rowSegments(win, 256, 3), [
    { kind: 'gap', rows: 3 },
    { kind: 'rows', from: 3, to: 4 },
    { kind: 'gap', rows: 191 },
    { kind: 'rows', from: 195, to: 216 },
    { kind: 'gap', rows: 40 },
  ]);
  // Focus inside the window, or none: one run of rows.
  assert.deepEqual(rowSegments(win, 256, 200), [
    { kind: 'gap', rows: 195 },
    { kind: 'rows', from: 195, to: 216 },
    { kind: 'gap', rows: 40 },
  ]);
  assert.deepEqual(rowSegments({ start: 0, end: 16 }, 16), [{ kind: 'rows', from: 0, to: 16 }]);
  // After the window, and out of range (ignored).
  assert.deepEqual(rowSegments({ start: 0, end: 10 }, 256, 255), [
    { kind: 'rows', from: 0, to: 10 },
    { kind: 'gap', rows: 245 },
    { kind: 'rows', from: 255, to: 256 },
  ]);
  assert.deepEqual(rowSegments({ start: 0, end: 10 }, 20, 99), [
    { kind: 'rows', from: 0, to: 10 },
    { kind: 'gap', rows: 10 },
  ]);
  // Every row is accounted for exactly once.
  for (const keep of [undefined, 0, 100, 255]) {
    const rows = rowSegments(rowWindow(2500, 300, 24, 256), 256, keep).reduce(
      (n, s) => n + (s.kind === 'gap' ? s.rows : s.to - s.from),
      0,
    );
    assert.equal(rows, 256);
  }
});

test('arrows move one row, Page Up/Down a box of rows, Home/End to the ends, clamped', () => {
  assert.equal(listMove('ArrowDown', 0, 256, 10), 1);
  assert.equal(listMove('ArrowUp', 0, 256, 10), 0);
  assert.equal(listMove('PageDown', 250, 256, 10), 255);
  assert.equal(listMove('PageUp', 15, 256, 10), 5);
  assert.equal(listMove('End', 3, 256, 10), 255);
  assert.equal(listMove('Home', 200, 256, 10), 0);
  assert.equal(listMove('a', 3, 256, 10), null);
  assert.equal(listMove('ArrowDown', 0, 0, 10), null);
});
