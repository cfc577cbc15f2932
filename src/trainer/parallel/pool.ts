// The main thread's side of data-parallel training: replica threads started once per trainer
// process and reused by every trial, and the per-trial handle the training loop steps through.
import { Worker } from 'node:worker_threads';
import { threadEntry } from './thread-entry';
import type * as tf from '@tensorflow/tfjs';
import type { ResolvedTrial } from '../../core/experiment';
import type { Dataset } from '../data/dataset';
import type { Scaling } from '../data/splits';
import type { BackendPreference } from '../../core/names';
import type { StepMeasure } from '../dynamics/measure';
import { allocateSharedStep, Replica, ReplicaAborted } from './replica';
import { isFromReplicaThread, type FromReplicaThread, type ToReplicaThread } from './thread-protocol';

/**
 * Below this batch size a step is too short for the two barriers and the gradient exchange
 * to pay off. With the sparse input kernel a batch-128 step takes ~2 ms on one thread, and two
 * threads were slower; 256 broke even, 512 and 1000 gained 10–20 % (bench/README.md).
 */
export const MIN_PARALLEL_BATCH = 512;

/** Backends whose kernels run on one thread, so extra threads add cores (tfjs-node is multi-threaded already). */
export function benefitsFromReplicas(backend: string): boolean {
  return backend === 'wasm' || backend === 'cpu';
}

/** Moves a dataset's pixels into shared memory once, so threads read them without copies. */
function shareImages(dataset: Dataset): void {
  for (const part of [dataset.train, dataset.test]) {
    if (part.images.buffer instanceof SharedArrayBuffer) continue;
    const shared = new Uint8Array(new SharedArrayBuffer(part.images.byteLength));
    shared.set(part.images);
    part.images = shared;
  }
}

class Helper {
  private readonly waiting = new Map<FromReplicaThread['type'], (m: FromReplicaThread) => void>();
  private lastError: string | null = null;
  private exited: string | null = null;

  constructor(readonly worker: Worker) {
    worker.on('message', (raw: unknown) => {
      if (!isFromReplicaThread(raw)) return;
      if (raw.type === 'error') {
        this.lastError = raw.message;
        for (const resolve of [...this.waiting.values()]) resolve(raw);
        return;
      }
      this.waiting.get(raw.type)?.(raw);
    });
    worker.on('error', (e) => (this.lastError = e.message));
    worker.on('exit', (code) => {
      this.exited = `exited with code ${code}`;
      for (const resolve of [...this.waiting.values()])
        resolve({ type: 'error', message: this.lastError ?? this.exited });
    });
  }

  send(message: ToReplicaThread): void {
    this.worker.postMessage(message);
  }

  /** The next message of this type (or the thread's error, which ends any wait). */
  next<T extends FromReplicaThread['type']>(
    type: T,
  ): Promise<Extract<FromReplicaThread, { type: T }> | Extract<FromReplicaThread, { type: 'error' }>> {
    if (this.exited) return Promise.resolve({ type: 'error', message: this.lastError ?? this.exited });
    return new Promise((resolve) => {
      this.waiting.set(type, (m) => {
        this.waiting.delete(type);
        resolve(m as never);
      });
    });
  }

  get error(): string | null {
    return this.lastError;
  }
}

export class ReplicaPool {
  private helpers: Helper[] = [];
  private readonly sentDatasets = new Set<string>();
  private ready: Promise<void> | null = null;

  /**
   * A pool of `threads - 1` helper threads on the given backend (the main thread is replica 0),
   * started by the first trial that takes them: trials on the whole-step engine split its
   * products over threads of their own, and a run of only such trials never starts these.
   * `threadFile` replaces the thread's script (tests use it to make a helper fail).
   */
  constructor(
    private readonly threads: number,
    private readonly backend: BackendPreference,
    private readonly nativeModuleDir: string | null,
    private readonly threadFile?: string,
  ) {}

