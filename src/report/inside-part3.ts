// Part 3 of the reproduction report, inside the networks: for each initializer × activation
// trial, the gradient norm of each layer at its best epoch, the first layer's over training,
// dead and saturated shares, and sentences computed from those records (which configurations
// show a vanishing first-layer gradient or dead units, and how that bears on the study's
// claims). The verdicts are core/gradient-flow.ts's, the same the panels show.
import { dynamicsAtBest } from '../core/dynamics';
import { formatPercent, formatScientific } from '../core/format';
import { DEAD_SHARE, flowVerdict, formatRatio, gradientSeries, VANISHING_RATIO } from '../core/gradient-flow';
import type { TrialRecord } from '../core/record';
import { lineChart } from './svg-chart';

export interface InsideRow {
  initializer: string;
  activation: string;
  epoch: number;
  /** ‖∂L/∂W‖ per layer at the best epoch, input side first. */
  gradients: number[];
  firstToLast: number;
  vanishing: boolean;
  dead: number | null;
  saturated: number | null;
  testAccuracy: number | null;
}

export interface InsideReport {
  rows: InsideRow[];
  /** Geometric mean of the first layer's gradient norm per activation, over its rows. */
  firstLayerByActivation: Record<string, number>;
  sentences: string[];
}

const geoMean = (xs: number[]) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
const list = (xs: string[]) => (xs.length === 0 ? 'none' : xs.join(', '));

export function insideRows(trials: readonly TrialRecord[]): InsideRow[] {
  const rows: InsideRow[] = [];
  for (const t of trials) {
    const at = dynamicsAtBest(t);
    const v = at && flowVerdict(at.epoch, at.dynamics);
    if (!at || !v) continue;
    rows.push({
      initializer: t.config.model.hidden[0]?.initializer.name ?? '?',
      activation: t.config.model.hidden[0]?.activation ?? '?',
      epoch: at.epoch,
      gradients: at.dynamics.layers.map((l) => l.gradKernel),
      firstToLast: v.firstToLast,
      vanishing: v.vanishing,
      dead: v.dead,
      saturated: v.saturated,
      testAccuracy: t.result?.testAccuracy ?? null,
    });
  }
  return rows;
}

