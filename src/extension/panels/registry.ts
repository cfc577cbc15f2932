// Public surface of the result webviews. The extension composes these; everything else in
// this folder is private to the panels. One panel per run (and trial) and kind: showing it
// again reveals the existing tab instead of opening a second one.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSource } from '../runs/run-source';
import { parsePanelState, VIEW_TYPES, type PanelKind } from './contract';
import { ComparePanel } from './compare/controller';
import { exportRunFiles } from './export';
import { LivePanel } from './live/controller';
import type { PanelDeps, ResultPanel } from './result-panel';
import { ResultsPanel, SweepPanel } from './run-panels';
import { webviewOptions } from './webview-html';

export { VIEW_TYPES } from './contract';

let deps: PanelDeps | undefined;
const open = new Map<string, ResultPanel>();

function requireDeps(): PanelDeps {
  if (!deps) throw new Error('MNIST Lab panels used before registerPanels()');
  return deps;
}

function keyOf(kind: PanelKind, ...parts: Array<string | number | undefined>): string {
  return [kind, ...parts.map((p) => (typeof p === 'string' ? path.resolve(p) : String(p ?? '')))].join('|');
}

function track(key: string, panel: ResultPanel): void {
  open.set(key, panel);
  panel.onDidDispose(() => {
    if (open.get(key) === panel) open.delete(key);
  });
}

function createPanel(kind: PanelKind, title: string, column: vscode.ViewColumn, preserveFocus: boolean): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(VIEW_TYPES[kind], title, { viewColumn: column, preserveFocus }, webviewOptions(requireDeps().extensionUri));
}

/** Registers webview serializers (panels restored after reload) and keeps the run source. */
export function registerPanels(context: vscode.ExtensionContext, runs: RunSource): void {
  deps = {
    extensionUri: context.extensionUri,
    runs,
    open: {
      results: (runDir, trialIndex) => showResultsPanel(runDir, trialIndex),
      export: (runDir) => exportRun(runDir),
    },
  };
  const d = deps;
  const serializer = (kind: PanelKind): vscode.WebviewPanelSerializer => ({
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, raw: unknown): Promise<void> {
      const state = parsePanelState(raw, kind);
      if (!state) {
        // Nothing to rebuild from (state lost or from an older version): close quietly.
        panel.dispose();
        return;
      }
      let restored: ResultPanel;
      let key: string;
      if (kind === 'compare') {
        restored = new ComparePanel(panel, d, state.runDirs ?? []);
        key = keyOf(kind, ...(state.runDirs ?? []));
      } else if (kind === 'live') {
        restored = new LivePanel(panel, d, state.runDir as string);
        key = keyOf(kind, state.runDir);
      } else if (kind === 'sweep') {
        restored = new SweepPanel(panel, d, state.runDir as string);
        key = keyOf(kind, state.runDir);
      } else {
        restored = new ResultsPanel(panel, d, state.runDir as string, state.trialIndex ?? 0);
        key = keyOf(kind, state.runDir, state.trialIndex ?? 0);
      }
      track(key, restored);
    },
  });
  for (const kind of Object.keys(VIEW_TYPES) as PanelKind[]) {
    context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(VIEW_TYPES[kind], serializer(kind)));
  }
  // The live panel opens beside the editor when a run starts: the first update of a run
  // folder this session, while the run is active. Backprop walkthroughs have their own panel.
  const announced = new Set<string>();
  context.subscriptions.push(
    runs.onDidUpdate((u) => {
      const key = path.resolve(u.runDir);
      if (announced.has(key)) return;
      announced.add(key);
      if (u.record.experiment.kind !== 'backprop' && runs.isActive(u.runDir)) showLivePanel(u.runDir);
    }),
  );
  context.subscriptions.push({
    dispose: () => {
      for (const p of [...open.values()]) p.dispose();
      open.clear();
    },
  });
}

/** Opens (or reveals) the live training panel of a run, beside the editor. */
export function showLivePanel(runDir: string): void {
  const key = keyOf('live', runDir);
  const existing = open.get(key);
  if (existing) return existing.reveal(undefined, true);
  const panel = createPanel('live', `Training: ${path.basename(runDir)}`, vscode.ViewColumn.Beside, true);
  track(key, new LivePanel(panel, requireDeps(), runDir));
}

/** Opens the results panel of a finished run; a sweep run (>1 trial) opens the sweep panel. */
export function showResultsPanel(runDir: string, trialIndex?: number): void {
  const d = requireDeps();
  void d.runs.read(runDir).then(
    (record) => {
      const sweep = trialIndex === undefined && record.trials.length > 1;
      const key = sweep ? keyOf('sweep', runDir) : keyOf('results', runDir, trialIndex ?? 0);
      const existing = open.get(key);
      if (existing) return existing.reveal();
      const title = sweep ? `Sweep: ${record.experiment.name}` : `Results: ${record.experiment.name}`;
      const panel = createPanel(sweep ? 'sweep' : 'results', title, vscode.ViewColumn.Active, false);
      track(key, sweep ? new SweepPanel(panel, d, runDir) : new ResultsPanel(panel, d, runDir, trialIndex ?? 0));
    },
    (e: unknown) => void vscode.window.showErrorMessage(`MNIST Lab: cannot open ${runDir}: ${e instanceof Error ? e.message : String(e)}`),
  );
}

/** Opens a panel comparing several runs. */
export function showComparePanel(runDirs: string[]): void {
  const key = keyOf('compare', ...runDirs);
  const existing = open.get(key);
  if (existing) return existing.reveal();
  const panel = createPanel('compare', `Compare ${runDirs.length} runs`, vscode.ViewColumn.Active, false);
  track(key, new ComparePanel(panel, requireDeps(), runDirs));
}

/** Writes a run's metrics and history as CSV and JSON to files the user picks. */
export async function exportRun(runDir: string): Promise<void> {
  try {
    await exportRunFiles(requireDeps().runs, runDir);
  } catch (e) {
    void vscode.window.showErrorMessage(`MNIST Lab: export failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
