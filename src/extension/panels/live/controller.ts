// Live training panel controller. Listens to the run source for its run only and forwards
// increments: each finished epoch once, throttled within-epoch progress, and status changes.
// Closing the panel only unsubscribes; the run goes on. A new "ready" (first load, reload,
// shown again) gets the whole history so far.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { RunRecord } from '../../../core/record';
import { ResultPanel, type PanelDeps } from '../shared/result-panel';
import { runHeader, resultSummary, trialSummary } from '../shared/summaries';
import { liveTitle } from '../shared/titles';
import {
  isLiveWebviewMessage,
  type LiveHostMessage,
  type LiveWebviewMessage,
  type OpenResultsMessage,
  type ProgressEvent,
  type StopMessage,
} from './contract';

/** At most this many progress messages per second reach the webview. */
const PROGRESS_INTERVAL_MS = 150;

export function elapsedSeconds(record: RunRecord, active: boolean, now = Date.now()): number {
  if (!active && record.wallSeconds !== null) return record.wallSeconds;
  const started = Date.parse(record.createdAt);
  return Number.isFinite(started) ? Math.max(0, (now - started) / 1000) : 0;
}

export class LivePanel extends ResultPanel<LiveHostMessage, LiveWebviewMessage> {
  /** Epochs already sent per trial; a new epoch is one past this count. */
  private sent: number[] = [];
  private lastStatus = '';
  private pendingProgress: ProgressEvent | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private lastProgressAt = 0;

  constructor(
    panel: vscode.WebviewPanel,
    deps: PanelDeps,
    readonly runDir: string,
  ) {
    super('live', panel, deps, isLiveWebviewMessage);
    this.disposables.push(
      deps.runs.onDidUpdate((u) => {
        if (path.resolve(u.runDir) !== path.resolve(runDir)) return;
        if (u.progress) this.queueProgress(u.progress);
        else this.onRecord(u.record);
      }),
      { dispose: () => this.progressTimer && clearTimeout(this.progressTimer) },
    );
  }

  protected exportRunDir(): string {
    return this.runDir;
  }

  protected async sendInitial(): Promise<void> {
    const record = await this.deps.runs.read(this.runDir);
    const active = this.deps.runs.isActive(this.runDir);
    if (this.handOver(record, active)) return;
    this.panel.title = liveTitle(record, active);
    this.sent = record.trials.map((t) => t.history.length);
    this.lastStatus = statusKey(record, active);
    this.post({
      type: 'liveInit',
      header: runHeader(this.runDir, record),
      trials: record.trials.map((t) => trialSummary(t)),
      active,
      elapsedSeconds: elapsedSeconds(record, active),
      progress: this.pendingProgress ?? null,
    });
  }

  protected override handle(m: StopMessage | OpenResultsMessage): void {
    if (m.type === 'stop') this.deps.runs.stop(this.runDir);
    else if (m.type === 'openResults') this.deps.open.results(this.runDir);
  }

  /** A run that finished well is shown by its results panel, in this very tab. */
  private handOver(record: RunRecord, active: boolean): boolean {
    if (active || record.status !== 'done' || this.disposed) return false;
    this.deps.open.finished(this.runDir);
    return true;
  }

  private onRecord(record: RunRecord): void {
    const active = this.deps.runs.isActive(this.runDir);
    if (this.handOver(record, active) || !this.ready) return;
    record.trials.forEach((t, i) => {
      for (let e = this.sent[i] ?? 0; e < t.history.length; e++)
        this.post({ type: 'liveEpoch', trial: i, record: t.history[e] });
      this.sent[i] = t.history.length;
    });
    const key = statusKey(record, active);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.post({
      type: 'liveStatus',
      header: runHeader(this.runDir, record),
      active,
      elapsedSeconds: elapsedSeconds(record, active),
      trials: record.trials.map((t) => ({
        index: t.index,
        status: t.status,
        result: resultSummary(t),
        error: t.error,
        startedAt: t.startedAt,
        finishedAt: t.finishedAt,
      })),
    });
    this.panel.title = liveTitle(record, active);
  }

  /** Keeps the newest reading and sends it at most every PROGRESS_INTERVAL_MS. */
  private queueProgress(p: ProgressEvent): void {
    this.pendingProgress = p;
    if (this.progressTimer) return;
    const wait = Math.max(0, this.lastProgressAt + PROGRESS_INTERVAL_MS - Date.now());
    this.progressTimer = setTimeout(() => {
      this.progressTimer = undefined;
      this.lastProgressAt = Date.now();
      const latest = this.pendingProgress;
      if (!latest || !this.ready) return;
      void this.deps.runs.read(this.runDir).then((record) => {
        this.post({ type: 'liveProgress', progress: latest, elapsedSeconds: elapsedSeconds(record, true) });
      });
    }, wait);
  }
}

/** Changes when anything a status message carries changes. */
function statusKey(record: RunRecord, active: boolean): string {
  return JSON.stringify([
    active,
    record.status,
    record.backend,
    record.error,
    record.trials.map((t) => [t.status, t.result?.testAccuracy ?? null, t.error]),
  ]);
}
