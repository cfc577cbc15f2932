// Names and labels come from files anyone can write: they must reach a spreadsheet or a
// terminal as text, never as a formula or an escape sequence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField } from '../../src/core/run-export';
import { terminalSafe } from '../../src/cli/terminal-text';

test('CSV cells that a spreadsheet would run as formulas are written as text; numbers stay numbers', () => {
  assert.equal(csvField('=HYPERLINK("http://x","click")'), `"'=HYPERLINK(""http://x"",""click"")"`);
  for (const lead of ['+', '-', '@', '\t'])
    assert.equal(csvField(`${lead}cmd`).replace(/^"|"$/g, '').startsWith(`'${lead}`), true, JSON.stringify(lead));
  assert.equal(csvField(-0.5), '-0.5');
  assert.equal(csvField('relu'), 'relu');
});

test('control characters in names are shown escaped in the terminal; newlines and tabs stay', () => {
  assert.equal(terminalSafe('\x1b]0;owned\x07name'), '\\x1b]0;owned\\x07name');
  assert.equal(terminalSafe('a\x1b[2Jb\r'), 'a\\x1b[2Jb\\x0d');
  assert.equal(terminalSafe('right\u202eto-left'), 'right\\u202eto-left');
  assert.equal(terminalSafe('line 1\n\tline 2 · ü'), 'line 1\n\tline 2 · ü');
});
