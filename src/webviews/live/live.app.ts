// Live training panel: header (experiment, backend, epoch x of y, samples/s, elapsed, ETA,
// Stop), within-epoch progress, loss/accuracy curves appended per epoch, and for sweeps a
// trial list. The host sends the whole history once after "ready" (so reopening shows
// everything so far), then only increments.
import { inNextFrame } from '../shared/next-frame';
import * as l10n from '@vscode/l10n';
import type { EpochRecord } from '../../core/record';
import { clear, fact, h, root, showError } from '../shared/dom';
import type { RunHeader, TrialSummary } from '../../extension/panels/shared/contract';
import {
  isLiveHostMessage,
  type LiveHostMessage,
  type LiveInitMessage,
  type LiveStatusMessage,
  type ProgressEvent,
} from '../../extension/panels/live/contract';
import { bestEpoch } from '../../core/best';
import { estimateEtaSeconds } from '../../core/eta';
import { formatDuration, formatNumber, formatPercent } from '../../core/format';
import { TrainingCurves } from '../shared/curves';
import { GradientFlow } from '../shared/gradient-flow';
import { onRetheme } from '../shared/charts';
import { post, saveState, saveUi, uiState } from '../shared/vscode-api';
import { start } from '../shared/vscode-api';
import { liveRegion } from '../shared/announcer';
import { rowNavigation } from '../shared/focus';
import { progressAnnouncement, finalAnnouncement } from './announcements';

let header: RunHeader | undefined;
let trials: TrialSummary[] = [];
let active = false;
let progress: ProgressEvent | null = null;
/** Host-measured elapsed seconds and the local time it arrived, to tick without clock skew. */
let elapsedAt = { seconds: 0, at: 0 };
/** "follow" shows whichever trial is running; a number pins one trial. */
let selected: 'follow' | number = uiState<'follow' | number>('selected', 'follow');
let shownTrial = -1;
let stopping = false;

let curves: TrainingCurves | undefined;
let flow: GradientFlow | undefined;
const els: Record<string, HTMLElement> = {};
// Outside #app, so rebuilding the page never drops an announcement being read.
const live = liveRegion('live-announcer');
document.body.append(live.element);

/** A trial a stopped run never started: it has nothing to show. */
function notRun(t: TrialSummary): boolean {
  return t.status === 'cancelled' && t.startedAt === null && t.history.length === 0;
}

function currentTrial(): TrialSummary | undefined {
  return (
    trials.find((t) => t.status === 'running') ??
    [...trials].reverse().find((t) => t.history.length > 0 || (t.status !== 'queued' && !notRun(t))) ??
    trials[0]
  );
}

function trialStatusText(t: TrialSummary): string {
  if (notRun(t)) return l10n.t('not run');
  if (t.status === 'cancelled') return l10n.t('stopped at epoch {0}', t.history.length);
  return t.status;
}

/** "Cancelled: 2 of 16 trials trained (stopped mid-way), 14 not run." */
function endText(): string {
  const h = header!;
  const at = h.finishedAt ? new Date(h.finishedAt).toLocaleString() : null;
  if (h.status !== 'cancelled') return at ? l10n.t('Run {0} at {1}', h.status, at) : l10n.t('Run {0}', h.status);
  if (trials.length <= 1) {
    const epochs = trials[0]?.history.length ?? 0;
    return at
      ? l10n.t('Run cancelled at {0}, after {1} epoch(s); the epochs trained are kept.', at, epochs)
      : l10n.t('Run cancelled, after {0} epoch(s); the epochs trained are kept.', epochs);
  }
  const ran = trials.filter((t) => !notRun(t)).length;
  const skipped = trials.length - ran;
  if (at)
    return skipped > 0
      ? l10n.t(
          'Sweep cancelled at {0}: {1} of {2} trials trained, {3} not run. What trained is kept.',
          at,
          ran,
          trials.length,
          skipped,
        )
      : l10n.t('Sweep cancelled at {0}: {1} of {2} trials trained. What trained is kept.', at, ran, trials.length);
  return skipped > 0
    ? l10n.t(
        'Sweep cancelled: {0} of {1} trials trained, {2} not run. What trained is kept.',
        ran,
        trials.length,
        skipped,
      )
    : l10n.t('Sweep cancelled: {0} of {1} trials trained. What trained is kept.', ran, trials.length);
}

