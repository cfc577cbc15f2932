import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownTable } from '../../src/core/markdown-table';

test('a Markdown table: header, alignment row, one line per row, empty cells one space wide', () => {
  assert.equal(
    markdownTable(
      ['net', 'samples/s', 'note'],
      [
        ['784-32-10', '12.5k', ''],
        ['784-128-10', '9k', 'wasm'],
      ],
      ['l', 'r'],
    ),
    ['| net | samples/s | note |', '|---|---:|---|', '| 784-32-10 | 12.5k | |', '| 784-128-10 | 9k | wasm |'].join(
      '\n',
    ),
  );
});

test('a table without rows is its header and alignment row', () => {
  assert.equal(markdownTable(['a', 'b'], []), '| a | b |\n|---|---|');
});
