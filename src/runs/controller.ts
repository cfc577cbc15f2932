// Runs one experiment: forks trainer workers, feeds them trials, folds their events into the
// run record and keeps run.json current. Shared by the extension and the CLI; no vscode here.
import { fork, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResolvedExperiment, ResolvedTrial } from '../core/experiment';
import { isWorkerMessage, type BackendPreference, type ControllerMessage, type WorkerMessage } from '../trainer/protocol';
import { RUN_FORMAT, type RunRecord, type TrialRecord } from '../core/record';
import { createRunDir, environmentInfo, writeRunAtomic } from './store';

export interface RunOptions {
  runsRoot: string;
  trainerPath: string;
  quick?: boolean;
  backend?: BackendPreference;
  /** Trainer processes for a sweep's trials (default: one per core, at most one per trial). */
  workers?: number;
  /**
   * Threads each trainer process may split a batch over (data-parallel, wasm/cpu backends,
   * batches from MIN_PARALLEL_BATCH on). Default 1: on the 2-core machines measured it did not
   * pay once the sparse input kernel made steps short (bench/README.md).
   */
  threads?: number;
  nativeModuleDir?: string | null;
  /** Overrides training.seed of every trial (recorded in each trial's config). */
  seed?: number;
  /** Grace period between a cancel request and killing the workers. */
  cancelGraceMs?: number;
}

export type RunListener = (record: RunRecord, message: WorkerMessage | null) => void;

export interface RunHandle {
  readonly runId: string;
  readonly runDir: string;
  readonly record: RunRecord;
  /** Resolves once the run is done, failed or cancelled; never rejects. */
  readonly done: Promise<RunRecord>;
  cancel(): void;
  onUpdate(listener: RunListener): () => void;
}

function trialRecord(trial: ResolvedTrial): TrialRecord {
  return { index: trial.index, label: trial.label, params: trial.params, status: 'queued', config: trial, history: [], result: null, error: null, startedAt: null, finishedAt: null };
}

