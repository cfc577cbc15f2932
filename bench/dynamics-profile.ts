// Where recording the training dynamics spends its time, part by part, on each bench net: the
// training step with and without a measure, and the end-of-epoch probe split into its forward
// pass, its statistics, the weight norms and the record's serialisation; then whole epochs with
// no recording, only the measured steps, only the probe, and both, in turn in one process. A
// bundled child per net, as bench/ours.ts runs the trainer; CPU time, so the parts read as a
// share of the epoch they are added to.
// Standalone: node --import tsx bench/dynamics-profile.ts [--epochs n] [--rounds n] [--spec name]
// (Its child flag is not ours.ts's --child: that file's entry check also sees this bundle as main.)
import '../src/trainer/backend/quiet-tfjs-banner';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { activationStats, compactLayer, type LayerActivation } from '../src/core/dynamics';
import { seededRandom, shuffleInPlace } from '../src/core/random';
import { resolveExperiment } from '../src/experiments/resolve';
import { initBackend } from '../src/trainer/backend/backend';
import { loadDataset } from '../src/trainer/data/dataset';
import { prepareData } from '../src/trainer/data/splits';
import { DynamicsRecorder, layerOutputs } from '../src/trainer/dynamics/recorder';
import { inputBatch } from '../src/trainer/net/batches';
import { makeStep } from '../src/trainer/step';
import { TRAINER_EXEC_ARGV } from '../src/runs/trainer-flags';
import { bundled } from './bundle';
import { experimentFor } from './ours';
import { findSpec, median, SPECS } from './spec';

/** CPU milliseconds (user + system) since `from`. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

interface Parts {
  epochs: number;
  /** Whole epochs with recording, as train.ts runs them (loop + endEpoch). */
  epochMs: number;
  steps: number;
  measuredSteps: number;
  unmeasuredStepMs: number;
  measuredStepMs: number;
  afterStepMs: number;
  endEpochMs: number;
  /** endEpoch once more right after, on the same weights: the difference is what being first costs. */
  endEpochAgainMs: number;
  /** Paired steps on the same batch, measured and not, in alternating order. */
  pairs: number;
  pairedMeasuredMs: number;
  pairedUnmeasuredMs: number;
  forwardMs: number;
  /** The probe pass with the first layer on tfjs' dense matmul, for comparison. */
  denseForwardMs: number;
  statsMs: number;
  weightNormMs: number;
  serialiseMs: number;
  serialisedBytes: number;
  /** Median epoch CPU ms of each variant of the alternating phase. */
  alternating: Record<Variant, number>;
  rounds: number;
}

/** Epochs of the alternating phase: no recording, only the measured steps, only the probe, both. */
const VARIANTS = ['off', 'measured steps', 'probe', 'both'] as const;
type Variant = (typeof VARIANTS)[number];

