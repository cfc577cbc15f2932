// What the compare panel shows of each run: its best finished trial.
import type { RunRecord, TrialRecord } from '../../../core/record';
import { bestTrial } from '../../../core/best';
import { CURVE_EPOCHS } from '../../../core/decimate';
import { describeConfig, runHeader, trialSummary } from '../shared/summaries';
import type { CompareEntry } from './contract';

/** The trial a compare panel shows for a run: its best finished one, else the first. */
export function representativeTrial(record: RunRecord): TrialRecord | undefined {
  return bestTrial(record.trials) ?? record.trials[0];
}

export function compareEntry(runDir: string, record: RunRecord): CompareEntry | undefined {
  const trial = representativeTrial(record);
  if (!trial) return undefined;
  return {
    header: runHeader(runDir, record),
    trial: trialSummary(trial, { maxEpochs: CURVE_EPOCHS, dynamics: 'none' }),
    config: describeConfig(trial.config),
  };
}
