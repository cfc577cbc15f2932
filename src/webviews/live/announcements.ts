// What the live panel tells a screen reader: a finished epoch (throttled by the caller) and the
// run's final state. Pure, so the wording is unit-tested; numbers read as the panel shows them.
import * as l10n from '@vscode/l10n';
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
  const acc = formatPercent(e.valAccuracy ?? e.accuracy, 1);
  const loss = formatNumber(e.valLoss ?? e.loss);
  if (trialCount > 1)
    return e.valAccuracy === null
      ? l10n.t(
          'Trial {0} of {1}, epoch {2} of {3} done: accuracy {4}, loss {5}.',
          t.index + 1,
          trialCount,
          e.epoch,
          t.epochs,
          acc,
          loss,
        )
      : l10n.t(
          'Trial {0} of {1}, epoch {2} of {3} done: validation accuracy {4}, validation loss {5}.',
          t.index + 1,
          trialCount,
          e.epoch,
          t.epochs,
          acc,
          loss,
        );
  return e.valAccuracy === null
    ? l10n.t('Epoch {0} of {1} done: accuracy {2}, loss {3}.', e.epoch, t.epochs, acc, loss)
    : l10n.t('Epoch {0} of {1} done: validation accuracy {2}, validation loss {3}.', e.epoch, t.epochs, acc, loss);
}

export function finalAnnouncement(
  header: Pick<RunHeader, 'status' | 'error' | 'name'>,
  trials: readonly Finished[],
): string {
  const name = header.name;
  switch (header.status) {
    case 'done': {
      const best = bestTrial(trials);
      if (!best) return l10n.t('Run of {0} done.', name);
      return trials.length > 1
        ? l10n.t(
            'Run of {0} done: best trial {1}, test accuracy {2}.',
            name,
            best.index + 1,
            formatPercent(best.result.testAccuracy),
          )
        : l10n.t('Run of {0} done: test accuracy {1}.', name, formatPercent(best.result.testAccuracy));
    }
    case 'failed':
      return l10n.t(
        'Run of {0} failed: {1}.',
        name,
        header.error ?? trials.find((t) => t.error)?.error ?? l10n.t('no reason recorded'),
      );
    case 'cancelled':
      return l10n.t('Run of {0} cancelled.', name);
    default:
      return l10n.t('Run of {0} {1}.', name, header.status);
  }
}
