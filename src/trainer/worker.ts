// The trainer process: forked by the run controller, it speaks only the protocol union.
import './backend/quiet-tfjs-banner';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend/backend';
import { loadDataset } from './data/dataset';
import { trainTrial } from './train';
import { DivergenceError } from './divergence';
import { runVerifiedWalkthrough } from './backprop-autodiff';
import { isControllerMessage, type ControllerMessage, type WorkerMessage } from './protocol';
import { benefitsFromReplicas, MIN_PARALLEL_BATCH, ReplicaPool } from './parallel/pool';
import { SPARSE_MAX_DENSITY, sparseInputHelps } from './net/gradients';

function send(message: WorkerMessage): void {
  process.send?.(message);
}

let cancelled = false;
let initialised: Promise<void> | null = null;
let pool: ReplicaPool | null = null;
const fingerprints = new Set<string>();

async function handle(message: ControllerMessage): Promise<void> {
  switch (message.type) {
    case 'init':
      initialised = initBackend(message.backend, message.nativeModuleDir).then((info) => {
        // Helper threads load the same backend by name, not by preference, so all replicas agree.
        if (message.threads > 1 && benefitsFromReplicas(info.name))
          pool = new ReplicaPool(message.threads, info.name as 'wasm' | 'cpu', null);
        const threads = pool?.size ?? 1;
        const parts = [info.note];
        if (info.name === 'wasm') parts.push('Adam on plain MLPs: the whole step in WebAssembly');
        if (sparseInputHelps(info.name))
          parts.push(
            `first layer on a sparse-pixel kernel (batches ≤ ${SPARSE_MAX_DENSITY * 100} % non-zero pixels), else on a dense SIMD kernel`,
          );
        if (threads > 1)
          parts.push(
            `${threads} threads per trial from batch ${MIN_PARALLEL_BATCH} (the first layer's products split; other trials data-parallel)`,
          );
        const note = parts.join('; ');
        send({ type: 'ready', backend: info.name, backendNote: note, tfjsVersion: info.tfjsVersion, threads });
      });
      return initialised;
    case 'trial': {
      await initialised;
      const { trial } = message;
      const dataset = loadDataset(trial.data.dir);
      if (!fingerprints.has(dataset.fingerprint)) {
        fingerprints.add(dataset.fingerprint);
        send({
          type: 'dataset',
          dataset: {
            name: dataset.name,
            dir: dataset.dir,
            fingerprint: dataset.fingerprint,
            trainCount: dataset.train.count,
            testCount: dataset.test.count,
          },
        });
      }
      const outcome = await trainTrial(
        dataset,
        trial,
        {
          onStart: (sizes) => send({ type: 'trialStart', trial: trial.index, sizes }),
          onProgress: (p) => send({ type: 'progress', trial: trial.index, ...p }),
          onEpoch: (record, epochs) => send({ type: 'epoch', trial: trial.index, epochs, record }),
          shouldStop: () => cancelled,
          log: (text) => send({ type: 'log', level: 'info', message: `[${trial.label}] ${text}` }),
        },
        { modelDir: message.modelDir, pool },
      );
      const helpers =
        outcome.replicaTensorsAlive.length > 0 ? ` (replica threads: ${outcome.replicaTensorsAlive.join(', ')})` : '';
      send({
        type: 'log',
        level: 'info',
        message: `[${trial.label}] tensors alive after trial: ${tf.memory().numTensors}${helpers}`,
      });
      send({ type: 'trialEnd', trial: trial.index, status: outcome.status, result: outcome.result });
      return;
    }
    case 'backprop': {
      await initialised;
      send({ type: 'backpropResult', record: runVerifiedWalkthrough(message.config) });
      return;
    }
    case 'cancel':
    case 'shutdown':
      return;
  }
}

// Commands run one after another; cancel and shutdown act immediately.
let queue: Promise<void> = Promise.resolve();
process.on('message', (raw: unknown) => {
  if (!isControllerMessage(raw)) {
    send({ type: 'log', level: 'warn', message: `ignored a malformed message: ${JSON.stringify(raw).slice(0, 200)}` });
    return;
  }
  if (raw.type === 'cancel') {
    cancelled = true;
    return;
  }
  if (raw.type === 'shutdown') {
    void queue.finally(async () => {
      await pool?.dispose();
      process.exit(0);
    });
    return;
  }
  const trialIndex = raw.type === 'trial' ? raw.trial.index : null;
  queue = queue.then(() =>
    handle(raw).catch((e: unknown) => {
      const error = e instanceof Error ? e : new Error(String(e));
      // A diverging net is an outcome of the config, not a fault in the trainer: no stack trace.
      send({
        type: 'error',
        trial: trialIndex,
        message: error.message,
        stack: error instanceof DivergenceError ? undefined : error.stack,
      });
    }),
  );
});
process.on('disconnect', () => process.exit(0));
// The controller decides when a trainer stops: Ctrl+C in a terminal or a closed terminal signals
// the whole process group, and a trainer dying on its own would turn a clean cancel into a
// failure. When the controller itself dies, the IPC channel closes and 'disconnect' ends this.
process.on('SIGINT', () => undefined);
process.on('SIGHUP', () => undefined);
