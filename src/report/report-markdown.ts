import * as path from 'node:path';
import { formatPercent as pct } from '../core/format';
import { insideMarkdown } from './inside-part3';
import { STUDY } from './study';
import type { Estimate, ReproductionReport } from './types';

const pm = (e: Estimate, d = 2, scale = 100, unit = ' %') =>
  e.values.length > 1
    ? `${(e.mean * scale).toFixed(d)} ± ${(e.std * scale).toFixed(d)}${unit} (n = ${e.values.length})`
    : `${(e.mean * scale).toFixed(d)}${unit} (one seed)`;

/** How a study figure sits against our seeds' spread, in words computed from the numbers. */
export function verdict(study: number, ours: Estimate, scale = 100, unit = ' pp'): string {
  const diff = (ours.mean - study) * scale;
  const sign = diff >= 0 ? '+' : '−';
  const gap = `${sign}${Math.abs(diff).toFixed(2)}${unit}`;
  if (ours.values.length < 2) return `${gap} from the study (one seed: no noise estimate)`;
  const within = Math.abs(ours.mean - study) <= 2 * ours.std;
  return `${gap} from the study; ${within ? 'within' : 'outside'} two standard deviations of our seeds`;
}

/** "98.6 %–99.0 %": the range the study's own stack reached on this machine. */
const kerasRange = ([low, high]: readonly [number, number]) => `${pct(low, 1)}–${pct(high, 1)}`;

/** The study-vs-ours table's header and its test-accuracy row, shared by parts 2 and 4. */
function accuracyTable(study: number, ours: Estimate, keras: readonly [number, number]): string[] {
  return [
    '| | study | ours | Keras on this machine (brief) |',
    '|---|---|---|---|',
    `| test accuracy | ${pct(study)} | ${pm(ours)} | ${kerasRange(keras)} |`,
  ];
}

