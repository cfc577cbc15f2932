// "Export run": history as CSV (one row per trial and epoch) and metrics as JSON (no pixels),
// written next to each other under the name the user picks.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSource } from '../runs/run-source';
import { announceSaved } from './shared/saved-toast';
import { historyCsv, metricsJson, trialsCsv } from '../../core/run-export';

/** "…/run-x-metrics.csv" → the CSV path and its JSON sibling. */
export function exportPaths(chosen: string): { csv: string; json: string; trials: string } {
  const ext = path.extname(chosen).toLowerCase();
  const base = ext === '.csv' || ext === '.json' ? chosen.slice(0, -ext.length) : chosen;
  return { csv: `${base}.csv`, json: `${base}.json`, trials: `${base}-trials.csv` };
}

export async function exportRunFiles(
  runs: RunSource,
  runDir: string,
): Promise<{ csv: string; json: string } | undefined> {
  const record = await runs.read(runDir);
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export metrics of {0} (CSV, plus JSON beside it)', record.experiment.name),
    defaultUri: vscode.Uri.file(path.join(runDir, `${record.id}-metrics.csv`)),
    filters: { CSV: ['csv'] },
  });
  if (!target) return undefined;
  const paths = exportPaths(target.fsPath);
  await vscode.workspace.fs.writeFile(vscode.Uri.file(paths.csv), Buffer.from(historyCsv(record), 'utf8'));
  await vscode.workspace.fs.writeFile(vscode.Uri.file(paths.json), Buffer.from(metricsJson(record), 'utf8'));
  // A sweep also gets its table: one row per trial with every hyperparameter, seed and status.
  if (record.trials.length > 1)
    await vscode.workspace.fs.writeFile(vscode.Uri.file(paths.trials), Buffer.from(trialsCsv(record), 'utf8'));
  void announceSaved(paths.csv, paths.json);
  return paths;
}
