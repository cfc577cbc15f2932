// The results panel's view of one trial: the shared summary plus what only this panel shows.
import type { TrialRecord } from '../../../core/record';
import { describeConfig, trialSummary } from '../shared/summaries';
import type { TrialDetail } from './contract';

export function trialDetail(trial: TrialRecord): TrialDetail {
  const r = trial.result;
  const classNames =
    trial.config?.data?.classNames ??
    r?.report?.classes.map((c) => c.label) ??
    (r?.confusionMatrix ?? []).map((_, i) => String(i));
  return {
    ...trialSummary(trial),
    classNames,
    confusionMatrix: r?.confusionMatrix ?? [],
    report: r?.report ?? null,
    samples: r?.samples ?? [],
    sizes: r?.sizes ?? null,
    config: describeConfig(trial.config),
  };
}
