// Keeps the tree in step with changes made outside the run manager: experiment files created,
// edited or deleted (editor, git, the samples command) and runs written by the CLI or deleted
// by hand. Runs the manager owns are refreshed from its own events, so their files are ignored.
import { existsSync, mkdirSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readRun } from '../../runs/store';
import { EXPERIMENT_GLOB } from '../experiments/files';
import type { ExperimentsTreeProvider } from './experiments-tree';
import type { RunManager } from '../runs/run-manager';
import { affectsRunsFolder, allRunsRoots } from '../settings';

const DEBOUNCE_MS = 400;
const POLL_MS = 5000;

/** run.json modification times below a runs root: <root>/<experiment>/<run>/run.json. */
async function runFileTimes(root: string): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  const list = (dir: string) => readdir(dir).catch(() => [] as string[]);
  for (const experiment of await list(root)) {
    for (const run of await list(path.join(root, experiment))) {
      const runDir = path.join(root, experiment, run);
      const info = await stat(path.join(runDir, 'run.json')).catch(() => null);
      if (info) times.set(runDir, info.mtimeMs);
    }
  }
  return times;
}

/**
 * run.json files below `root`. VS Code reports nothing for a watcher whose folder does not
 * exist yet, nor (seen in 1.100) for a glob that reaches `.mnistlab/…` from an ancestor, so
 * the runs folder is created here (an empty folder: git does not even list it) and watched
 * directly. Where it cannot be created, the nearest existing ancestor is the fallback.
 */
export function runFilesPattern(root: string): vscode.RelativePattern {
  try {
    mkdirSync(root, { recursive: true });
  } catch {
    // e.g. a runsFolder setting pointing below a file; the run itself will report that.
  }
  let base = root;
  const missing: string[] = [];
  while (!existsSync(base) && path.dirname(base) !== base) {
    missing.unshift(path.basename(base));
    base = path.dirname(base);
  }
  return new vscode.RelativePattern(vscode.Uri.file(base), [...missing, '*', '*', 'run.json'].join('/'));
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

  const runsChanged = debounced((runDirs) => {
    for (const runDir of runDirs) {
      const node = tree.runNode(runDir);
      if (node) {
        tree.refreshExperiment(node.file);
        continue;
      }
      readRun(runDir).then(
        (record) => (record.experiment.file ? tree.refreshExperiment(record.experiment.file) : tree.refresh()),
        () => tree.refresh(),
      );
    }
  });
  let runWatchers: vscode.Disposable[] = [];
  const watchRuns = (): void => {
    runWatchers.forEach((w) => w.dispose());
    runWatchers = allRunsRoots(deps.fallbackRunsRoot).map((root) => {
      const watcher = vscode.workspace.createFileSystemWatcher(runFilesPattern(root));
      const onRunFile = (uri: vscode.Uri): void => {
        const runDir = path.dirname(uri.fsPath);
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
      for (const root of allRunsRoots(deps.fallbackRunsRoot)) for (const [dir, mtime] of await runFileTimes(root)) now.set(dir, mtime);
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