function displayedTrial(): TrialSummary | undefined {
  if (selected !== 'follow') return trials[selected] ?? currentTrial();
  return currentTrial();
}

function elapsedSeconds(): number {
  if (!active && header?.wallSeconds !== null && header?.wallSeconds !== undefined) return header.wallSeconds;
  return elapsedAt.seconds + (active ? (performance.now() - elapsedAt.at) / 1000 : 0);
}

function etaSeconds(): number | null {
  const cur = currentTrial();
  if (!active || !cur) return active ? null : 0;
  const epochSeconds = trials.flatMap((t) => t.history.map((e) => e.seconds));
  const inCurrent = progress && progress.trial === cur.index && progress.epoch === cur.history.length + 1;
  return estimateEtaSeconds({
    epochSeconds,
    currentEpochFraction: inCurrent && progress ? progress.batch / Math.max(1, progress.batches) : 0,
    epochsLeftInTrial: Math.max(0, cur.epochs - cur.history.length - 1),
    laterTrialEpochs: trials.filter((t) => t.status === 'queued' && t.index !== cur.index).map((t) => t.epochs),
    // Their progress within the current epoch is not tracked here: count half an epoch.
    otherRunningEpochs: trials
      .filter((t) => t.status === 'running' && t.index !== cur.index)
      .map((t) => t.epochs - t.history.length - 0.5),
  });
}

function build(): void {
  const app = root();
  clear(app);
  els.title = h('h1', {}, '');
  els.subtitle = h('div', { class: 'muted' }, '');
  els.facts = h('div', { class: 'facts', id: 'facts' });
  els.stop = h('button', { class: 'danger', id: 'stop', onclick: onStop }, l10n.t('Stop'));
  els.open = h('button', { id: 'open-results', onclick: () => post({ type: 'openResults' }) }, l10n.t('Open results'));
  els.exportBtn = h(
    'button',
    { class: 'secondary', id: 'export', onclick: () => post({ type: 'exportRun' }) },
    l10n.t('Export CSV/JSON'),
  );
  els.status = h('span', { class: 'badge', id: 'status' }, '');
  els.epochProgress = h('progress', {
    id: 'epoch-progress',
    max: 1,
    value: 0,
    'aria-label': l10n.t('Progress within the epoch'),
  });
  els.runProgress = h('progress', {
    id: 'run-progress',
    max: 1,
    value: 0,
    'aria-label': l10n.t('Progress of the run'),
  });
  els.progressText = h('div', { class: 'muted', id: 'progress-text' }, '');
  els.trialSelect = h('select', { id: 'trial-select', 'aria-label': l10n.t('Trial shown in the charts') });
  els.trialSelect.addEventListener('change', () => {
    const v = (els.trialSelect as HTMLSelectElement).value;
    selectTrial(v === 'follow' ? 'follow' : Number(v));
  });
  els.runError = h('div', { class: 'error', role: 'alert', hidden: true });
  factEls.clear();
  rowEls = [];
  els.trialsTable = h('tbody', {});
  els.trialsBox = h(
    'section',
    { class: 'card', id: 'trials' },
    h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, l10n.t('Trials')), els.trialSelect),
    h(
      'div',
      { class: 'scroll-x' },
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, '#'),
            h('th', { class: 'text' }, l10n.t('trial')),
            h('th', { class: 'text' }, l10n.t('status')),
            h('th', {}, l10n.t('epochs')),
            h('th', {}, l10n.t('best val acc')),
            h('th', {}, l10n.t('test acc')),
          ),
        ),
        els.trialsTable,
      ),
    ),
  );
  curves = new TrainingCurves(`${header?.id ?? 'run'}-live`, true);
  app.append(
    h(
      'header',
      { class: 'header' },
      h('div', { class: 'title' }, els.title, els.subtitle),
      h('div', { class: 'toolbar' }, els.status, els.stop, els.open, els.exportBtn),
    ),
    els.facts,
    els.runError,
    h(
      'div',
      { class: 'progress-block' },
      els.progressText,
      h('label', { class: 'bar' }, h('span', { class: 'muted' }, l10n.t('this epoch')), els.epochProgress),
      h('label', { class: 'bar' }, h('span', { class: 'muted' }, l10n.t('whole run')), els.runProgress),
    ),
    (els.chartsTitle = h('h2', { id: 'charts-title' }, '')),
    curves.element,
    (els.flowSlot = h('div', { id: 'dynamics-slot' })),
    els.trialsBox,
  );
}

