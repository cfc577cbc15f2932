// The results panel's view of one trial: the shared summary plus what only this panel shows.
import type { TrialRecord } from '../../../core/record';
import { DIVIDE_255 } from '../../../core/forward-pass';
import { modelSummary } from '../../../core/model-summary';
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
    modelSummary: trial.config?.model ? modelSummary(trial.config.model) : null,
    // Runs from before inputScaling was recorded: only divide255 is known without the data.
    inputScaling: r?.inputScaling ?? (trial.config?.data?.normalization === 'divide255' ? DIVIDE_255 : null),
  };
}