/** Run folders relative to the report, so a moved or shared report folder stays readable. */
export function renderReport(r: ReproductionReport, outDir: string): string {
  const where = (runDir: string) => `\`${path.relative(outDir, runDir)}/run.json\``;
  const out: string[] = [];
  const env = r.environment;
  out.push(
    `# MNIST Lab — reproduction of the case study${r.quick ? ' (QUICK: reduced data and epochs, not comparable with the study)' : ''}`,
  );
  out.push('');
  out.push(
    `Generated ${r.generatedAt} by \`mnist-lab reproduce\`. Every "ours" figure below is computed from the run records listed with each part; the study's figures are quoted from the case study.`,
  );
  out.push('');
  out.push(`| machine | backend | tfjs | node | seeds |`);
  out.push(`|---|---|---|---|---|`);
  out.push(
    `| ${env.cpus} × ${env.cpuModel}, ${env.totalMemoryGiB} GiB, ${env.platform} | ${env.backend ?? '–'} (${env.backendNote ?? ''}) | ${env.tfjsVersion ?? '–'} | ${env.node} | ${r.seeds.join(', ')} |`,
  );
  out.push('');
  out.push(
    'Wall time per part: ' +
      Object.entries(r.wallSeconds)
        .map(([k, v]) => `${k} ${v.toFixed(0)} s`)
        .join(', ') +
      '.',
  );

  const bp = r.parts.backprop;
  if (bp) {
    out.push('', '## 1. Backpropagation by hand (2-3-1, ReLU hidden, sigmoid output, MSE)', '');
    out.push(
      `Parameters updated: ${bp.updated.map((u) => u.param).join(', ')} — ${bp.updateReason}. Loss ${bp.lossBefore.toFixed(6)} → ${bp.lossAfter.toFixed(6)} after one step.`,
      '',
    );
    out.push('| parameter | ∂L/∂p | old | new |', '|---|---|---|---|');
    for (const u of bp.updated)
      out.push(`| ${u.param} | ${u.gradient.toExponential(6)} | ${u.old.toFixed(6)} | ${u.new.toFixed(6)} |`);
    out.push(
      '',
      `All gradients: ${Object.entries(bp.gradients)
        .map(([k, v]) => `${k} = ${v.toExponential(4)}`)
        .join(', ')}.`,
    );
    out.push(
      `Chain rule vs central finite differences: max relative difference ${bp.finiteDifference.maxRelativeDifference.toExponential(2)} (${bp.finiteDifference.ok ? 'agrees' : 'DISAGREES'}).`,
    );
    out.push(
      bp.autodiff
        ? `Chain rule vs ${bp.autodiff.method}: max relative difference ${bp.autodiff.maxRelativeDifference.toExponential(2)} (${bp.autodiff.ok ? 'agrees' : 'DISAGREES'}).`
        : 'No autodiff check was recorded.',
    );
    if (bp.symmetry)
      out.push(
        `Symmetry: identical initial weights ${bp.symmetry.identicalStaysIdentical ? 'stay identical' : 'do NOT stay identical'} under gradient descent; random initial weights ${bp.symmetry.randomDiverges ? 'diverge' : 'do not diverge'} — the study's argument for random initialisation.`,
      );
    out.push(
      `The study derives the same quantities by hand; it gives no numbers to compare, so this part is checked by the two independent gradient computations above.`,
    );
    out.push('', `Run: ${where(bp.runs[0].runDir)}`);
  }

  const b = r.parts.binary;
  if (b) {
    out.push('', '## 2. Binary 5 vs 8 (784-128-64-1)', '');
    out.push(...accuracyTable(STUDY.binary.testAccuracy, b.testAccuracy, STUDY.kerasOnThisMachine.binary));
    out.push(`| test loss | ${STUDY.binary.testLoss} | ${pm(b.testLoss, 4, 1, '')} | |`);
    out.push(`| epochs (early stopping) | – | ${pm(b.epochs, 1, 1, '')} | |`);
    out.push(
      '',
      `Accuracy: ${verdict(STUDY.binary.testAccuracy, b.testAccuracy)}. The study's own stack averages ${kerasRange(STUDY.kerasOnThisMachine.binary)} here, so its 99.09 % is a favourable draw.`,
    );
    out.push(
      '',
      `Confusion matrix (seed ${b.runs[0].seed}; rows true 5, 8; columns predicted): ${JSON.stringify(b.confusionMatrix)}`,
    );
    out.push('', '![accuracy](charts/binary-curves.svg) ![loss](charts/binary-loss.svg)');
    out.push('', 'Runs: ' + b.runs.map((x) => where(x.runDir)).join(', '));
  }

  const g = r.parts.initActivation;
  if (g) {
    out.push('', '## 3. Initializer × activation (784-128-64-32-1, nine configurations)', '');
    out.push('Precision, recall and F1 are for the positive class (digit 8).', '');
    out.push(
      '| initializer | activation | test accuracy | precision | recall | F1 | epochs |',
      '|---|---|---|---|---|---|---|',
    );
    for (const t of g.trials)
      out.push(
        `| ${t.initializer} | ${t.activation} | ${pct(t.testAccuracy)} | ${t.precision.toFixed(4)} | ${t.recall.toFixed(4)} | ${t.f1.toFixed(4)} | ${t.epochs} |`,
      );
    out.push(
      '',
      `Best: **${g.best.initializer} + ${g.best.activation}** at ${pct(g.best.testAccuracy)}. The study's best was RandomNormal + ReLU at ≈ ${pct(STUDY.initActivation.bestAccuracy, 1)}; here that combination ranks ${g.studyBestRank} of ${g.trials.length}. One seed per configuration on ${g.testSize} test images: one image is ${(100 / g.testSize).toFixed(3)} pp, and seed-to-seed noise is several images, so close ranks are not distinguishable.`,
    );
    const sig = g.trials.filter((t) => t.activation === 'sigmoid');
    const relu = g.trials.filter((t) => t.activation === 'relu');
    if (sig.length && relu.length) {
      const avg = (xs: typeof sig) => xs.reduce((s, t) => s + t.testAccuracy, 0) / xs.length;
      out.push(
        `Mean test accuracy of the sigmoid rows ${pct(avg(sig))} vs ReLU rows ${pct(avg(relu))} (the study: sigmoid steadier but less accurate).`,
      );
    }
    out.push(
      '',
      '![heatmap](charts/init-activation-heatmap.svg)',
      '',
      '![validation loss](charts/init-activation-val-loss.svg)',
    );
    if (g.inside)
      out.push(...insideMarkdown(g.inside), '', '![first-layer gradient](charts/init-activation-gradient-flow.svg)');
    out.push('', `Run: ${where(g.runs[0].runDir)}`);
  }

  const m = r.parts.multiclass;
  if (m) {
    out.push('', '## 4. Ten classes (784-128-64-32-10, Adam)', '');
    out.push(...accuracyTable(STUDY.multiclass.testAccuracy, m.testAccuracy, STUDY.kerasOnThisMachine.multiclass));
    out.push('', `Accuracy: ${verdict(STUDY.multiclass.testAccuracy, m.testAccuracy)}.`, '');
    out.push('| digit | precision | recall | F1 |', '|---|---|---|---|');
    for (const d of m.perDigit)
      out.push(
        `| ${d.digit} | ${d.precision.mean.toFixed(4)} | ${d.recall.mean.toFixed(4)} | ${d.f1.mean.toFixed(4)} |`,
      );
    out.push(
      '',
      `Lowest recall (mean over seeds): digit ${m.lowestRecallDigit} — the study reports digit 5 (${m.lowestRecallDigit === '5' ? 'agrees' : 'differs'}; lowest on 5 in ${m.seedsWithLowestRecallOn5} of ${m.runs.length} seeds).`,
    );
    out.push(
      `Lowest F1 (mean over seeds): digit ${m.lowestF1Digit} — the study reports digit 9 (${m.lowestF1Digit === '9' ? 'agrees' : 'differs'}; lowest on 9 in ${m.seedsWithLowestF1On9} of ${m.runs.length} seeds).`,
    );
    out.push('', '![accuracy](charts/multiclass-curves.svg)');
    out.push('', 'Runs: ' + m.runs.map((x) => where(x.runDir)).join(', '));
  }

  const l = r.parts.batchLr;
  if (l) {
    out.push('', '## 5. Batch size × learning rate (784-32-16-10, 16 models)', '');
    out.push(
      '| batch | learning rate | val accuracy (best epoch) | test accuracy | epochs | first epoch ≥ 95 % val |',
      '|---|---|---|---|---|---|',
    );
    for (const t of l.trials)
      out.push(
        `| ${t.batchSize} | ${t.learningRate} | ${pct(t.valAccuracy)} | ${pct(t.testAccuracy)} | ${t.epochs} | ${t.epochsTo95 ?? 'never'} |`,
      );
    out.push(
      '',
      `Best by test accuracy: batch ${l.bestByTest.batchSize}, learning rate ${l.bestByTest.learningRate} (${pct(l.bestByTest.testAccuracy)}); by validation accuracy: batch ${l.bestByValidation.batchSize}, learning rate ${l.bestByValidation.learningRate}. The study's best (batch 16, 0.001) ranks ${l.studyBestRank} of ${l.trials.length} here.`,
    );
    const slow = l.trials.filter((t) => t.learningRate === Math.min(...l.trials.map((x) => x.learningRate)));
    out.push(
      `Slowest learning rate: ${slow.filter((t) => t.epochsTo95 === null).length} of ${slow.length} of its trials never reached 95 % validation accuracy within the epoch cap (the study: 1e-5 converges slowly).`,
    );
    out.push('', '![ratio](charts/batch-lr-ratio.svg)', '', '![heatmap](charts/batch-lr-heatmap.svg)');
    out.push('', `Run: ${where(l.runs[0].runDir)}`);
  }
  out.push('');
  return out.join('\n');
}