/** Null when no trial recorded dynamics (runs with "dynamics": false). */
export function insideNetworks(trials: readonly TrialRecord[]): InsideReport | null {
  const rows = insideRows(trials);
  if (rows.length === 0) return null;
  const activations = [...new Set(rows.map((r) => r.activation))];
  const byAct: Record<string, number> = {};
  for (const a of activations)
    byAct[a] = geoMean(
      rows
        .filter((r) => r.activation === a)
        .map((r) => r.gradients[0])
        .filter((g) => g > 0),
    );
  const name = (r: InsideRow) => `${r.initializer} + ${r.activation}`;
  const sentences: string[] = [];

  const order = [...activations].sort((a, b) => byAct[a] - byAct[b]);
  const weakest = order[0];
  const others = order
    .slice(1)
    .map((a) => `${a} ${formatScientific(byAct[a])} (${formatRatio(byAct[a] / byAct[weakest])}×)`);
  sentences.push(
    `At the best epoch the first layer's gradient norm (geometric mean over initializers) is smallest with ${weakest}, ${formatScientific(byAct[weakest])}` +
      (others.length ? `; ${others.join(', ')}.` : '.'),
  );
  const vanishing = rows.filter((r) => r.vanishing).map(name);
  sentences.push(`Vanishing first-layer gradient (below ${VANISHING_RATIO} × the output layer's): ${list(vanishing)}.`);
  const relu = rows.filter((r) => r.dead !== null);
  if (relu.length > 0) {
    const worst = relu.reduce((a, b) => ((b.dead ?? 0) > (a.dead ?? 0) ? b : a));
    const dead = relu.filter((r) => (r.dead ?? 0) >= DEAD_SHARE).map(name);
    sentences.push(
      `Dead ReLU units (≥ ${formatPercent(DEAD_SHARE, 0)} of a layer zero on every probe image): ${list(dead)}; the most is ${formatPercent(worst.dead, 1)} (${name(worst)}).`,
    );
  }
  const sat = rows.filter((r) => r.saturated !== null);
  if (sat.length > 0) {
    const worst = sat.reduce((a, b) => ((b.saturated ?? 0) > (a.saturated ?? 0) ? b : a));
    sentences.push(
      `Saturated sigmoid/tanh units: at most ${formatPercent(worst.saturated, 1)} of a layer (${name(worst)}).`,
    );
  }

  // The study's part-3 claims, held against these records.
  const acc = (a: string) =>
    mean(rows.filter((r) => r.activation === a && r.testAccuracy !== null).map((r) => r.testAccuracy!));
  if (byAct.sigmoid !== undefined && byAct.relu !== undefined) {
    const sigmoidWeakest = weakest === 'sigmoid';
    const sigmoidLessAccurate = acc('sigmoid') < acc('relu');
    sentences.push(
      `The study found sigmoid steadier but less accurate: here sigmoid's first-layer gradient is ${sigmoidWeakest ? 'the weakest' : 'not the weakest'} (${formatRatio(byAct.relu / byAct.sigmoid)}× below ReLU's) and its mean test accuracy ${sigmoidLessAccurate ? 'is below' : 'is not below'} ReLU's (${formatPercent(acc('sigmoid'))} vs ${formatPercent(acc('relu'))}), ` +
        (sigmoidWeakest && sigmoidLessAccurate
          ? 'which fits: small gradients reaching the first layer mean small, smooth steps there, so training is steady but the pixel-facing weights learn less.'
          : 'so these records do not support that explanation.'),
    );
    const reluDead = relu.filter((r) => (r.dead ?? 0) >= DEAD_SHARE);
    sentences.push(
      `The study found ReLU fast with occasional instability: ReLU's first-layer gradient is ${formatRatio(byAct.relu / byAct.sigmoid)}× sigmoid's, ` +
        (reluDead.length > 0
          ? `and ${reluDead.length} of its configurations lose ${formatPercent(DEAD_SHARE, 0)} or more of a layer to dead units, a source of uneven training.`
          : `and no configuration loses ${formatPercent(DEAD_SHARE, 0)} of a layer to dead units, so dead units do not explain any instability in these runs.`),
    );
  }
  return { rows, firstLayerByActivation: byAct, sentences };
}

/** The first layer's gradient norm over training, one line per configuration (log10 axis: norms span decades). */
export function firstLayerGradientChart(trials: readonly TrialRecord[]): string | null {
  const series = trials
    .map((t) => {
      const s = gradientSeries(t.history);
      const first = s.layers[0] ?? [];
      return {
        label: `${t.config.model.hidden[0]?.initializer.name ?? '?'} ${t.config.model.hidden[0]?.activation ?? '?'}`,
        dashed: t.config.model.hidden[0]?.activation === 'sigmoid',
        points: s.epochs.flatMap((x, k) => (first[k] > 0 ? [{ x, y: Math.log10(first[k]) }] : [])),
      };
    })
    .filter((s) => s.points.length > 0);
  if (series.length === 0) return null;
  return lineChart('First-layer gradient norm over training', 'epoch', 'log10 ‖∂L/∂W‖ of layer 1', series);
}

export function insideMarkdown(inside: InsideReport): string[] {
  const layers = Math.max(...inside.rows.map((r) => r.gradients.length));
  const out = [
    '',
    '### Inside the networks',
    '',
    `Gradient norm ‖∂L/∂W‖ of each layer's kernel at each configuration's best epoch (training dynamics recorded with the run), the first layer's over the output layer's, and the worst hidden layer's dead and saturated shares.`,
    '',
    `| initializer | activation | epoch | ${Array.from({ length: layers }, (_, i) => `‖∂L/∂W‖ layer ${i + 1}`).join(' | ')} | first ÷ output | dead | saturated |`,
    `|---|---|---|${'---|'.repeat(layers)}---|---|---|`,
  ];
  for (const r of inside.rows)
    out.push(
      `| ${r.initializer} | ${r.activation} | ${r.epoch} | ${r.gradients.map((g) => formatScientific(g)).join(' | ')} | ${formatRatio(r.firstToLast)}${r.vanishing ? ' **vanishing**' : ''} | ${r.dead === null ? '–' : formatPercent(r.dead, 1)} | ${r.saturated === null ? '–' : formatPercent(r.saturated, 1)} |`,
    );
  out.push('', ...inside.sentences.map((s) => `- ${s}`));
  return out;
}
