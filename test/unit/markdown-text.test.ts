import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownText } from '../../src/extension/tree/markdown-text';

const unescape = (md: string): string => md.replace(/\\(.)/g, '$1');

test('markdownText keeps spaces, so a hover wraps between words', () => {
  const text = 'Shows the forward pass (every z, a, ŷ, L) and one gradient-descent update.';
  const md = markdownText(text);
  assert.doesNotMatch(md, /&nbsp;|\u00a0/);
  assert.equal(md.split(' ').length, text.split(' ').length);
  assert.equal(unescape(md), text);
});

test('markdownText escapes every Markdown character: no link, image, emphasis or HTML survives', () => {
  const hostile = '[click](command:workbench.action.quit) ![x](http://e/x.png) **bold** _i_ <b>`code`</b> # h\\';
  const md = markdownText(hostile);
  assert.equal(unescape(md), hostile);
  // Read as CommonMark does: a backslash and the character after it, or one character. No
  // punctuation may stand alone, or it could start a link, emphasis, code or HTML.
  const bare = (md.match(/\\.|[^\\]/g) ?? []).filter((c) => /^[!-/:-@[-`{-~]$/.test(c));
  assert.deepEqual(bare, []);
});
