// The English l10n bundle is what the sources say (VS Code's extractor reads every l10n.t
// call); a translator works from it, so a string added in code but not in the bundle would
// never be translated. Regenerate with `npm run l10n`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { getL10nPseudoLocalized } from '@vscode/l10n-dev';
import { L10N_BUNDLE_ELEMENT_ID, l10nBundleElement, parseL10nBundle } from '../../src/extension/panels/shared/contract';
import { statusCounts } from '../../src/extension/tree/run-groups';
import { BUNDLE_FILE, l10nSourceFiles, renderL10nBundle } from '../../scripts/l10n-bundle';
import { ROOT } from '../helpers';

test('the committed l10n bundle is exactly what the sources generate (run `npm run l10n`)', async () => {
  assert.equal(readFileSync(path.join(ROOT, BUNDLE_FILE), 'utf8'), await renderL10nBundle(ROOT));
});

test('every l10n.t call names its message as a literal, so the extractor can see it', () => {
  const hidden: string[] = [];
  for (const file of l10nSourceFiles(ROOT)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bl10n\.t\(\s*(.)/g)) {
      if (!/['"`]/.test(m[1]!)) {
        const line = text.slice(0, m.index).split('\n').length;
        hidden.push(`${path.relative(ROOT, file)}:${line}`);
      }
    }
  }
  assert.deepEqual(hidden, []);
});

test('package.json points VS Code at the bundle folder', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.equal(manifest.l10n, `./${path.dirname(BUNDLE_FILE)}`);
});

test('tree rows built outside the host are translated by the bundle VS Code loads (pseudo-locale)', async () => {
  const english = JSON.parse(readFileSync(path.join(ROOT, BUNDLE_FILE), 'utf8')) as Record<string, string>;
  const pseudo = getL10nPseudoLocalized(english) as Record<string, string>;
  l10n.config({ contents: pseudo });
  try {
    const expected = l10n.t('{0} runs', 3);
    assert.notEqual(expected, '3 runs', 'the pseudo-locale changes the text');
    assert.equal(statusCounts(['done', 'done', 'failed']).startsWith(expected), true);
  } finally {
    l10n.config({ contents: {} });
  }
});

test('the webview page carries the bundle as inert JSON that no translation can break out of', () => {
  const hostile = { Stop: '</script><script>alert(1)</script>', 'Show as table': 'Als Tabelle <b>zeigen</b>' };
  const element = l10nBundleElement(hostile);
  assert.match(element, new RegExp(`^<script type="application/json" id="${L10N_BUNDLE_ELEMENT_ID}">`));
  const body = element.slice(element.indexOf('>') + 1, -'</script>'.length);
  assert.equal(body.includes('<'), false, 'no "<" inside the element');
  assert.deepEqual(parseL10nBundle(body), hostile);
  assert.equal(l10nBundleElement(undefined), '');
  assert.equal(parseL10nBundle('{"Stop": 3}'), undefined, 'not a bundle');
  assert.equal(parseL10nBundle('{not json'), undefined);
});

test('webview texts computed outside the DOM follow the page bundle (pseudo-locale)', async () => {
  const { finalAnnouncement } = await import('../../src/webviews/live/announcements');
  const { cellKeptNote } = await import('../../src/webviews/results/cell-caption');
  const english = JSON.parse(readFileSync(path.join(ROOT, BUNDLE_FILE), 'utf8')) as Record<string, string>;
  const header = { status: 'cancelled' as const, error: null, name: '5 vs 8' };
  const plain = { announcement: finalAnnouncement(header, []), note: cellKeptNote(17, 6, 0) };
  assert.equal(plain.announcement, 'Run of 5 vs 8 cancelled.');
  l10n.config({ contents: getL10nPseudoLocalized(english) as Record<string, string> });
  try {
    const announcement = finalAnnouncement(header, []);
    assert.notEqual(announcement, plain.announcement);
    assert.ok(announcement.includes('5 vs 8'), 'the placeholder is filled in the translation');
    assert.notEqual(cellKeptNote(17, 6, 0), plain.note);
  } finally {
    l10n.config({ contents: {} });
  }
});
