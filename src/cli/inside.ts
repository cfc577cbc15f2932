// What the CLI prints of the inside of a network: the model summary, and the per-layer
// training dynamics at the best epoch (src/core/dynamics.ts holds the rules and the types).
import { dynamicsAtBest, type LayerDynamics } from '../core/dynamics';
import { modelSummary } from '../core/model-summary';
import type { RunRecord, TrialRecord } from '../core/record';
import { formatNumber as num, formatPercent as pct, formatScientific as sci } from '../core/format';
import { table } from './format';

const share = (x: number | null) => (x === null ? '–' : pct(x, 0));

/** One line per trial for the end of `mnist-lab run`: per layer, gradient norm, dead and saturated shares. */
export function insideLine(trial: TrialRecord): string | null {
  const at = dynamicsAtBest(trial);
  if (!at) return null;
  const hidden = at.dynamics.layers.slice(0, -1);
  const layers = at.dynamics.layers.map((l, i) => {
    const extra =
      i < hidden.length
        ? [
            l.dead !== null ? `dead ${share(l.dead)}` : null,
            l.saturated !== null ? `sat ${share(l.saturated)}` : null,
          ].filter(Boolean)
        : [];
    return `L${i + 1} ‖g‖ ${sci(l.gradKernel)}${extra.length ? ` ${extra.join(' ')}` : ''}`;
  });
  return `inside (epoch ${at.epoch}): ${layers.join(' · ')}`;
}

export function summaryTable(trial: TrialRecord): string {
  const s = modelSummary(trial.config.model);
  return [
    table(
      ['layer', 'units', 'activation', 'initializer', 'output shape', 'params'],
      [
        ['input', String(s.inputs), '', '', `(None, ${s.inputs})`, '0'],
        ...s.layers.map((l) => [
          l.name,
          String(l.units),
          l.activation,
          l.initializer,
          l.outputShape,
          l.params.toLocaleString('en-US'),
        ]),
      ],
    ),
    `total params: ${s.total.toLocaleString('en-US')}`,
  ].join('\n');
}

export function dynamicsTable(layers: LayerDynamics[]): string {
  return table(
    ['layer', '‖∂L/∂W‖', '‖∂L/∂b‖', '‖W‖', '‖ΔW‖/‖W‖', 'pre-act mean', 'pre-act std', 'dead', 'saturated'],
    layers.map((l, i) => [
      `dense_${i + 1}`,
      sci(l.gradKernel),
      sci(l.gradBias),
      num(l.weightNorm, 3),
      sci(l.updateRatio),
      num(l.preMean, 3),
      num(l.preStd, 3),
      share(l.dead),
      share(l.saturated),
    ]),
  );
}

/** `mnist-lab inspect`: for every trial, the summary and the per-layer table at its best epoch. */
export function inspectText(record: RunRecord): string {
  const out: string[] = [`${record.experiment.name} (${record.id}): ${record.status}`];
  if (record.trials.length === 0) out.push('no trials: a backprop walkthrough has no model summary');
  for (const t of record.trials) {
    out.push('', record.trials.length > 1 ? `trial ${t.index + 1}: ${t.label}` : t.label, summaryTable(t));
    const at = dynamicsAtBest(t);
    if (at)
      out.push(
        '',
        `inside the network at epoch ${at.epoch}${t.result?.bestEpoch === at.epoch ? ' (best)' : ''}:`,
        dynamicsTable(at.dynamics.layers),
      );
    else out.push('', 'no training dynamics recorded (an older run, or "dynamics": false)');
  }
  return out.join('\n');
}
