// What a run's row in the tree says about it, beyond the recorded status: a "running" record
// this window is not training is either trained elsewhere (the CLI, another window) or was
// left behind by a process that died, which the user can only delete.
import * as l10n from '@vscode/l10n';
import type { RunRecord, RunStatus } from '../../core/record';
import { liveness } from '../../runs/liveness-probe';

export type RunRowState = RunStatus | 'interrupted' | 'elsewhere';

export function runRowState(
  record: Pick<RunRecord, 'status' | 'owner' | 'heartbeatAt' | 'createdAt'>,
  managedHere: boolean,
): RunRowState {
  if (managedHere || (record.status !== 'running' && record.status !== 'queued')) return record.status;
  return liveness(record) === 'interrupted' ? 'interrupted' : 'elsewhere';
}

export function rowStateText(state: RunRowState): string | null {
  switch (state) {
    case 'interrupted':
      return l10n.t('interrupted: the process training it stopped before it finished');
    case 'elsewhere':
      return l10n.t('running in another process (the CLI or another window)');
    default:
      return null;
  }
}