  private start(): Promise<void> {
    const entry = threadEntry('replica-thread.ts', 'replica.js', this.threadFile);
    this.helpers = Array.from(
      { length: Math.max(0, this.threads - 1) },
      () => new Helper(new Worker(entry.file, { eval: entry.eval })),
    );
    const ready = Promise.all(
      this.helpers.map(async (h) => {
        const reply = h.next('ready');
        h.send({ type: 'init', backend: this.backend, nativeModuleDir: this.nativeModuleDir });
        const m = await reply;
        if (m.type === 'error') throw new Error(`a replica thread failed to start: ${m.message}`);
      }),
    ).then(() => undefined);
    // Surfaced by beginTrial; do not crash the process on an unobserved rejection meanwhile.
    ready.catch(() => undefined);
    return ready;
  }

  /** Replicas per trial: the helper threads and the main thread. */
  get size(): number {
    return Math.max(1, this.threads);
  }

  async beginTrial(
    dataset: Dataset,
    trial: ResolvedTrial,
    scaling: Scaling,
    sparseInput: boolean,
  ): Promise<ParallelTrial> {
    await (this.ready ??= this.start());
    shareImages(dataset);
    for (const h of this.helpers) if (!this.sentDatasets.has(dataset.fingerprint)) h.send({ type: 'dataset', dataset });
    this.sentDatasets.add(dataset.fingerprint);
    const inputs = dataset.rows * dataset.cols;
    let parameters = 0;
    let previous = inputs;
    for (const units of [...trial.model.hidden.map((l) => l.units), trial.model.outputUnits]) {
      parameters += previous * units + units;
      previous = units;
    }
    const shared = allocateSharedStep(this.size, parameters, trial.training.batchSize);
    const setup = { trial, scaling, sparseInput, shared };
    const main = new Replica(0, setup, dataset);
    main.publishWeights();
    const done = this.helpers.map((h, i) => {
      const reply = h.next('trialDone');
      h.send({ type: 'trial', replica: i + 1, fingerprint: dataset.fingerprint, setup });
      return reply;
    });
    return new ParallelTrial(main, done, this.helpers);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.helpers.map((h) => h.worker.terminate()));
  }
}

/** One trial across the replicas; the training loop calls step() per batch and finish() once. */
export class ParallelTrial {
  private steps = 0;
  constructor(
    private readonly main: Replica,
    private readonly done: Promise<FromReplicaThread>[],
    private readonly helpers: Helper[],
  ) {}

  /** The main thread's copy of the model: evaluated, early-stopped and saved like a serial one. */
  get model(): tf.Sequential {
    return this.main.keras;
  }

  get sparseUse(): { sparse: number; dense: number; all: number } {
    return this.main.sparseUse;
  }

  predict(refs: ArrayLike<number>, start: number, end: number): Float32Array | null {
    return this.main.predict(refs, start, end);
  }

  firstPreActivation(refs: ArrayLike<number>, start: number, end: number): tf.Tensor2D | null {
    return this.main.firstPreActivation(refs, start, end);
  }

  get replicas(): number {
    return this.helpers.length + 1;
  }

  step(
    refs: Uint32Array,
    classes: Uint32Array,
    start: number,
    end: number,
    measure?: StepMeasure,
  ): [loss: number, hits: number] {
    const before = measure ? this.main.weightsSnapshot() : null;
    this.main.post(++this.steps, refs, classes, start, end);
    try {
      const result = this.main.step();
      if (measure && before) this.main.measureStep(before, measure);
      return result;
    } catch (e) {
      // A helper failed: its own message says why, and arrives once this thread awaits.
      if (e instanceof ReplicaAborted) throw new ReplicaFailure();
      this.main.abort();
      throw e;
    }
  }

  /**
   * Ends the trial on every thread and disposes the model; rethrows a helper's failure with
   * its message. Resolves to the tensors each helper still holds (0 unless something leaks).
   */
  async finish(): Promise<number[]> {
    this.main.end();
    const replies = await Promise.all(this.done);
    this.main.dispose();
    const alive: number[] = [];
    for (const r of replies) {
      if (r.type === 'error') throw new Error(`a replica thread failed: ${r.message}`);
      if (r.type === 'trialDone') alive.push(r.tensorsAlive);
    }
    return alive;
  }
}

/** Thrown on the main thread when a helper failed; finish() then reports the helper's message. */
export class ReplicaFailure extends Error {
  constructor() {
    super('a replica thread failed');
  }
}
