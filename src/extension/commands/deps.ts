// What command handlers work with; composed in activate().
import type * as vscode from 'vscode';
import type { PanelRegistry } from '../panels/registry';
import type { RunManager } from '../runs/run-manager';
import type { ExperimentsTreeProvider } from '../tree/experiments-tree';
import type { PickDeps } from './targets';

export interface CommandDeps extends PickDeps {
  context: vscode.ExtensionContext;
  manager: RunManager;
  panels: PanelRegistry;
  tree: ExperimentsTreeProvider;
  log: vscode.LogOutputChannel;
  runsRootForFile(file: string): string;
}
