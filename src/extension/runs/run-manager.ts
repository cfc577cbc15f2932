// The extension's run queue: at most `mnistLab.maxParallelRuns` trainer processes at once, the
// rest wait in order. It is the RunSource the panels read, and it writes every run's trainer
// log and exact configuration to the "MNIST Lab" output channel.
import * as vscode from 'vscode';
import type { ResolvedExperiment } from '../../core/experiment';
import { startRun, type RunHandle } from '../../runs/controller';
import type { RunRecord } from '../../core/record';
import { readRun } from '../../runs/store';
import { LastLeanRecord, readRunWithSamplesOf } from '../../runs/lean-record';
import type { WorkerMessage } from '../../trainer/protocol';
import type { RunSource, RunUpdate } from './run-source';
import type { RunSettings } from '../settings';
import { formatNumber } from '../../core/format';

export interface RunRequest {
  file: string;
  experiment: ResolvedExperiment;
  /** The experiment file as written, kept in run.json. */
  source: unknown;
  quick: boolean;
  runsRoot: string;
}

export type QueuedRunState = 'queued' | 'active' | 'settled';

/** One request from queueing to its end; `finished` is undefined when cancelled while queued. */
export class QueuedRun {
  state: QueuedRunState = 'queued';
  handle: RunHandle | undefined;
  readonly finished: Promise<RunRecord | undefined>;
  /** Resolves when the trainer starts; stays pending for a run cancelled while queued. */
  readonly started: Promise<RunHandle>;
  private resolveFinished!: (record: RunRecord | undefined) => void;
  private rejectFinished!: (error: Error) => void;
  private resolveStarted!: (handle: RunHandle) => void;

  constructor(
    readonly id: number,
    readonly request: RunRequest,
  ) {
    this.finished = new Promise((resolve, reject) => {
      this.resolveFinished = resolve;
      this.rejectFinished = reject;
    });
    this.started = new Promise((resolve) => {
      this.resolveStarted = resolve;
    });
  }

  begin(handle: RunHandle): void {
    this.state = 'active';
    this.handle = handle;
    this.resolveStarted(handle);
  }

  settle(outcome: RunRecord | undefined | Error): void {
    this.state = 'settled';
    if (outcome instanceof Error) this.rejectFinished(outcome);
    else this.resolveFinished(outcome);
  }
}

export interface RunManagerDeps {
  trainerPath: string;
  log: vscode.LogOutputChannel;
  settings: () => RunSettings;
  /** Where "Install Native Backend" put @tensorflow/tfjs-node, if it did. */
  nativeModuleDir?: () => string | null;
}

interface ActiveRun {
  run: QueuedRun;
  handle: RunHandle;
  record: RunRecord;
}

export class RunManager implements RunSource, vscode.Disposable {
  private readonly queue: QueuedRun[] = [];
  private readonly active = new Map<string, ActiveRun>();
  private nextId = 1;
  private readonly updates = new vscode.EventEmitter<RunUpdate>();
  private readonly changes = new vscode.EventEmitter<{ file: string }>();

  readonly onDidUpdate = this.updates.event;
  /** The set of runs of `file` changed: one was queued, started, dropped or finished. */
  readonly onDidChangeRuns = this.changes.event;

  constructor(private readonly deps: RunManagerDeps) {}

  enqueue(request: RunRequest): QueuedRun {
    const run = new QueuedRun(this.nextId++, request);
    this.queue.push(run);
    this.deps.log.info(`Queued ${request.experiment.name}${request.quick ? ' (quick)' : ''} from ${request.file}`);
    this.changes.fire({ file: request.file });
    this.pump();
    return run;
  }

  /** Queued requests of one experiment file (all when undefined), in queue order, with their 1-based position. */
  queuedFor(file: string | undefined): { run: QueuedRun; position: number }[] {
    return this.queue
      .map((run, i) => ({ run, position: i + 1 }))
      .filter((q) => file === undefined || q.run.request.file === file);
  }

