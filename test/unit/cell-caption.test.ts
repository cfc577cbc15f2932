import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CELL_EXAMPLES } from '../../src/core/defaults';
import { cellKeptNote, cellTitle } from '../../src/webviews/results/cell-caption';

test('a cell title says how many test images the cell holds', () => {
  assert.equal(cellTitle('7', '2', 17), 'True 7, predicted 2: 17 test images');
  assert.equal(cellTitle('7', '2', 1), 'True 7, predicted 2: 1 test image');
});

test('when not every image is shown, the note says which are and why', () => {
  assert.equal(cellKeptNote(5, 5, 9), null, 'nothing to explain');
  const note = cellKeptNote(17, 8, 9) ?? '';
  assert.match(note, /^Showing the 8 of them saved with the run: /);
  assert.match(note, new RegExp(`up to ${CELL_EXAMPLES} images of every cell and 9 random test images`));
  assert.match(note, /run\.json stays small\.$/);
  assert.match(cellKeptNote(17, 1, 0) ?? '', /^Showing the one of them .* every cell, so that/);
  assert.match(cellKeptNote(3, 0, 9) ?? '', /^None of them was saved with the run: /);
});
