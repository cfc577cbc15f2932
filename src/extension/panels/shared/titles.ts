// Tab titles of the run panels. Every title names the run by its start time (as the tree row
// does), so two runs of one experiment never share a title.
import type { RunRecord } from '../../../core/record';
import { runTime } from '../../runs/run-format';

export function liveTitle(record: RunRecord, active: boolean): string {
  return `Training: ${record.experiment.name} · ${runTime(record)}${active ? '' : ` (${record.status})`}`;
}

export function resultsTitle(record: RunRecord, trialIndex: number): string {
  const trial = record.trials.length > 1 ? ` #${trialIndex + 1}` : '';
  return `Results: ${record.experiment.name}${trial} · ${runTime(record)}`;
}

export function sweepTitle(record: RunRecord): string {
  return `Sweep: ${record.experiment.name} · ${runTime(record)}`;
}
