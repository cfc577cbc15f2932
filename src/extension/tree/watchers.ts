// Keeps the tree in step with changes made outside the run manager: experiment files created,
// edited or deleted (editor, git, the samples command) and runs written by the CLI or deleted
// by hand. Runs the manager owns are refreshed from its own events, so their files are ignored.
import * as vscode from 'vscode';
import { ensureRunsRoot, runDirOf, runFilesGlob, runFileTimes } from '../../runs/store';
import { EXPERIMENT_GLOB } from '../experiments/files';
import type { ExperimentsTreeProvider } from './experiments-tree';
import type { RunManager } from '../runs/run-manager';
import { affectsRunsFolder, allRunsRoots } from '../settings';

const DEBOUNCE_MS = 400;
const POLL_MS = 5000;

/** run.json files below `root`, as a pattern a file watcher takes (see runFilesGlob). */
export function runFilesPattern(root: string): vscode.RelativePattern {
  const { base, pattern } = runFilesGlob(root);
  return new vscode.RelativePattern(vscode.Uri.file(base), pattern);
}

interface WatchDeps {
  tree: ExperimentsTreeProvider;
  manager: RunManager;
  fallbackRunsRoot: string;
}

/** Calls `flush` once with every key seen during a quiet period. */
function debounced(flush: (keys: Set<string>) => void): { add(key: string): void; dispose(): void } {
  let keys = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  return {
    add(key) {
      keys.add(key);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const batch = keys;
        keys = new Set();
        flush(batch);
      }, DEBOUNCE_MS);
    },
    dispose: () => clearTimeout(timer),
  };
}

export function watchExperimentsAndRuns(context: vscode.ExtensionContext, deps: WatchDeps): void {
  const { tree, manager } = deps;

  const experimentsAddedOrRemoved = debounced(() => tree.refresh());
  const experimentsEdited = debounced((files) => files.forEach((f) => tree.refreshExperiment(f)));
  const experiments = vscode.workspace.createFileSystemWatcher(EXPERIMENT_GLOB);
  experiments.onDidCreate(() => experimentsAddedOrRemoved.add(''));
  experiments.onDidDelete(() => experimentsAddedOrRemoved.add(''));
  experiments.onDidChange((uri) => experimentsEdited.add(uri.fsPath));

  // Only the changed folders are read again (their summary.json), never the whole runs folder.
  const runsChanged = debounced((runDirs) => {
    for (const runDir of runDirs) tree.runFolderChanged(runDir).catch(() => tree.refresh());
  });
  let runWatchers: vscode.Disposable[] = [];
  const watchRuns = (): void => {
    runWatchers.forEach((w) => w.dispose());
    runWatchers = allRunsRoots(deps.fallbackRunsRoot).map((root) => {
      // VS Code reports nothing for a glob that reaches `.mnistlab/…` from an ancestor (seen in
      // 1.100), so the runs folder is created (an empty folder: git does not even list it) and
      // watched directly. If it cannot be, the run itself reports why; the nearest existing
      // ancestor is watched meanwhile.
      ensureRunsRoot(root);
      const watcher = vscode.workspace.createFileSystemWatcher(runFilesPattern(root));
      const onRunFile = (uri: vscode.Uri): void => {
        const runDir = runDirOf(uri.fsPath);
        if (!manager.isActive(runDir)) runsChanged.add(runDir);
      };
      watcher.onDidCreate(onRunFile);
      watcher.onDidChange(onRunFile);
      watcher.onDidDelete(onRunFile);
      return watcher;
    });
  };
  watchRuns();

  // File watchers can miss events (seen on a freshly started VS Code server; network drives
  // are worse), so a light poll backs them up: two readdir levels and one stat per run.
  let seen: Map<string, number> | null = null;
  let polling = false;
  const poll = async (): Promise<void> => {
    if (polling) return;
    polling = true;
    try {
      const now = new Map<string, number>();
      for (const root of allRunsRoots(deps.fallbackRunsRoot))
        for (const [dir, mtime] of await runFileTimes(root)) now.set(dir, mtime);
      if (seen) {
        const changed = [...now].filter(([dir, mtime]) => seen!.get(dir) !== mtime).map(([dir]) => dir);
        const removed = [...seen.keys()].filter((dir) => !now.has(dir));
        for (const dir of [...changed, ...removed]) if (!manager.isActive(dir)) runsChanged.add(dir);
      }
      seen = now;
    } finally {
      polling = false;
    }
  };
  void poll();
  const pollTimer = setInterval(() => void poll(), POLL_MS);

  context.subscriptions.push(
    { dispose: () => clearInterval(pollTimer) },
    experiments,
    experimentsAddedOrRemoved,
    experimentsEdited,
    runsChanged,
    { dispose: () => runWatchers.forEach((w) => w.dispose()) },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsRunsFolder(e)) return;
      watchRuns();
      tree.refresh();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      watchRuns();
      tree.refresh();
    }),
  );
}
