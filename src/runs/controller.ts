// Runs one experiment: forks trainer workers, feeds them trials, folds their events into the
// run record and keeps run.json current. Shared by the extension and the CLI; no vscode here.
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as os from 'node:os';
import type { ResolvedExperiment, ResolvedTrial } from '../core/experiment';
import {
  isWorkerMessage,
  type BackendPreference,
  type ControllerMessage,
  type WorkerMessage,
} from '../trainer/protocol';
import { RUN_FORMAT, type RunRecord, type SweepPart, type TrialRecord } from '../core/record';
import { createRunDir, environmentInfo, modelDirOf, writeRunAtomic } from './store';
import { HEARTBEAT_MS } from '../core/liveness';
import { trialJobs, type TrialJobs } from './trial-jobs';
import { TRAINER_EXEC_ARGV } from './trainer-flags';

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
  /** How often the record is rewritten while nothing else changes, so readers can tell a dead run (tests shorten it). */
  heartbeatMs?: number;
  /** Marks the record as part of a sweep (a cluster task running some of its trials). */
  sweepPart?: SweepPart;
}

export type RunListener = (record: RunRecord, message: WorkerMessage | null) => void;

export interface RunHandle {
  readonly runId: string;
  readonly runDir: string;
  readonly record: RunRecord;
  /** Resolves once the run is done, failed or cancelled; never rejects. */
  readonly done: Promise<RunRecord>;
  cancel(): void;
  /**
   * Ends the run now, without waiting for the trainers: kills them and writes the record as
   * cancelled with `reason`. For a process about to exit (a signal, a second Ctrl+C, the
   * window closing); `done` resolves at once.
   */
  interrupt(reason: string): void;
  onUpdate(listener: RunListener): () => void;
}

function trialRecord(trial: ResolvedTrial): TrialRecord {
  return {
    index: trial.index,
    label: trial.label,
    params: trial.params,
    status: 'queued',
    config: trial,
    history: [],
    result: null,
    error: null,
    startedAt: null,
    finishedAt: null,
  };
}

