// Message guards: the host acts on what a webview sends (stops runs, opens trials, writes
// files), so malformed or hostile messages must be refused field by field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCompareHostMessage, isCompareWebviewMessage } from '../../src/extension/panels/compare/contract';
import { isLiveHostMessage, isLiveWebviewMessage } from '../../src/extension/panels/live/contract';
import { isResultsHostMessage, isResultsWebviewMessage } from '../../src/extension/panels/results/contract';
import {
  isLoadFailedMessage,
  parsePanelState,
  safeFileName,
  MAX_PNG_DATA_URL_LENGTH,
} from '../../src/extension/panels/shared/contract';
import { isSweepHostMessage, isSweepWebviewMessage } from '../../src/extension/panels/sweep/contract';

const webviewGuards = {
  results: isResultsWebviewMessage,
  live: isLiveWebviewMessage,
  sweep: isSweepWebviewMessage,
  compare: isCompareWebviewMessage,
};
/** Accepted by some panel's host (each host checks with its own guard). */
const isWebviewMessage = (m: unknown): boolean => Object.values(webviewGuards).some((guard) => guard(m));

const png = 'data:image/png;base64,iVBORw0KGgo=';

test('webview messages: the known shapes pass', () => {
  for (const m of [
    { type: 'ready' },
    { type: 'stop' },
    { type: 'openResults' },
    { type: 'exportRun' },
    { type: 'openTrial', index: 3 },
    { type: 'openTrial', index: 0, run: 1 },
    { type: 'savePng', name: 'run-loss', dataUrl: png },
  ]) {
    assert.equal(isWebviewMessage(m), true, JSON.stringify(m));
  }
});

test('webview messages: unknown types and bad fields are refused', () => {
  for (const m of [
    null,
    undefined,
    'ready',
    [],
    { type: 'deleteRun' },
    { type: 'openTrial' },
    { type: 'openTrial', index: -1 },
    { type: 'openTrial', index: 1.5 },
    { type: 'openTrial', index: '2' },
    { type: 'openTrial', index: 1, run: -3 },
    { type: 'savePng', name: '', dataUrl: png },
    { type: 'savePng', name: 'x'.repeat(121), dataUrl: png },
    { type: 'savePng', name: 'a', dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' },
    { type: 'savePng', name: 'a', dataUrl: 'data:image/png;base64,<script>' },
    { type: 'savePng', name: 'a', dataUrl: 'data:image/png;base64,' + 'A'.repeat(MAX_PNG_DATA_URL_LENGTH) },
    { type: 'savePng', name: 'a' },
  ]) {
    assert.equal(isWebviewMessage(m), false, JSON.stringify(m)?.slice(0, 80));
  }
});

test('webview messages: each panel takes only its own requests besides the common ones', () => {
  const accepting = (m: unknown): string[] =>
    Object.entries(webviewGuards).flatMap(([kind, guard]) => (guard(m) ? [kind] : []));
  assert.deepEqual(accepting({ type: 'ready' }), ['results', 'live', 'sweep', 'compare']);
  assert.deepEqual(accepting({ type: 'savePng', name: 'a', dataUrl: png }), ['results', 'live', 'sweep', 'compare']);
  assert.deepEqual(accepting({ type: 'stop' }), ['live']);
  assert.deepEqual(accepting({ type: 'openResults' }), ['live']);
  assert.deepEqual(accepting({ type: 'openTrial', index: 0, run: 1 }), ['sweep', 'compare']);
});

test('host messages: only known types reach the apps', () => {
  assert.equal(isResultsHostMessage({ type: 'results' }), true);
  assert.equal(isLiveHostMessage({ type: 'liveEpoch' }), true);
  assert.equal(isSweepHostMessage({ type: 'sweep' }), true);
  assert.equal(isCompareHostMessage({ type: 'compare' }), true);
  for (const guard of [isResultsHostMessage, isLiveHostMessage, isSweepHostMessage, isCompareHostMessage]) {
    assert.equal(guard({ type: 'error', message: 'x' }), true);
    assert.equal(guard({ type: 'ready' }), false);
    assert.equal(guard({ kind: 'results' }), false);
    assert.equal(guard(42), false);
  }
  assert.equal(isResultsHostMessage({ type: 'liveEpoch' }), false, "another panel's message");
});

test('safeFileName: never a path, never empty', () => {
  assert.equal(safeFileName('../../etc/passwd'), 'etc-passwd');
  assert.equal(safeFileName('run 1/loss'), 'run-1-loss');
  assert.equal(safeFileName('...'), 'chart');
  assert.equal(safeFileName('2026-11-25T20-21-07-570-8a09-loss'), '2026-11-25T20-21-07-570-8a09-loss');
  assert.ok(safeFileName('x'.repeat(500)).length <= 80);
});

test('panel state: serializers accept only what they can rebuild from', () => {
  assert.deepEqual(
    parsePanelState({ kind: 'results', runDir: '/r/a', trialIndex: 2, ui: { normalised: true } }, 'results'),
    {
      kind: 'results',
      runDir: '/r/a',
      trialIndex: 2,
      ui: { normalised: true },
    },
  );
  assert.equal(parsePanelState({ kind: 'results', runDir: '/r/a' }, 'sweep'), undefined, 'another panel kind');
  assert.equal(parsePanelState({ kind: 'results' }, 'results'), undefined, 'no run folder');
  assert.equal(parsePanelState({ kind: 'compare', runDir: '/r/a' }, 'compare'), undefined, 'compare needs runDirs');
  assert.deepEqual(parsePanelState({ kind: 'compare', runDirs: ['/a', '/b'] }, 'compare'), {
    kind: 'compare',
    runDirs: ['/a', '/b'],
  });
  assert.equal(parsePanelState({ kind: 'compare', runDirs: ['/a', 3] }, 'compare'), undefined);
  assert.deepEqual(
    parsePanelState({ kind: 'live', runDir: '/r', trialIndex: -1 }, 'live'),
    { kind: 'live', runDir: '/r' },
    'bad index dropped',
  );
  assert.equal(parsePanelState(null, 'live'), undefined);
});

test('a load failure from the load guard is accepted only when well-formed', () => {
  assert.ok(isLoadFailedMessage({ type: 'loadFailed', what: 'script', manual: false }));
  assert.ok(isLoadFailedMessage({ type: 'loadFailed', what: 'timeout', manual: true }));
  assert.equal(isLoadFailedMessage({ type: 'loadFailed', what: 'everything', manual: false }), false);
  assert.equal(isLoadFailedMessage({ type: 'loadFailed', what: 'script' }), false);
  assert.equal(isLoadFailedMessage({ type: 'loadFailed', what: 'script', manual: 'yes' }), false);
  assert.equal(isLoadFailedMessage(null), false);
});
