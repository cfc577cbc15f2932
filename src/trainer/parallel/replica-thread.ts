// Entry of a replica thread inside a trainer process: its own tfjs backend (wasm instances are
// per thread), the process's dataset through shared memory, and one Replica per trial.
import '../backend/quiet-tfjs-banner';
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/backend';
import type { Dataset } from '../data/dataset';
import { abortShared, END, Replica, ReplicaAborted } from './replica';
import { isToReplicaThread, type FromReplicaThread, type ToReplicaThread } from './thread-protocol';

const port = parentPort;
if (!port) throw new Error('replica-thread.ts runs only as a worker thread');

const send = (message: FromReplicaThread) => port.postMessage(message);
const datasets = new Map<string, Dataset>();
let initialised: Promise<unknown> = Promise.resolve();

async function handle(message: ToReplicaThread): Promise<void> {
  switch (message.type) {
    case 'init':
      initialised = initBackend(message.backend, message.nativeModuleDir);
      send({ type: 'ready', backend: ((await initialised) as { name: string }).name });
      return;
    case 'dataset':
      datasets.set(message.dataset.fingerprint, message.dataset);
      return;
    case 'trial': {
      await initialised;
      const dataset = datasets.get(message.fingerprint);
      if (!dataset)
        throw new Error(`replica ${message.replica}: dataset ${message.fingerprint.slice(0, 12)} was never sent`);
      let replica: Replica | null = null;
      try {
        replica = new Replica(message.replica, message.setup, dataset);
        replica.loadWeights();
        // Blocking waits are fine here: this thread has nothing else to do during a trial.
        for (let step = 0; (step = replica.awaitStep(step)) !== END;) replica.step();
      } catch (e) {
        // Aborted by another replica: that one reports why; this one just ends its trial.
        if (!(e instanceof ReplicaAborted)) {
          abortShared(message.setup.shared);
          throw e;
        }
      } finally {
        replica?.dispose();
      }
      send({ type: 'trialDone', replica: message.replica, tensorsAlive: tf.memory().numTensors });
      return;
    }
  }
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (raw: unknown) => {
  if (!isToReplicaThread(raw)) {
    send({
      type: 'error',
      message: `replica thread: ignored a malformed message ${JSON.stringify(raw).slice(0, 120)}`,
    });
    return;
  }
  queue = queue.then(() =>
    handle(raw).catch((e: unknown) => send({ type: 'error', message: e instanceof Error ? e.message : String(e) })),
  );
});