function onStop(): void {
  stopping = true;
  post({ type: 'stop' });
  renderHeader();
}

/** Fact elements by id, created once per init and then only their text changes. */
const factEls = new Map<string, HTMLElement>();
function setFact(id: string, label: string, value: string, visible = true): void {
  let el = factEls.get(id);
  if (!el) {
    el = fact(label, value, id);
    factEls.set(id, el);
    els.facts.append(el);
  }
  const v = el.lastElementChild as HTMLElement;
  if (v.textContent !== value) v.textContent = value;
  el.hidden = !visible;
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

function renderHeader(): void {
  if (!header) return;
  const cur = currentTrial();
  setText(els.title, header.name);
  setText(els.subtitle, `${header.kind}${header.quick ? ' · quick run' : ''} · ${header.id}`);
  setText(els.status, stopping && active ? 'stopping…' : header.status);
  (els.stop as HTMLButtonElement).disabled = !active || stopping;
  els.open.hidden = active || !trials.some((t) => t.result);
  const epochsDone = cur ? cur.history.length : 0;
  // The epoch being trained while running (as the status bar and the tree count), else the last one done.
  const training = active && cur?.status === 'running';
  const epochNow =
    active && progress && cur && progress.trial === cur.index
      ? progress.epoch
      : training && cur
        ? Math.min(epochsDone + 1, cur.epochs)
        : epochsDone;
  const lastEpoch = cur?.history[cur.history.length - 1];
  const sps = active && progress ? progress.samplesPerSecond : lastEpoch?.samplesPerSecond;
  const shown = displayedTrial();
  const best = shown ? (shown.result?.bestEpoch ?? bestEpoch(shown.history, shown.monitor)) : null;
  const bestRec = shown?.history.find((e) => e.epoch === best);
  setFact('backend', l10n.t('Backend'), header.backend ?? '…');
  setFact('trial', l10n.t('Trial'), l10n.t('{0} of {1}', (cur?.index ?? 0) + 1, trials.length), trials.length > 1);
  setFact('epoch', l10n.t('Epoch'), cur ? l10n.t('{0} of {1}', epochNow, cur.epochs) : '–');
  setFact(
    'samples-per-second',
    l10n.t('Samples/s'),
    sps !== undefined && Number.isFinite(sps) ? Math.round(sps).toLocaleString('en-US') : '–',
  );
  setFact('elapsed', l10n.t('Elapsed'), formatDuration(elapsedSeconds()));
  setFact('eta', l10n.t('ETA'), active ? formatDuration(etaSeconds()) : '–');
  setFact(
    'best-epoch',
    l10n.t('Best epoch'),
    bestRec ? l10n.t('{0} (val acc {1})', bestRec.epoch, formatPercent(bestRec.valAccuracy ?? bestRec.accuracy)) : '–',
  );
  setText(els.runError, header.error ?? '');
  els.runError.hidden = !header.error;

  const ep = els.epochProgress as HTMLProgressElement;
  const rp = els.runProgress as HTMLProgressElement;
  const inEpoch =
    active && progress && cur && progress.trial === cur.index && progress.epoch === cur.history.length + 1;
  ep.max = inEpoch && progress ? Math.max(1, progress.batches) : 1;
  // Bars show what was trained: a stopped run does not fill up to 100 %.
  const finished = !active && header.status === 'done';
  ep.value = inEpoch && progress ? progress.batch : finished ? 1 : 0;
  const totalEpochs = trials.reduce((a, t) => a + (t.result ? t.result.epochsRun : t.epochs), 0);
  const doneEpochs = trials.reduce((a, t) => a + t.history.length, 0);
  rp.max = Math.max(1, totalEpochs);
  rp.value = finished ? rp.max : doneEpochs;
  setText(
    els.progressText,
    inEpoch && progress
      ? l10n.t(
          'Epoch {0}: batch {1} of {2} · loss {3} · accuracy {4}',
          progress.epoch,
          progress.batch,
          progress.batches,
          formatNumber(progress.loss),
          formatPercent(progress.accuracy),
        )
      : active
        ? l10n.t('Epoch {0} done; waiting for the next batch…', epochsDone)
        : endText(),
  );
}

function selectTrial(index: number | 'follow'): void {
  selected = index;
  saveUi('selected', selected);
  refreshCurves(true);
  renderTrialsTable();
  renderHeader();
}

/** One row per trial, built once; later calls only change the cells that changed. */
let rowEls: HTMLTableRowElement[] = [];
function renderTrialsTable(): void {
  els.trialsBox.hidden = trials.length <= 1;
  if (trials.length <= 1) return;
  const select = els.trialSelect as HTMLSelectElement;
  if (select.options.length !== trials.length + 1) {
    clear(select);
    select.append(h('option', { value: 'follow' }, l10n.t('Follow the running trial')));
    for (const t of trials) select.append(h('option', { value: t.index }, `${t.index + 1}. ${t.label}`));
  }
  select.value = String(selected);
  if (rowEls.length !== trials.length) {
    clear(els.trialsTable);
    rowEls = trials.map((t) => {
      const row = h(
        'tr',
        {
          class: 'clickable',
          'data-trial': t.index,
          'aria-label': l10n.t('Trial {0}: {1}. Enter shows it in the charts.', t.index + 1, t.label),
          onclick: () => selectTrial(t.index),
        },
        h('td', {}, t.index + 1),
        h('td', { class: 'text' }, t.label),
        h('td', { class: 'text' }),
        h('td', {}),
        h('td', {}),
        h('td', {}),
      );
      els.trialsTable.append(row);
      return row;
    });
    rowNavigation(els.trialsTable, (row) => selectTrial(Number(row.dataset.trial)));
  }
  const shown = displayedTrial();
  for (const t of trials) {
    const row = rowEls[t.index];
    if (!row) continue;
    const bestVal = t.history.reduce<number | null>(
      (m, e) => (e.valAccuracy !== null && (m === null || e.valAccuracy > m) ? e.valAccuracy : m),
      null,
    );
    row.classList.toggle('best', t.index === shown?.index);
    row.classList.toggle('not-run', notRun(t));
    const cells = row.cells;
    setText(cells[2], trialStatusText(t));
    setText(cells[3], `${t.history.length}/${t.epochs}`);
    setText(cells[4], formatPercent(bestVal));
    setText(cells[5], formatPercent(t.result?.testAccuracy));
  }
}

/** Header and table are redrawn at most once per animation frame, however many messages came. */
function scheduleRender(): void {
  inNextFrame(scheduleRender, () => {
    renderHeader();
    renderTrialsTable();
  });
}

function refreshCurves(force: boolean): void {
  const t = displayedTrial();
  if (!curves || !t) return;
  if (!force && t.index === shownTrial) return;
  shownTrial = t.index;
  curves.setHistory(t.history, t.result?.bestEpoch ?? bestEpoch(t.history, t.monitor));
  // The dynamics charts follow the same trial as the curves.
  // One chart for whichever trial is shown: a new Chart.js chart per trial switch would cost a
  // resize frame of its own, and a sweep switches trials often.
  const activations = t.layerActivations ?? [];
  if (!flow || !els.flowSlot.contains(flow.element) || !flow.hasActivations(activations)) {
    clear(els.flowSlot);
    flow = new GradientFlow(header?.id ?? 'run', activations);
    els.flowSlot.append(flow.element);
  }
  flow.setHistory(t.history);
  els.chartsTitle.textContent =
    trials.length > 1 ? l10n.t('Trial {0}: {1}', t.index + 1, t.label) : l10n.t('Training curves');
}

function onInit(m: LiveInitMessage): void {
  header = m.header;
  trials = m.trials;
  active = m.active;
  progress = m.progress;
  elapsedAt = { seconds: m.elapsedSeconds, at: performance.now() };
  saveState({ kind: 'live', runDir: m.header.runDir });
  build();
  shownTrial = -1;
  refreshCurves(true);
  renderTrialsTable();
  renderHeader();
  // A panel opened (or reloaded) mid-run gets the epochs so far in this message, not one by
  // one: say where the run is, as an epoch arriving would.
  const running = active ? displayedTrial() : undefined;
  if (running && running.history.length > 0) live.announcer.say(progressAnnouncement(running, trials.length));
}

function onEpoch(trial: number, record: EpochRecord): void {
  const t = trials[trial];
  if (!t) return;
  // Already have it (a duplicate after a re-sent init): histories only grow at the end.
  const last = t.history[t.history.length - 1];
  if (last && last.epoch >= record.epoch) return;
  t.history.push(record);
  if (t.status === 'queued') t.status = 'running';
  if (progress && progress.trial === trial && progress.epoch <= record.epoch) progress = null;
  const shown = displayedTrial();
  live.announcer.say(progressAnnouncement(t, trials.length));
  if (shown && shown.index === trial && shownTrial === trial) {
    curves?.appendEpoch(record, bestEpoch(t.history, t.monitor));
    flow?.appendEpoch(record);
  } else {
    refreshCurves(false);
  }
  scheduleRender();
}

function onProgress(p: ProgressEvent, elapsed: number): void {
  progress = p;
  elapsedAt = { seconds: elapsed, at: performance.now() };
  const t = trials[p.trial];
  if (t && t.status === 'queued') t.status = 'running';
  refreshCurves(false);
  if (shownTrial === p.trial)
    curves?.appendProgress(p.epoch - 1 + p.batch / Math.max(1, p.batches), p.loss, p.accuracy);
  scheduleRender();
}

function onStatus(m: LiveStatusMessage): void {
  const wasActive = active;
  header = m.header;
  active = m.active;
  if (!active) stopping = false;
  if (wasActive && !active) live.announcer.sayNow(finalAnnouncement(m.header, m.trials));
  elapsedAt = { seconds: m.elapsedSeconds, at: performance.now() };
  for (const s of m.trials) {
    const t = trials[s.index];
    if (!t) continue;
    Object.assign(t, s);
  }
  if (!active) progress = null;
  const t = displayedTrial();
  if (t && t.index === shownTrial && t.result) curves?.setHistory(t.history, t.result.bestEpoch);
  refreshCurves(false);
  scheduleRender();
}

function onMessage(m: LiveHostMessage): void {
  switch (m.type) {
    case 'liveInit':
      onInit(m);
      break;
    case 'liveEpoch':
      onEpoch(m.trial, m.record);
      break;
    case 'liveProgress':
      onProgress(m.progress, m.elapsedSeconds);
      break;
    case 'liveStatus':
      onStatus(m);
      break;
    case 'error':
      showError(m.message);
      break;
    default:
      break;
  }
}

// Elapsed and ETA tick between messages; only the header text changes.
setInterval(() => {
  if (active && header) renderHeader();
}, 1000);

onRetheme(() => flow?.render());

start(isLiveHostMessage, onMessage);