export function startRun(experiment: ResolvedExperiment, source: unknown, options: RunOptions): RunHandle {
  const { runId, runDir } = createRunDir(options.runsRoot, experiment.name);
  const started = Date.now();
  const record: RunRecord = {
    format: RUN_FORMAT,
    id: runId,
    experiment: { name: experiment.name, file: experiment.file, kind: experiment.kind, description: experiment.description },
    status: 'running',
    quick: experiment.quick,
    createdAt: new Date(started).toISOString(),
    finishedAt: null,
    backend: null,
    backendNote: null,
    tfjsVersion: null,
    dataset: null,
    environment: environmentInfo(),
    source,
    sweepParameters: experiment.sweepParameters,
    trials: experiment.trials.map(trialRecord),
    backprop: null,
    error: null,
    wallSeconds: null,
  };
  writeRunAtomic(runDir, record);

  const listeners = new Set<RunListener>();
  const emit = (message: WorkerMessage | null) => {
    for (const l of listeners) l(record, message);
  };
  const persist = () => writeRunAtomic(runDir, record);
  const log = (level: 'info' | 'warn' | 'error', text: string) => emit({ type: 'log', level, message: text });

  const pending = [...experiment.trials];
  const workers = new Set<ChildProcess>();
  let cancelRequested = false;
  let killTimer: NodeJS.Timeout | null = null;
  let resolveDone!: (r: RunRecord) => void;
  const done = new Promise<RunRecord>((resolve) => (resolveDone = resolve));

  const fail = (message: string) => {
    record.error ??= message;
  };

  const finish = () => {
    if (killTimer) clearTimeout(killTimer);
    for (const t of record.trials) {
      if (t.status === 'queued' || t.status === 'running') {
        t.status = cancelRequested ? 'cancelled' : 'failed';
        t.error ??= cancelRequested ? null : 'the trainer stopped before finishing this trial';
        t.finishedAt = new Date().toISOString();
      }
    }
    const failed = record.trials.some((t) => t.status === 'failed') || (experiment.kind === 'backprop' && !record.backprop) || record.error !== null;
    record.status = cancelRequested ? 'cancelled' : failed ? 'failed' : 'done';
    if (record.status === 'failed' && !record.error) record.error = record.trials.find((t) => t.error)?.error ?? 'the run failed';
    record.finishedAt = new Date().toISOString();
    record.wallSeconds = (Date.now() - started) / 1000;
    persist();
    emit(null);
    resolveDone(record);
  };

  const spawnWorker = (): void => {
    const child = fork(options.trainerPath, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [] });
    workers.add(child);
    let current: TrialRecord | null = null;
    const send = (m: ControllerMessage) => {
      if (child.connected) child.send(m);
    };
    const next = () => {
      const trial = cancelRequested ? undefined : pending.shift();
      if (!trial) {
        send({ type: 'shutdown' });
        return;
      }
      current = record.trials[trial.index];
      current.status = 'running';
      current.startedAt = new Date().toISOString();
      const modelDir = experiment.trials.length === 1 ? path.join(runDir, 'model') : path.join(runDir, 'trials', String(trial.index), 'model');
      send({ type: 'trial', trial, modelDir });
      persist();
      emit(null);
    };
    const lines = (level: 'info' | 'warn') => (chunk: Buffer) => {
      for (const line of chunk.toString().split(/\r?\n/)) if (line.trim()) log(level, line);
    };
    child.stdout?.on('data', lines('info'));
    child.stderr?.on('data', lines('warn'));
    child.on('message', (raw: unknown) => {
      if (!isWorkerMessage(raw)) return;
      const m = raw;
      switch (m.type) {
        case 'ready':
          if (record.backend === null) {
            record.backend = m.backend;
            record.backendNote = m.backendNote;
            record.tfjsVersion = m.tfjsVersion;
          }
          if (experiment.backprop) {
            send({ type: 'backprop', config: experiment.backprop });
          } else next();
          break;
        case 'dataset':
          record.dataset ??= m.dataset;
          break;
        case 'epoch':
          record.trials[m.trial].history.push(m.record);
          persist();
          break;
        case 'trialEnd': {
          const t = record.trials[m.trial];
          t.status = m.status;
          t.result = m.result;
          t.finishedAt = new Date().toISOString();
          current = null;
          persist();
          emit(m);
          next();
          return;
        }
        case 'backpropResult':
          record.backprop = m.record;
          send({ type: 'shutdown' });
          break;
        case 'error':
          if (m.trial !== null && record.trials[m.trial]) {
            const t = record.trials[m.trial];
            t.status = 'failed';
            t.error = m.message;
            t.finishedAt = new Date().toISOString();
            current = null;
            emit(m);
            persist();
            next();
            return;
          }
          fail(m.message);
          emit(m);
          send({ type: 'shutdown' });
          return;
        default:
          break;
      }
      emit(m);
    });
    child.on('error', (e) => fail(`the trainer process failed: ${e.message}`));
    child.on('exit', (code, signal) => {
      workers.delete(child);
      if (current && current.status === 'running') {
        current.status = cancelRequested ? 'cancelled' : 'failed';
        current.error = cancelRequested ? null : `the trainer process exited unexpectedly (${signal ?? `code ${code}`}); see the log`;
        current.finishedAt = new Date().toISOString();
      }
      if (workers.size === 0) finish();
    });
    send({ type: 'init', backend: options.backend ?? 'auto', nativeModuleDir: options.nativeModuleDir ?? null, threads });
  };

  const trialCount = Math.max(1, experiment.trials.length);
  const workerCount = experiment.backprop ? 1 : Math.max(1, Math.min(options.workers ?? os.cpus().length, trialCount));
  const threads = experiment.backprop ? 1 : Math.max(1, Math.floor(options.threads ?? 1));
  if (experiment.kind === 'backprop' && !experiment.backprop) {
    fail('a backprop experiment needs a "backprop" section');
    queueMicrotask(finish);
  } else {
    for (let i = 0; i < workerCount; i++) spawnWorker();
  }

  return {
    runId,
    runDir,
    record,
    done,
    cancel() {
      if (cancelRequested || record.status !== 'running') return;
      cancelRequested = true;
      for (const t of record.trials) if (t.status === 'queued') t.status = 'cancelled';
      for (const w of workers) if (w.connected) w.send({ type: 'cancel' } satisfies ControllerMessage);
      killTimer = setTimeout(() => {
        for (const w of workers) w.kill('SIGKILL');
      }, options.cancelGraceMs ?? 5000);
      persist();
      emit(null);
    },
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
