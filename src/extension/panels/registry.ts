// The one place panels are opened, revealed and revived after a reload, for every kind: the
// result panels (live, results, sweep, compare) and the backprop walkthrough. One panel per
// key (kind + run folder + trial): showing it again reveals the open tab instead of opening a
// second one. The registry is created in activate() and disposed with the extension.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackpropRecord, RunRecord } from '../../core/record';
import type { RunSource } from '../runs/run-source';
import { BACKPROP_VIEW_TYPE, isBackpropViewState } from './backprop/contract';
import { BackpropPanel } from './backprop/controller';
import { ComparePanel } from './compare/controller';
import { exportRunFiles } from './export';
import { LivePanel } from './live/controller';
import type { Panel } from './shared/panel';
import type { PanelDeps } from './shared/result-panel';
import { ResultsPanel } from './results/controller';
import { parsePanelState, VIEW_TYPES, type PanelKind } from './shared/contract';
import { SweepPanel } from './sweep/controller';
import { liveTitle, resultsTitle, sweepTitle } from './shared/titles';
import { webviewOptions } from './shared/webview-html';

/** Every webview panel the extension contributes, by kind (package.json activates on each). */
export const PANEL_VIEW_TYPES = { ...VIEW_TYPES, backprop: BACKPROP_VIEW_TYPE } as const;
export type AnyPanelKind = keyof typeof PANEL_VIEW_TYPES;

/** Walkthroughs share one tab: a new one replaces the record shown. */
const BACKPROP_KEY = 'backprop';

interface Placement {
  title: string;
  column: vscode.ViewColumn;
  preserveFocus?: boolean;
}

export class PanelRegistry implements vscode.Disposable {
  private readonly open = new Map<string, Panel>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly deps: PanelDeps;