async function profile(specName: string, epochs: number, rounds: number): Promise<Parts> {
  const spec = findSpec(specName);
  await initBackend('wasm');
  const dataset = loadDataset(null);
  const trial = resolveExperiment(experimentFor(spec, spec.samples), null).trials[0];
  const data = prepareData(dataset, trial.data, trial.training.seed);
  const step = await makeStep(dataset, trial, data.scaling, {});
  const recorder = new DynamicsRecorder(trial.dynamics!, trial, dataset, data.train, data.scaling);
  const acts: LayerActivation[] = [...trial.model.hidden.map((l) => l.activation), trial.model.outputActivation];
  const probeRefs = recorder.probeRefs;
  const rows = probeRefs.length;
  const probe = inputBatch(dataset, probeRefs, 0, rows, data.scaling);
  const parts: Parts = {
    epochs,
    epochMs: 0,
    steps: 0,
    measuredSteps: 0,
    unmeasuredStepMs: 0,
    measuredStepMs: 0,
    afterStepMs: 0,
    endEpochMs: 0,
    endEpochAgainMs: 0,
    pairs: 0,
    pairedMeasuredMs: 0,
    pairedUnmeasuredMs: 0,
    forwardMs: 0,
    denseForwardMs: 0,
    statsMs: 0,
    weightNormMs: 0,
    serialiseMs: 0,
    serialisedBytes: 0,
    alternating: { off: 0, 'measured steps': 0, probe: 0, both: 0 },
    rounds,
  };
  const shuffle = seededRandom(1);
  const n = data.train.refs.length;
  const order = new Uint32Array(n);
  // One untimed warm-up epoch, as the bench has.
  for (let epoch = 0; epoch <= epochs; epoch++) {
    const timed = epoch > 0;
    const add = (key: keyof Parts, ms: number) => {
      if (timed) (parts[key] as number) += ms;
    };
    for (let i = 0; i < n; i++) order[i] = i;
    shuffleInPlace(order, shuffle);
    const refs = order.map((i) => data.train.refs[i]);
    const classes = order.map((i) => data.train.classes[i]);
    const batches = Math.ceil(n / spec.batch);
    const epochStart = process.cpuUsage();
    recorder.beginEpoch(batches);
    for (let b = 0; b < batches; b++) {
      const start = b * spec.batch;
      const end = Math.min(start + spec.batch, n);
      const measure = recorder.measureFor(b);
      const t = process.cpuUsage();
      step.step(refs, classes, start, end, measure);
      const ms = cpuMs(t);
      if (measure) {
        add('measuredStepMs', ms);
        if (timed) parts.measuredSteps++;
        const a = process.cpuUsage();
        recorder.afterStep(b);
        add('afterStepMs', cpuMs(a));
      } else add('unmeasuredStepMs', ms);
      if (timed) parts.steps++;
    }
    const e = process.cpuUsage();
    const record = recorder.endEpoch(step.model, step.firstPreActivation);
    add('endEpochMs', cpuMs(e));
    add('epochMs', cpuMs(epochStart));
    const again = process.cpuUsage();
    recorder.endEpoch(step.model, step.firstPreActivation);
    add('endEpochAgainMs', cpuMs(again));
    // The same end-of-epoch work again, part by part (the record above is what train.ts keeps).
    let t = process.cpuUsage();
    const outputs = layerOutputs(
      step.model,
      (kernel, bias) =>
        step.firstPreActivation(probeRefs, 0, rows) ?? (tf.add(tf.matMul(probe, kernel), bias) as tf.Tensor2D),
    );
    add('forwardMs', cpuMs(t));
    t = process.cpuUsage();
    layerOutputs(step.model, (kernel, bias) => tf.add(tf.matMul(probe, kernel), bias) as tf.Tensor2D);
    add('denseForwardMs', cpuMs(t));
    t = process.cpuUsage();
    const stats = outputs.map((o, l) => activationStats(o.pre, o.post, rows, o.units, acts[l], l < outputs.length - 1));
    add('statsMs', cpuMs(t));
    t = process.cpuUsage();
    const norms = outputs.map((_, l) => {
      const kernel = step.model.layers[l].getWeights()[0];
      return Math.sqrt(tf.tidy(() => tf.sum(tf.square(kernel)).dataSync()[0]));
    });
    add('weightNormMs', cpuMs(t));
    t = process.cpuUsage();
    const json = JSON.stringify({
      ...record,
      layers: stats.map((s, l) =>
        compactLayer({ ...s, gradKernel: 1, gradBias: 1, weightNorm: norms[l], updateRatio: 1 }),
      ),
    });
    add('serialiseMs', cpuMs(t));
    if (timed) parts.serialisedBytes = json.length;
  }
  // Whole epochs in one process, the four variants in turn (rotating which comes first), so
  // the machine's load and the process's state fall on all alike.
  const cpu: Record<Variant, number[]> = { off: [], 'measured steps': [], probe: [], both: [] };
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < VARIANTS.length; k++) {
      const variant = VARIANTS[(r + k) % VARIANTS.length];
      const measured = variant === 'measured steps' || variant === 'both';
      const t = process.cpuUsage();
      for (let i = 0; i < n; i++) order[i] = i;
      shuffleInPlace(order, shuffle);
      const refs = order.map((i) => data.train.refs[i]);
      const classes = order.map((i) => data.train.classes[i]);
      const batches = Math.ceil(n / spec.batch);
      recorder.beginEpoch(batches);
      for (let b = 0; b < batches; b++) {
        const measure = measured ? recorder.measureFor(b) : undefined;
        step.step(refs, classes, b * spec.batch, Math.min(n, (b + 1) * spec.batch), measure);
        if (measure) recorder.afterStep(b);
      }
      if (variant === 'probe' || variant === 'both') recorder.endEpoch(step.model, step.firstPreActivation);
      cpu[variant].push(cpuMs(t));
    }
  }
  for (const v of VARIANTS) parts.alternating[v] = median(cpu[v]);
  // The measured step's own cost, free of the epoch's spread: the same batch stepped with and
  // without a measure, alternately, many times.
  const batch = Math.min(spec.batch, n);
  const classes = Uint32Array.from(data.train.classes);
  const measure = recorder.measureFor(Math.ceil(n / spec.batch) - 1)!;
  for (let i = 0; i < 40; i++) {
    for (const measured of i % 2 === 0 ? [true, false] : [false, true]) {
      const t = process.cpuUsage();
      step.step(data.train.refs, classes, 0, batch, measured ? measure : undefined);
      parts[measured ? 'pairedMeasuredMs' : 'pairedUnmeasuredMs'] += cpuMs(t);
    }
    parts.pairs++;
  }
  probe.dispose();
  recorder.dispose();
  await step.finish(null);
  return parts;
}

