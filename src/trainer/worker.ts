// The trainer process: forked by the run controller, it speaks only the protocol union.
import './quiet-tfjs-banner';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend';
import { loadDataset } from './data/dataset';
import { trainTrial } from './train';
import { runVerifiedWalkthrough } from './backprop-autodiff';
import { isControllerMessage, type ControllerMessage, type WorkerMessage } from './protocol';

function send(message: WorkerMessage): void {
  process.send?.(message);
}

let cancelled = false;
let initialised: Promise<void> | null = null;
const fingerprints = new Set<string>();

async function handle(message: ControllerMessage): Promise<void> {
  switch (message.type) {
    case 'init':
      initialised = initBackend(message.backend, message.nativeModuleDir).then((info) => {
        send({ type: 'ready', backend: info.name, backendNote: info.note, tfjsVersion: info.tfjsVersion });
      });
      return initialised;
    case 'trial': {
      await initialised;
      const { trial } = message;
      const dataset = loadDataset(trial.data.dir);
      if (!fingerprints.has(dataset.fingerprint)) {
        fingerprints.add(dataset.fingerprint);
        send({ type: 'dataset', dataset: { name: dataset.name, dir: dataset.dir, fingerprint: dataset.fingerprint, trainCount: dataset.train.count, testCount: dataset.test.count } });
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
        message.modelDir,
      );
      send({ type: 'log', level: 'info', message: `[${trial.label}] tensors alive after trial: ${tf.memory().numTensors}` });
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
    void queue.finally(() => process.exit(0));
    return;
  }
  const trialIndex = raw.type === 'trial' ? raw.trial.index : null;
  queue = queue.then(() =>
    handle(raw).catch((e: unknown) => {
      const error = e instanceof Error ? e : new Error(String(e));
      send({ type: 'error', trial: trialIndex, message: error.message, stack: error.stack });
    }),
  );
});
process.on('disconnect', () => process.exit(0));
