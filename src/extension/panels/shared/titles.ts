// Tab titles of the run panels. Every title names the run by its start time (as the tree row
// does), so two runs of one experiment never share a title.
import * as vscode from 'vscode';
import type { RunRecord } from '../../../core/record';
import { runTime, statusText } from '../../runs/run-format';

export function liveTitle(record: RunRecord, active: boolean): string {
  return active
    ? vscode.l10n.t('Training: {0} · {1}', record.experiment.name, runTime(record))
    : vscode.l10n.t('Training: {0} · {1} ({2})', record.experiment.name, runTime(record), statusText(record.status));
}

export function resultsTitle(record: RunRecord, trialIndex: number): string {
  return record.trials.length > 1
    ? vscode.l10n.t('Results: {0} #{1} · {2}', record.experiment.name, trialIndex + 1, runTime(record))
    : vscode.l10n.t('Results: {0} · {1}', record.experiment.name, runTime(record));
}

export function sweepTitle(record: RunRecord): string {
  return vscode.l10n.t('Sweep: {0} · {1}', record.experiment.name, runTime(record));
}