function report(spec: string, p: Parts): void {
  const unmeasured = p.steps - p.measuredSteps;
  const perStep = p.unmeasuredStepMs / Math.max(1, unmeasured);
  const perMeasured = p.measuredStepMs / Math.max(1, p.measuredSteps);
  const extraSteps = (perMeasured - perStep) * p.measuredSteps;
  // The epoch without recording, estimated: every step at the unmeasured cost.
  const base = perStep * p.steps;
  const pct = (ms: number) => `${((ms / base) * 100).toFixed(1)} %`;
  const line = (label: string, ms: number) =>
    console.log(`    ${label.padEnd(46)} ${(ms / p.epochs).toFixed(1).padStart(8)} ms/epoch  ${pct(ms).padStart(7)}`);
  console.log(`  ${spec}: ${p.steps / p.epochs} steps/epoch, ${p.measuredSteps / p.epochs} measured`);
  line('training steps at the unmeasured cost (= 100 %)', base);
  // Not the same batches: on a short epoch the first batch after the probe is among the
  // measured ones, so the paired figure below is the measured step's own cost.
  line(`measured steps' extra, other batches (${perMeasured.toFixed(2)} vs ${perStep.toFixed(2)} ms)`, extraSteps);
  line('afterStep (norms into sums)', p.afterStepMs);
  line('endEpoch in all', p.endEpochMs);
  line('  the same right after (warm)', p.endEpochAgainMs);
  line('  probe forward pass + read-back', p.forwardMs);
  line('    (the same with a dense first layer)', p.denseForwardMs);
  line('  activation statistics (histogram, dead, ...)', p.statsMs);
  line("  (weight norms by tf.sum; endEpoch takes the last step's)", p.weightNormMs);
  line('  compact + JSON.stringify of the layers', p.serialiseMs);
  line('recording in all (measured extra + after + end)', extraSteps + p.afterStepMs + p.endEpochMs);
  const pm = p.pairedMeasuredMs / p.pairs;
  const pu = p.pairedUnmeasuredMs / p.pairs;
  console.log(
    `    paired steps on one batch (${p.pairs}): ${pm.toFixed(2)} ms measured, ${pu.toFixed(2)} ms not: ${(pm - pu).toFixed(2)} ms a measured step, ${pct((pm - pu) * (p.measuredSteps / p.epochs) * p.epochs)} of the epoch`,
  );
  const off = p.alternating.off;
  const share = (v: Variant) => (v === 'off' ? '' : ` (${(((p.alternating[v] - off) / off) * 100).toFixed(1)} %)`);
  console.log(
    `    alternating whole epochs (${p.rounds} of each, median CPU): ${VARIANTS.map((v) => `${v} ${p.alternating[v].toFixed(1)} ms${share(v)}`).join(', ')}`,
  );
  console.log(
    `    epoch with recording ${(p.epochMs / p.epochs).toFixed(1)} ms; record ${p.serialisedBytes} bytes/epoch`,
  );
}

if (require.main === module && process.argv[2] === '--profile-child') {
  const { spec, epochs, rounds } = JSON.parse(process.argv[3]) as { spec: string; epochs: number; rounds: number };
  void profile(spec, epochs, rounds).then((p) => console.log(JSON.stringify(p)));
} else if (require.main === module) {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const epochs = Number(value('epochs') ?? 3);
  const rounds = Number(value('rounds') ?? 6);
  const only = value('spec');
  for (const spec of SPECS.filter((s) => !only || s.name === only)) {
    const child = spawnSync(
      process.execPath,
      [
        ...TRAINER_EXEC_ARGV,
        bundled(__filename),
        '--profile-child',
        JSON.stringify({ spec: spec.name, epochs, rounds }),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) throw new Error(`profile of ${spec.name} failed: ${child.stdout}`);
    report(spec.name, JSON.parse(line) as Parts);
  }
}
