// What a command invoked from the Experiments tree acts on, as plain data (no vscode here, so
// it is unit-tested in Node). The tree calls a command with the clicked row and the whole
// multi-selection; rows that are not runs (a day, "Show more") group or page runs and are
// never acted on themselves: a day row beside run rows is skipped, a day row alone is reported.
import type { QueuedRun } from '../runs/run-manager';
import type { ExperimentsTreeNode, RunNode } from '../tree/experiments-tree';

export type NodeTarget =
  | { kind: 'experiment'; file: string }
  /** `node` when the run came from the tree (delete needs its experiment file and record). */
  | { kind: 'run'; runDir: string; trialIndex?: number; node?: RunNode }
  | { kind: 'queued'; run: QueuedRun };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A tree row (or a plain `{ runDir, trial?: { index } }`) as a target; undefined for rows that group others. */
export function nodeTarget(arg: unknown): NodeTarget | undefined {
  if (!isObject(arg)) return undefined;
  const node = arg as Partial<ExperimentsTreeNode> & Record<string, unknown>;
  switch (node.kind) {
    case 'experiment':
      return { kind: 'experiment', file: node.file as string };
    case 'run':
      return { kind: 'run', runDir: node.runDir as string, node: node as RunNode };
    case 'trial':
      return { kind: 'run', runDir: node.runDir as string, trialIndex: (node.trial as { index: number }).index };
    case 'queued':
      return { kind: 'queued', run: node.run as QueuedRun };
    case 'day':
    case 'more':
    case 'samples':
    case 'noRuns':
      return undefined;
  }
  // A plain { runDir, trial?: { index } } from a caller outside the tree.
  if (typeof node.runDir === 'string') {
    const index = isObject(node.trial) && typeof node.trial.index === 'number' ? node.trial.index : undefined;
    return { kind: 'run', runDir: node.runDir, trialIndex: index };
  }
  return undefined;
}

/** The items a command acts on: the tree's multi-selection when it passed one, else its argument. */
export function selectedItems(args: readonly unknown[]): unknown[] {
  const [first, selected] = args;
  return Array.isArray(selected) && selected.length > 0 ? selected : [first];
}

export function isDayRow(item: unknown): boolean {
  return isObject(item) && item.kind === 'day';
}

/**
 * True when a command was given tree rows and every one is a day row: it has no run to act on,
 * and asking the user to pick one from all runs instead would be a surprise.
 */
export function onlyDayRows(args: readonly unknown[]): boolean {
  const items = selectedItems(args);
  return items.length > 0 && items.every(isDayRow);
}