export function startRun(experiment: ResolvedExperiment, source: unknown, options: RunOptions): RunHandle {
  const { runId, runDir } = createRunDir(options.runsRoot, experiment.name);
  const started = Date.now();
  const record: RunRecord = {
    format: RUN_FORMAT,
    id: runId,
    experiment: {
      name: experiment.name,
      file: experiment.file,
      kind: experiment.kind,
      description: experiment.description,
    },
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
    owner: { pid: process.pid, host: os.hostname() },
    heartbeatAt: new Date(started).toISOString(),
    ...(options.sweepPart ? { sweepPart: options.sweepPart } : {}),
  };
  let jobs: TrialJobs;
  try {
    jobs = trialJobs(experiment, record);
    writeRunAtomic(runDir, record);
  } catch (e) {
    // The folder was made a moment ago and holds nothing of the user's: no half-made run is left behind.
    rmSync(runDir, { recursive: true, force: true });
    throw e;
  }

  const listeners = new Set<RunListener>();
  // A listener is someone else's code (a panel, the log, the CLI printer): its failure is
  // reported but must never keep the run from reaching its end.
  const emit = (message: WorkerMessage | null) => {
    for (const l of listeners) {
      try {
        l(record, message);
      } catch (e) {
        reportInternal(`a run listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };
  const reportedInternal = new Set<string>();
  const reportInternal = (text: string) => {
    if (reportedInternal.has(text)) return;
    reportedInternal.add(text);
    try {
      console.error(`[mnist-lab] run ${runId}: ${text}`);
    } catch {
      // stderr itself may be gone (a closed terminal); nothing left to tell.
    }
  };
  let writeFailed = false;
  /** Writes run.json; a failed write ends the run (failed, with the path and cause) and keeps the last good record on disk. */
  const persist = (): boolean => {
    if (writeFailed) return false;
    record.heartbeatAt = new Date().toISOString();
    try {
      writeRunAtomic(runDir, record);
      return true;
    } catch (e) {
      writeFailed = true;
      abort(e instanceof Error ? e.message : String(e));
      return false;
    }
  };
  const log = (level: 'info' | 'warn' | 'error', text: string) => emit({ type: 'log', level, message: text });
  // By index, not position: a cluster task runs a subset of a sweep's trials under their own indices.
  const trialAt = (index: number): TrialRecord | undefined => record.trials.find((t) => t.index === index);

  const workers = new Set<ChildProcess>();
  /** Workers with nothing to do until a running trial's result decides a promotion. */
  const idle = new Map<ChildProcess, () => void>();
  const wakeIdle = () => {
    for (const [child, wake] of [...idle]) {
      idle.delete(child);
      wake();
    }
  };
  let cancelRequested = false;
  let aborted = false;
  let settled = false;
  let killTimer: NodeJS.Timeout | null = null;
  const heartbeat = setInterval(() => persist(), options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  let resolveDone!: (r: RunRecord) => void;
  const done = new Promise<RunRecord>((resolve) => (resolveDone = resolve));

  const fail = (message: string) => {
    record.error ??= message;
  };

  /** Something the run cannot go on without broke (a write, a bug in event handling): fail it now. */
  function abort(message: string): void {
    fail(message);
    if (aborted || settled) return;
    aborted = true;
    jobs.clear();
    for (const t of record.trials) {
      if (t.status === 'queued' || t.status === 'running') {
        t.status = 'failed';
        t.error ??= message;
        t.finishedAt = new Date().toISOString();
      }
    }
    for (const w of workers) w.kill('SIGKILL');
    if (workers.size === 0) queueMicrotask(finish);
  }

  function finish(): void {
    if (settled) return;
    settled = true;
    if (killTimer) clearTimeout(killTimer);
    clearInterval(heartbeat);
    for (const t of record.trials) {
      if (t.status === 'queued' || t.status === 'running') {
        t.status = cancelRequested ? 'cancelled' : 'failed';
        t.error ??= cancelRequested ? null : 'the trainer stopped before finishing this trial';
        t.finishedAt = new Date().toISOString();
      }
    }
    const failed =
      record.trials.some((t) => t.status === 'failed') ||
      (experiment.kind === 'backprop' && !record.backprop) ||
      record.error !== null;
    record.status = cancelRequested ? 'cancelled' : failed ? 'failed' : 'done';
    if (record.status === 'failed' && !record.error)
      record.error = record.trials.find((t) => t.error)?.error ?? 'the run failed';
    record.finishedAt = new Date().toISOString();
    record.wallSeconds = (Date.now() - started) / 1000;
    // Tried even after an earlier write failed: space may have been freed meanwhile. If it fails,
    // run.json keeps its last good state, readers see the run as interrupted once this process
    // is gone (src/core/liveness.ts), and the caller learns it failed and why.
    record.heartbeatAt = record.finishedAt;
    try {
      writeRunAtomic(runDir, record);
    } catch (e) {
      writeFailed = true;
      record.status = 'failed';
      record.error = e instanceof Error ? e.message : String(e);
    }
    emit(null);
    resolveDone(record);
  }

  const spawnWorker = (): void => {
    const child = fork(options.trainerPath, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [...TRAINER_EXEC_ARGV],
    });
    workers.add(child);
    let current: TrialRecord | null = null;
    const send = (m: ControllerMessage) => {
      if (child.connected) child.send(m);
    };
    const next = () => {
      const job = cancelRequested ? null : jobs.next();
      if (job === 'wait') {
        idle.set(child, next);
        return;
      }
      if (!job) {
        send({ type: 'shutdown' });
        return;
      }
      const { trial } = job;
      current = trialAt(trial.index)!;
      current.status = 'running';
      current.startedAt = new Date().toISOString();
      const modelDir = modelDirOf(runDir, trial.index, experiment.trials.length);
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
      if (settled || aborted || !isWorkerMessage(raw)) return;
      try {
        onMessage(raw);
      } catch (e) {
        abort(
          `internal error while recording the trainer's "${raw.type}" event: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    });
    const onMessage = (m: WorkerMessage): void => {
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
          trialAt(m.trial)?.history.push(m.record);
          persist();
          break;
        case 'trialEnd': {
          const t = trialAt(m.trial);
          if (!t) break;
          t.status = m.status;
          t.result = m.result;
          t.finishedAt = new Date().toISOString();
          current = null;
          jobs.ended(t);
          persist();
          emit(m);
          next();
          wakeIdle();
          return;
        }
        case 'backpropResult':
          record.backprop = m.record;
          send({ type: 'shutdown' });
          break;
        case 'error': {
          const t = m.trial !== null ? trialAt(m.trial) : undefined;
          if (t) {
            t.status = 'failed';
            t.error = m.message;
            t.finishedAt = new Date().toISOString();
            current = null;
            jobs.ended(t);
            emit(m);
            persist();
            next();
            wakeIdle();
            return;
          }
          fail(m.message);
          emit(m);
          send({ type: 'shutdown' });
          return;
        }
        default:
          break;
      }
      emit(m);
    };
    child.on('error', (e) => fail(`the trainer process failed: ${e.message}`));
    child.on('exit', (code, signal) => {
      workers.delete(child);
      idle.delete(child);
      if (current && current.status === 'running') {
        current.status = cancelRequested ? 'cancelled' : 'failed';
        current.error = cancelRequested
          ? null
          : `the trainer process exited unexpectedly (${signal ?? `code ${code}`}); see the log`;
        current.finishedAt = new Date().toISOString();
        // Workers waiting on this trial's result for a promotion must learn it will not come.
        jobs.ended(current);
        if (!settled && !aborted) wakeIdle();
      }
      if (workers.size === 0) finish();
    });
    send({
      type: 'init',
      backend: options.backend ?? 'auto',
      nativeModuleDir: options.nativeModuleDir ?? null,
      threads,
    });
  };

  const trialCount = Math.max(1, experiment.trials.length);
  const workerCount = experiment.backprop ? 1 : Math.max(1, Math.min(options.workers ?? os.cpus().length, trialCount));
  const threads = experiment.backprop ? 1 : Math.max(1, Math.floor(options.threads ?? 1));
  if (experiment.kind === 'backprop' && !experiment.backprop) {
    fail('a backprop experiment needs a "backprop" section');
    queueMicrotask(finish);
  } else {
    try {
      for (let i = 0; i < workerCount; i++) spawnWorker();
    } catch (e) {
      abort(`cannot start the trainer process: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  return {
    runId,
    runDir,
    record,
    done,
    cancel() {
      if (cancelRequested || settled || record.status !== 'running') return;
      cancelRequested = true;
      jobs.clear();
      for (const t of record.trials) if (t.status === 'queued') t.status = 'cancelled';
      wakeIdle();
      for (const w of workers) if (w.connected) w.send({ type: 'cancel' } satisfies ControllerMessage);
      killTimer = setTimeout(() => {
        for (const w of workers) w.kill('SIGKILL');
      }, options.cancelGraceMs ?? 5000);
      persist();
      emit(null);
    },
    interrupt(reason) {
      if (settled) return;
      if (!aborted) {
        cancelRequested = true;
        fail(reason);
      }
      jobs.clear();
      for (const w of workers) w.kill('SIGKILL');
      finish();
    },
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