  queuePosition(run: QueuedRun): number {
    return this.queue.indexOf(run) + 1;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  activeRuns(): { runDir: string; record: RunRecord; run: QueuedRun }[] {
    return [...this.active.entries()].map(([runDir, a]) => ({ runDir, record: a.record, run: a.run }));
  }

  private readonly lastLean = new LastLeanRecord();

  async read(runDir: string): Promise<RunRecord> {
    return this.active.get(runDir)?.record ?? readRun(runDir);
  }

  async readWithoutSamples(runDir: string): Promise<RunRecord> {
    // A live record is in memory already; copying it without its images would only cost more.
    return this.active.get(runDir)?.record ?? this.lastLean.read(runDir);
  }

  async readWithSamplesOf(runDir: string, position: number): Promise<RunRecord> {
    return this.active.get(runDir)?.record ?? readRunWithSamplesOf(runDir, position);
  }

  isActive(runDir: string): boolean {
    return this.active.has(runDir);
  }

  stop(runDir: string): void {
    const entry = this.active.get(runDir);
    if (!entry) return;
    this.deps.log.info(`Stopping run ${entry.record.id}`);
    entry.handle.cancel();
  }

  cancel(run: QueuedRun): void {
    if (run.state === 'active' && run.handle) return this.stop(run.handle.runDir);
    const index = this.queue.indexOf(run);
    if (index < 0) return;
    this.queue.splice(index, 1);
    this.deps.log.info(`Removed ${run.request.experiment.name} from the queue before it started`);
    run.settle(undefined);
    this.changes.fire({ file: run.request.file });
  }

  /** Starts queued runs while there is room: when a run is queued or ends, or the limit rises. */
  pump(): void {
    while (this.queue.length > 0 && this.active.size < this.deps.settings().maxParallelRuns) {
      this.start(this.queue.shift()!);
    }
  }

  private start(run: QueuedRun): void {
    const { request } = run;
    const settings = this.deps.settings();
    const log = this.deps.log;
    let handle: RunHandle;
    try {
      handle = startRun(request.experiment, request.source, {
        runsRoot: request.runsRoot,
        trainerPath: this.deps.trainerPath,
        quick: request.quick,
        backend: settings.backend,
        workers: settings.sweepWorkers,
        threads: settings.trainerThreads,
        nativeModuleDir: this.deps.nativeModuleDir?.() ?? null,
      });
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      log.error(`Could not start ${request.file}: ${error.stack ?? error.message}`);
      run.settle(error);
      this.changes.fire({ file: request.file });
      return;
    }
    run.begin(handle);
    const entry: ActiveRun = { run, handle, record: handle.record };
    this.active.set(handle.runDir, entry);
    log.info(
      `Run ${handle.runId} started in ${handle.runDir} (backend preference ${settings.backend}, sweep workers ${settings.sweepWorkers ?? 'one per core'}, trainer threads ${settings.trainerThreads})`,
    );
    log.info(`Exact configuration of run ${handle.runId}:\n${JSON.stringify(request.experiment, null, 2)}`);

    const unsubscribe = handle.onUpdate((record, message) => {
      entry.record = record;
      if (message) logWorkerMessage(log, handle.runId, message);
      this.updates.fire({
        runDir: handle.runDir,
        record,
        progress: message?.type === 'progress' ? message : undefined,
      });
    });
    this.changes.fire({ file: request.file });

    handle.done
      .then(
        (record) => record,
        // The controller records failures itself; a rejection is a bug there, and the run
        // still has to leave the queue so the next one can start.
        (e: unknown): RunRecord => {
          const message = e instanceof Error ? e.message : String(e);
          log.error(`Run ${handle.runId} ended abnormally: ${message}`);
          return { ...entry.record, status: 'failed', error: entry.record.error ?? message };
        },
      )
      .then((record) => {
        unsubscribe();
        entry.record = record;
        this.active.delete(handle.runDir);
        log.info(`Run ${handle.runId} ${record.status}${record.error ? `: ${record.error}` : ''}`);
        run.settle(record);
        this.updates.fire({ runDir: handle.runDir, record });
        this.changes.fire({ file: request.file });
        this.pump();
      });
  }

  dispose(): void {
    // Queued runs die with the window; active trainer processes must not outlive it, and the
    // host may be gone before a graceful cancel completes, so each record is settled now.
    for (const run of [...this.queue]) this.cancel(run);
    for (const { handle } of this.active.values())
      handle.interrupt('cancelled: VS Code closed the window while the run was training');
    this.updates.dispose();
    this.changes.dispose();
  }
}

function logWorkerMessage(log: vscode.LogOutputChannel, runId: string, message: WorkerMessage): void {
  const prefix = `[${runId}]`;
  switch (message.type) {
    case 'log':
      log[message.level](`${prefix} ${message.message}`);
      break;
    case 'error':
      log.error(
        `${prefix} ${message.trial === null ? '' : `trial ${message.trial + 1}: `}${message.stack ?? message.message}`,
      );
      break;
    case 'ready':
      log.info(`${prefix} backend ${message.backend} (${message.backendNote}), tfjs ${message.tfjsVersion}`);
      break;
    case 'dataset':
      log.info(
        `${prefix} dataset ${message.dataset.name} from ${message.dataset.dir} (sha256 ${message.dataset.fingerprint})`,
      );
      break;
    case 'trialStart':
      log.info(
        `${prefix} trial ${message.trial + 1}: ${message.sizes.train} train, ${message.sizes.validation} validation, ${message.sizes.test} test samples`,
      );
      break;
    case 'epoch': {
      const r = message.record;
      // Values crossed a process boundary as JSON, where NaN arrives as null: format, never call methods on them.
      const val =
        r.valLoss === null ? '' : `, val loss ${formatNumber(r.valLoss)}, val acc ${formatNumber(r.valAccuracy)}`;
      log.info(
        `${prefix} trial ${message.trial + 1} epoch ${r.epoch}/${message.epochs}: loss ${formatNumber(r.loss)}, acc ${formatNumber(r.accuracy)}${val} (${formatNumber(r.seconds, 1)} s)`,
      );
      break;
    }
    case 'trialEnd':
      log.info(
        `${prefix} trial ${message.trial + 1} ${message.status}${message.result ? `: test acc ${formatNumber(message.result.testAccuracy)}, test loss ${formatNumber(message.result.testLoss)}` : ''}`,
      );
      break;
    case 'backpropResult':
      log.info(`${prefix} backprop walkthrough finished`);
      break;
    case 'progress':
      break; // within-epoch progress goes to the notification, not the log
  }
}
