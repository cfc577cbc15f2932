// What the live panel tells a screen reader: a finished epoch (throttled by the caller) and the
// run's final state. Pure, so the wording is unit-tested; numbers read as the panel shows them.
import type { RunHeader, TrialSummary } from '../../extension/panels/shared/contract';
import { bestTrial } from '../../core/best';
import { formatNumber, formatPercent } from '../../core/format';

type Finished = Pick<TrialSummary, 'index' | 'status' | 'result' | 'error'>;

export function progressAnnouncement(
  t: Pick<TrialSummary, 'index' | 'label' | 'epochs' | 'history'>,
  trialCount: number,
): string {
  const e = t.history[t.history.length - 1];
  if (!e) return '';
  const who = trialCount > 1 ? `Trial ${t.index + 1} of ${trialCount}, epoch` : 'Epoch';
  const acc = e.valAccuracy ?? e.accuracy;
  const loss = e.valLoss ?? e.loss;
  const which = e.valAccuracy === null ? '' : 'validation ';
  return `${who} ${e.epoch} of ${t.epochs} done: ${which}accuracy ${formatPercent(acc, 1)}, ${which}loss ${formatNumber(loss)}.`;
}

export function finalAnnouncement(
  header: Pick<RunHeader, 'status' | 'error' | 'name'>,
  trials: readonly Finished[],
): string {
  const name = `Run of ${header.name}`;
  switch (header.status) {
    case 'done': {
      const best = bestTrial(trials);
      if (!best) return `${name} done.`;
      return trials.length > 1
        ? `${name} done: best trial ${best.index + 1}, test accuracy ${formatPercent(best.result.testAccuracy)}.`
        : `${name} done: test accuracy ${formatPercent(best.result.testAccuracy)}.`;
    }
    case 'failed':
      return `${name} failed: ${header.error ?? trials.find((t) => t.error)?.error ?? 'no reason recorded'}.`;
    case 'cancelled':
      return `${name} cancelled.`;
    default:
      return `${name} ${header.status}.`;
  }
}