  constructor(
    private readonly extensionUri: vscode.Uri,
    runs: RunSource,
  ) {
    this.deps = {
      extensionUri,
      runs,
      open: {
        results: (runDir, trialIndex) => this.showResults(runDir, trialIndex),
        export: (runDir) => this.exportRun(runDir),
        finished: (runDir) => this.showResults(runDir),
      },
    };
    for (const kind of Object.keys(PANEL_VIEW_TYPES) as AnyPanelKind[]) {
      this.disposables.push(
        vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPES[kind], {
          deserializeWebviewPanel: async (panel, state) => this.revive(kind, panel, state),
        }),
      );
    }
    // The live panel opens beside the editor when a run starts: the first update of a run
    // folder this session, while the run is active. Walkthroughs have their own panel.
    const announced = new Set<string>();
    this.disposables.push(
      runs.onDidUpdate((u) => {
        const key = path.resolve(u.runDir);
        if (announced.has(key)) return;
        announced.add(key);
        if (u.record.experiment.kind !== 'backprop' && runs.isActive(u.runDir)) this.showLive(u.runDir, u.record);
      }),
    );
  }

  /** Opens (or reveals) the live training panel of a run, beside the editor. */
  showLive(runDir: string, record?: RunRecord): void {
    const title = record ? liveTitle(record, true) : `Training: ${path.basename(runDir)}`;
    const where = { title, column: vscode.ViewColumn.Beside, preserveFocus: true };
    this.createOrShow(
      keyOf('live', runDir),
      'live',
      where,
      (p) => new LivePanel(p, this.deps, runDir),
      (open) => open.reveal(undefined, true),
    );
  }

  /**
   * Opens the results panel of a finished run; a sweep run (>1 trial) opens the sweep panel.
   * The run's finished live panel, if open, becomes that panel: one tab per run.
   */
  showResults(runDir: string, trialIndex?: number): void {
    const liveTab = trialIndex === undefined ? this.takeFinishedLive(runDir) : undefined;
    // Only which panel and its title are needed here, never the kept test images.
    void this.deps.runs.readWithoutSamples(runDir).then(
      (record) => {
        const column = vscode.ViewColumn.Active;
        const adopt = liveTab ? () => liveTab : undefined;
        if (trialIndex === undefined && record.trials.length > 1) {
          const where = { title: sweepTitle(record), column };
          this.createOrShow(
            keyOf('sweep', runDir),
            'sweep',
            where,
            (p) => new SweepPanel(p, this.deps, runDir),
            undefined,
            adopt,
          );
        } else {
          const index = trialIndex ?? 0;
          const where = { title: resultsTitle(record, index), column };
          this.createOrShow(
            keyOf('results', runDir, index),
            'results',
            where,
            (p) => new ResultsPanel(p, this.deps, runDir, index),
            undefined,
            adopt,
          );
        }
      },
      (e: unknown) =>
        void vscode.window.showErrorMessage(
          vscode.l10n.t('MNIST Lab: cannot open {0}: {1}', runDir, e instanceof Error ? e.message : String(e)),
        ),
    );
  }

  /** Opens a panel comparing several runs. */
  showCompare(runDirs: string[]): void {
    const where = { title: vscode.l10n.t('Compare {0} runs', runDirs.length), column: vscode.ViewColumn.Active };
    this.createOrShow(keyOf('compare', ...runDirs), 'compare', where, (p) => new ComparePanel(p, this.deps, runDirs));
  }

  /** Shows a backprop walkthrough beside the editor, in the walkthrough tab if one is open. */
  showBackprop(record: BackpropRecord, title: string): void {
    const where = { title, column: vscode.ViewColumn.Beside };
    const create = (p: vscode.WebviewPanel): BackpropPanel => new BackpropPanel(p, this.extensionUri, record, title);
    this.createOrShow(BACKPROP_KEY, 'backprop', where, create, (open) => open.show(record, title));
  }

  /** Writes a run's metrics and history as CSV and JSON to files the user picks. */
  async exportRun(runDir: string): Promise<void> {
    try {
      await exportRunFiles(this.deps.runs, runDir);
    } catch (e) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('MNIST Lab: export failed: {0}', e instanceof Error ? e.message : String(e)),
      );
    }
  }

  /** The tab of a run's live panel once the run is over, released by its controller. */
  private takeFinishedLive(runDir: string): vscode.WebviewPanel | undefined {
    const key = keyOf('live', runDir);
    const live = this.open.get(key);
    if (!(live instanceof LivePanel) || this.deps.runs.isActive(runDir)) return undefined;
    this.open.delete(key);
    return live.release();
  }

  /**
   * Reveals the panel open under `key` (or lets `reuse` update it), else creates the webview
   * panel (or takes the tab `adopt` gives) and its controller and keeps it under `key` until
   * it is closed.
   */
  private createOrShow<P extends Panel>(
    key: string,
    kind: AnyPanelKind,
    where: Placement,
    create: (panel: vscode.WebviewPanel) => P,
    reuse: (open: P) => void = (open) => open.reveal(),
    adopt?: () => vscode.WebviewPanel,
  ): void {
    // Keys carry the kind, so the panel under a key is the one `create` made for it.
    const existing = this.open.get(key) as P | undefined;
    if (existing) {
      // A results tab already open wins; the released live tab is not needed.
      adopt?.().dispose();
      return reuse(existing);
    }
    if (adopt) {
      const tab = adopt();
      tab.title = where.title;
      this.track(key, create(tab));
      return;
    }
    const show = { viewColumn: where.column, preserveFocus: where.preserveFocus ?? false };
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPES[kind],
      where.title,
      show,
      webviewOptions(this.extensionUri),
    );
    this.track(key, create(panel));
  }

  /** Serializer: rebuilds a panel from the state its webview saved, or closes it quietly. */
  private revive(kind: AnyPanelKind, panel: vscode.WebviewPanel, raw: unknown): void {
    const restored = this.restore(kind, panel, raw);
    if (!restored) {
      // Nothing to rebuild from (state lost or from an older version).
      panel.dispose();
      return;
    }
    const previous = this.open.get(restored.key);
    if (previous && previous !== restored.panel) previous.dispose();
    this.track(restored.key, restored.panel);
  }

  private restore(
    kind: AnyPanelKind,
    panel: vscode.WebviewPanel,
    raw: unknown,
  ): { key: string; panel: Panel } | undefined {
    if (kind === 'backprop') {
      return isBackpropViewState(raw)
        ? { key: BACKPROP_KEY, panel: new BackpropPanel(panel, this.extensionUri, raw.record, raw.title) }
        : undefined;
    }
    // A live tab that became a results or sweep panel keeps the live view type.
    const savedKind = (raw as { kind?: unknown } | null)?.kind;
    const shown = kind === 'live' && (savedKind === 'results' || savedKind === 'sweep') ? savedKind : kind;
    const state = parsePanelState(raw, shown);
    if (!state) return undefined;
    switch (shown) {
      case 'compare': {
        const runDirs = state.runDirs ?? [];
        return { key: keyOf(shown, ...runDirs), panel: new ComparePanel(panel, this.deps, runDirs) };
      }
      case 'live':
        return { key: keyOf(shown, state.runDir), panel: new LivePanel(panel, this.deps, state.runDir as string) };
      case 'sweep':
        return { key: keyOf(shown, state.runDir), panel: new SweepPanel(panel, this.deps, state.runDir as string) };
      case 'results': {
        const index = state.trialIndex ?? 0;
        return {
          key: keyOf(shown, state.runDir, index),
          panel: new ResultsPanel(panel, this.deps, state.runDir as string, index),
        };
      }
    }
  }

  private track(key: string, panel: Panel): void {
    this.open.set(key, panel);
    panel.onDidDispose(() => {
      if (this.open.get(key) === panel) this.open.delete(key);
    });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const p of [...this.open.values()]) p.dispose();
    this.open.clear();
  }
}

function keyOf(kind: PanelKind, ...parts: Array<string | number | undefined>): string {
  return [kind, ...parts.map((p) => (typeof p === 'string' ? path.resolve(p) : String(p ?? '')))].join('|');
}
