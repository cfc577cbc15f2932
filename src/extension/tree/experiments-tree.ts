// The "Experiments" view: experiment files, each expanding to its runs (newest first; by day
// when there are many), a sweep run to its trials; long lists come a page at a time. Rows are
// built from run summaries (src/runs/summary-index.ts), never from whole records. Nodes are
// cached by identity so a run update refreshes only that run's row.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunStatus } from '../../core/record';
import { summarizeRun, type RunSummary, type TrialBrief } from '../../core/run-summary';
import { hasRunsBySummary, SummaryIndex } from '../../runs/summary-index';
import { COMMANDS } from '../command-ids';
import {
  EXPERIMENT_SUFFIX,
  findBundledSamples,
  findWorkspaceExperiments,
  samplesDir,
  summarizeExperiment,
} from '../experiments/files';
import { compactTrialLabel, runDescription, runTitle, trialDescription } from '../runs/run-format';
import { namedFiles } from '../experiments/named-files';
import type { ExpandedRows } from './expanded-state';
import { markdownText } from './markdown-text';
import { uncopiedSamples } from '../experiments/sample-copies';
import type { QueuedRun, RunManager } from '../runs/run-manager';
import { rowStateText, runRowState, type RunRowState } from './run-row-state';
import { GROUP_RUNS_OVER, groupByDay, page, PAGE_SIZE, statusCounts } from './run-groups';

export interface ExperimentNode {
  readonly kind: 'experiment';
  readonly file: string;
  readonly bundled: boolean;
}
export interface SamplesNode {
  readonly kind: 'samples';
}
export interface RunNode {
  readonly kind: 'run';
  readonly runDir: string;
  readonly file: string;
  summary: RunSummary;
  /** The day row it is listed under, when its experiment's runs are grouped. */
  day?: DayNode;
}
export interface TrialNode {
  readonly kind: 'trial';
  readonly runDir: string;
  readonly trial: TrialBrief;
}
/** One day of an experiment's runs, when it has more than GROUP_RUNS_OVER. */
export interface DayNode {
  readonly kind: 'day';
  readonly file: string;
  readonly day: string;
  description: string;
}
/** "Show more": the next page of the rows below `parent`. */
export interface MoreNode {
  readonly kind: 'more';
  readonly parent: ExperimentNode | DayNode | RunNode;
  readonly remaining: number;
}
export interface QueuedNode {
  readonly kind: 'queued';
  readonly run: QueuedRun;
  readonly position: number;
}
/** The one row of an experiment that has no runs yet: a click runs it (quick). */
export interface NoRunsNode {
  readonly kind: 'noRuns';
  readonly file: string;
}
export type ExperimentsTreeNode =
  ExperimentNode | SamplesNode | RunNode | TrialNode | QueuedNode | NoRunsNode | DayNode | MoreNode;

export interface ExperimentsTreeDeps {
  extensionPath: string;
  manager: RunManager;
  runsRootForFile(file: string): string;
  /** Rows the user left expanded; without it every row starts collapsed. */
  expanded?: ExpandedRows;
}

/** Long enough for VS Code to ask for the first level's rows before the listing competes. */
const PREFETCH_AFTER_MS = 300;

const STATUS_ICONS: Record<RunStatus | Exclude<RunRowState, RunStatus>, vscode.ThemeIcon> = {
  interrupted: new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  elsewhere: new vscode.ThemeIcon('sync'),
  queued: new vscode.ThemeIcon('watch'),
  running: new vscode.ThemeIcon('loading~spin'),
  done: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  cancelled: new vscode.ThemeIcon('circle-slash'),
};

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

export class ExperimentsTreeProvider implements vscode.TreeDataProvider<ExperimentsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExperimentsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  private readonly experimentNodes = new Map<string, ExperimentNode>();
  private readonly runNodes = new Map<string, RunNode>();
  private readonly samplesNode: SamplesNode = { kind: 'samples' };
  private readonly dayNodes = new Map<string, DayNode>();
  /** Pages shown below a parent, by the parent's key; one page when absent. */
  private readonly pages = new Map<string, number>();
  /** Summaries kept between listings: a listing re-reads only folders whose run.json changed. */
  private readonly index = new SummaryIndex();
  /** One listing per runs root, shared by every experiment in it until a run changes. */
  private readonly listings = new Map<string, Promise<{ runDir: string; summary: RunSummary }[]>>();
  /** The listings above that have finished: the first level may use them, never wait for them. */
  private readonly settled = new Map<string, { runDir: string; summary: RunSummary }[]>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly deps: ExperimentsTreeDeps) {
    this.subscriptions.push(
      this.changed,
      deps.manager.onDidUpdate((u) => {
        if (u.progress) return; // epochs and status changes are what a row shows
        const node = this.runNodes.get(u.runDir);
        if (node) {
          node.summary = summarizeRun(u.record);
          this.changed.fire(node);
        }
      }),
      deps.manager.onDidChangeRuns(({ file }) => this.refreshExperiment(file)),
    );
  }

  /** Collapsed, or expanded when the user left it expanded (before a reload too). */
  private collapsed(node: CollapsibleNode): vscode.TreeItemCollapsibleState {
    return this.deps.expanded?.has(collapsibleId(node))
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed;
  }

  /** The TreeItem id of a node that can expand, for the view's expand and collapse events. */
  idOf(node: ExperimentsTreeNode): string | undefined {
    return node.kind === 'samples' || node.kind === 'experiment' || node.kind === 'day' || node.kind === 'run'
      ? collapsibleId(node)
      : undefined;
  }

  /** Everything again: files were added or removed, or the runs folder moved. */
  refresh(): void {
    this.listings.clear();
    this.settled.clear();
    this.changed.fire(undefined);
  }

  /**
   * The Refresh button: reads the experiment files and runs again, then redraws only the rows
   * whose content changed. Redrawing the whole tree re-creates every row, and a click that lands
   * while VS Code swaps them (long with 1,000 runs) selected the row but never opened it.
   */
  async refreshChanged(): Promise<void> {
    const before = await this.snapshot();
    this.listings.clear();
    const after = await this.snapshot();
    if (before.root !== after.root) {
      this.changed.fire(undefined);
      return;
    }
    for (const [file, runs] of after.runs) {
      if (before.runs.get(file) !== runs) this.changed.fire(this.experimentNodes.get(file));
    }
  }

  /** What the tree shows, as text to compare: its top rows, and each experiment's runs. */
  private async snapshot(): Promise<{ root: string; runs: Map<string, string> }> {
    const top = await this.rootChildren();
    const files = top.flatMap((n) => (n.kind === 'experiment' ? [n.file] : []));
    if (top.some((n) => n.kind === 'samples'))
      files.push(...(await this.listedSamples()).map((s) => path.resolve(s.file)));
    const runs = new Map<string, string>();
    for (const file of files) {
      const listed = await this.runsOf(file);
      runs.set(
        file,
        listed
          // The row state too: a run whose process died reads "interrupted" with the same run.json.
          .map(({ runDir, summary: s }) => `${runRowState(s, this.deps.manager.isActive(runDir))} ${JSON.stringify(s)}`)
          .join('\n'),
      );
    }
    return { root: files.join('\n'), runs };
  }

  /**
   * One experiment's runs changed (a run started, ended, was deleted or written by the CLI). The
   * next listing stats every run.json but reads only the changed ones.
   */
  refreshExperiment(file: string): void {
    this.listings.delete(this.deps.runsRootForFile(file));
    this.settled.delete(this.deps.runsRootForFile(file));
    const node = this.experimentNodes.get(path.resolve(file));
    this.changed.fire(node);
  }

  /**
   * A run folder changed on disk (a watcher event): that folder alone is read again. A known
   * run whose row still fits just has its row redrawn; anything else refreshes its experiment.
   * Resolves with the experiment file it belongs to, if it could tell.
   */
  async runFolderChanged(runDir: string): Promise<string | null> {
    const node = this.runNodes.get(runDir);
    const read = await this.index.update(runDir);
    if (node && read.kind === 'run' && read.summary.createdAt === node.summary.createdAt) {
      node.summary = read.summary;
      const listing = this.listings.get(this.deps.runsRootForFile(node.file));
      if (listing) {
        // The cached listing holds the same summary objects the nodes were made from.
        const entry = (await listing).find((r) => r.runDir === runDir);
        if (entry) entry.summary = read.summary;
      }
      this.changed.fire(node);
      return node.file;
    }
    const file = node?.file ?? (read.kind === 'run' ? read.summary.experiment.file : null);
    if (!node && read.kind !== 'run') this.refresh();
    else if (file) this.refreshExperiment(file);
    else this.refresh();
    return file;
  }

  /** A deleted run's node must not come back from the cache. */
  forgetRun(runDir: string): void {
    this.runNodes.delete(runDir);
    this.index.forget(runDir);
  }

  /** Shows the next page of rows below a "Show more" row's parent. */
  showMore(node: MoreNode): void {
    const key = collapsibleId(node.parent);
    this.pages.set(key, (this.pages.get(key) ?? 1) + 1);
    this.changed.fire(node.parent);
  }

  /** The node of an existing run folder, for a watcher event; undefined if never listed. */
  runNode(runDir: string): RunNode | undefined {
    return this.runNodes.get(runDir);
  }

  getParent(node: ExperimentsTreeNode): ExperimentsTreeNode | undefined {
    switch (node.kind) {
      case 'experiment':
        return node.bundled ? this.samplesNode : undefined;
      case 'run':
        return node.day ?? this.experimentNodes.get(path.resolve(node.file));
      case 'day':
        return this.experimentNodes.get(path.resolve(node.file));
      case 'more':
        return node.parent;
      case 'trial':
        return this.runNodes.get(node.runDir);
      case 'queued':
        return this.experimentNodes.get(path.resolve(node.run.request.file));
      case 'noRuns':
        return this.experimentNodes.get(path.resolve(node.file));
      case 'samples':
        return undefined;
    }
  }

  async getChildren(node?: ExperimentsTreeNode): Promise<ExperimentsTreeNode[]> {
    if (!node) return this.rootChildren();
    switch (node.kind) {
      case 'samples':
        return (await this.listedSamples()).map((s) => this.experimentNode(s.file, true));
      case 'experiment':
        return this.experimentChildren(node);
      case 'day':
        return this.dayChildren(node);
      case 'run': {
        if (node.summary.trials.length <= 1) return [];
        return this.paged(node, node.summary.trials, (trial): TrialNode => ({
          kind: 'trial',
          runDir: node.runDir,
          trial,
        }));
      }
      default:
        return [];
    }
  }

  /**
   * Empty (so the welcome view with "New Experiment" and "Open Case-Study Samples" shows) until
   * the workspace has an experiment or a bundled sample has been run. Decided from summaries
   * alone (hasRunsBySummary), so the first level never waits for a listing of every run.
   */
  private async rootChildren(): Promise<ExperimentsTreeNode[]> {
    const files = await this.workspaceFiles();
    const nodes: ExperimentsTreeNode[] = files.map((f) => this.experimentNode(f, false));
    const listed = await this.listedSamples();
    // Once every sample has been copied, the bundled node would be an empty duplicate.
    if (listed.length > 0 && (nodes.length > 0 || listed.some((s) => s.hasRuns))) nodes.push(this.samplesNode);
    // The listing an expanded experiment needs starts soon after the first level is shown
    // (its rows' items are read first), instead of on the first click.
    setTimeout(() => {
      for (const file of files) void this.runsOf(file);
    }, PREFETCH_AFTER_MS);
    return nodes;
  }

  /**
   * Whether a bundled sample has runs: a finished listing if there is one, else its summaries
   * (hasRunsBySummary). When those cannot tell, the answer is "no" for now and the listing runs
   * in the background; the root is redrawn if it finds runs.
   */
  private async sampleHasRuns(file: string, name: string): Promise<boolean> {
    if (this.deps.manager.queuedFor(file).length > 0) return true;
    if (this.deps.manager.activeRuns().some((a) => samePath(a.run.request.file, file))) return true;
    const root = this.deps.runsRootForFile(file);
    const settled = this.settled.get(root);
    if (settled) return settled.some((r) => this.belongsTo(r.summary, file));
    const quick = await hasRunsBySummary(root, name, file).catch(() => null);
    if (quick !== null) return quick;
    void this.runsOf(file).then((runs) => {
      if (runs.length > 0) this.changed.fire(undefined);
    });
    return false;
  }

  /** Bundled samples, less those the workspace has a copy of (unless they have runs of their own). */
  private async listedSamples(): Promise<{ file: string; hasRuns: boolean }[]> {
    const [bundled, workspace] = await Promise.all([
      namedFiles(await findBundledSamples(this.deps.extensionPath)),
      namedFiles(await this.workspaceFiles()),
    ]);
    const uncopied = new Set(uncopiedSamples(bundled, workspace).map((b) => b.file));
    const samples = await Promise.all(
      bundled.map(async ({ file, name }) => ({
        file,
        uncopied: uncopied.has(file),
        hasRuns: await this.sampleHasRuns(file, name),
      })),
    );
    return samples.filter((s) => s.uncopied || s.hasRuns);
  }

  private async workspaceFiles(): Promise<string[]> {
    // In the extension's own repository the samples are workspace files too; one node each.
    const bundledDir = samplesDir(this.deps.extensionPath) + path.sep;
    return (await findWorkspaceExperiments()).filter((f) => !f.startsWith(bundledDir));
  }

  private experimentNode(file: string, bundled: boolean): ExperimentNode {
    const key = path.resolve(file);
    let node = this.experimentNodes.get(key);
    if (!node) {
      node = { kind: 'experiment', file: key, bundled };
      this.experimentNodes.set(key, node);
    }
    return node;
  }

  private belongsTo(summary: RunSummary, file: string): boolean {
    return summary.experiment.file !== null && samePath(summary.experiment.file, file);
  }

  private async runsOf(file: string): Promise<{ runDir: string; summary: RunSummary }[]> {
    const root = this.deps.runsRootForFile(file);
    let listing = this.listings.get(root);
    if (!listing) {
      // A missing runs folder just means no runs yet.
      const started = this.index
        .list(root)
        .then((l) => l.runs)
        .catch(() => []);
      listing = started;
      this.listings.set(root, started);
      void started.then((runs) => {
        // Only if no refresh replaced this listing meanwhile.
        if (this.listings.get(root) === started) this.settled.set(root, runs);
      });
    }
    return (await listing).filter((r) => this.belongsTo(r.summary, file));
  }

  private nodeForRun(runDir: string, file: string, summary: RunSummary, day: DayNode | undefined): RunNode {
    let node = this.runNodes.get(runDir);
    if (!node) {
      node = { kind: 'run', runDir, file, summary };
      this.runNodes.set(runDir, node);
    }
    // The in-memory record of an active run is newer than its run.json.
    const active = this.deps.manager.activeRuns().find((a) => a.runDir === runDir);
    node.summary = active ? summarizeRun(active.record) : summary;
    node.day = day;
    return node;
  }

  /** The first pages of `items` as nodes, and a "Show more" row when some are left. */
  private paged<T>(
    parent: MoreNode['parent'],
    items: readonly T[],
    toNode: (item: T) => ExperimentsTreeNode,
  ): ExperimentsTreeNode[] {
    const { shown, remaining } = page(items, this.pages.get(collapsibleId(parent)) ?? 1);
    const nodes = shown.map(toNode);
    if (remaining > 0) nodes.push({ kind: 'more', parent, remaining });
    return nodes;
  }

  private async experimentChildren(node: ExperimentNode): Promise<ExperimentsTreeNode[]> {
    const { file } = node;
    const queued: ExperimentsTreeNode[] = this.deps.manager
      .queuedFor(file)
      .map(({ run, position }): QueuedNode => ({ kind: 'queued', run, position }));
    const listed = await this.runsOf(file);
    const seen = new Set(listed.map((r) => r.runDir));
    // A run that has just started may not be on disk yet; the manager knows it already.
    const live = this.deps.manager
      .activeRuns()
      .filter((a) => !seen.has(a.runDir) && a.run.request.file === file)
      .map((a) => this.nodeForRun(a.runDir, file, summarizeRun(a.record), undefined));
    if (queued.length + live.length + listed.length === 0) return [{ kind: 'noRuns', file }];
    if (listed.length <= GROUP_RUNS_OVER) {
      return [...queued, ...live, ...listed.map((r) => this.nodeForRun(r.runDir, file, r.summary, undefined))];
    }
    const days = groupByDay(listed, (r) => r.summary.createdAt).map(({ day, items }) => {
      const key = `${file}#${day}`;
      let dayNode = this.dayNodes.get(key);
      if (!dayNode) this.dayNodes.set(key, (dayNode = { kind: 'day', file, day, description: '' }));
      dayNode.description = statusCounts(items.map((r) => r.summary.status));
      return dayNode;
    });
    return [...queued, ...live, ...this.paged(node, days, (d) => d)];
  }

  private async dayChildren(node: DayNode): Promise<ExperimentsTreeNode[]> {
    const runs = (await this.runsOf(node.file)).filter(
      (r) => groupByDay([r], (x) => x.summary.createdAt)[0]!.day === node.day,
    );
    return this.paged(node, runs, (r) => this.nodeForRun(r.runDir, node.file, r.summary, node));
  }

  async getTreeItem(node: ExperimentsTreeNode): Promise<vscode.TreeItem> {
    switch (node.kind) {
      case 'samples': {
        const item = new vscode.TreeItem(vscode.l10n.t('Bundled samples'), this.collapsed(node));
        item.id = collapsibleId(node);
        item.iconPath = new vscode.ThemeIcon('library');
        item.tooltip = vscode.l10n.t(
          'The case-study experiments shipped with MNIST Lab. "Open Case-Study Samples" copies them into the workspace for editing.',
        );
        item.contextValue = 'samples';
        return item;
      }
      case 'experiment':
        return this.experimentItem(node);
      case 'run':
        return runItem(node, runRowState(node.summary, this.deps.manager.isActive(node.runDir)), this.collapsed(node));
      case 'trial':
        return trialItem(node);
      case 'noRuns': {
        const item = new vscode.TreeItem(
          vscode.l10n.t('No runs yet — Run (quick)'),
          vscode.TreeItemCollapsibleState.None,
        );
        item.id = `noRuns:${node.file}`;
        item.iconPath = new vscode.ThemeIcon('zap');
        item.tooltip = vscode.l10n.t(
          'Click to train this experiment on a small subset (Run Experiment (Quick)); the play button beside the experiment runs it in full.',
        );
        item.command = {
          title: vscode.l10n.t('Run Experiment (Quick)'),
          command: COMMANDS.runQuick,
          arguments: [vscode.Uri.file(node.file)],
        };
        return item;
      }
      case 'day': {
        const item = new vscode.TreeItem(node.day, this.collapsed(node));
        item.id = collapsibleId(node);
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon('calendar');
        item.contextValue = 'day';
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(
          vscode.l10n.t('Show {0} more', Math.min(node.remaining, PAGE_SIZE)),
          vscode.TreeItemCollapsibleState.None,
        );
        item.id = `more:${collapsibleId(node.parent)}`;
        item.description = vscode.l10n.t('{0} not shown', node.remaining);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.contextValue = 'more';
        item.command = { title: vscode.l10n.t('Show More'), command: COMMANDS.showMore, arguments: [node] };
        return item;
      }
      case 'queued': {
        const item = new vscode.TreeItem(vscode.l10n.t('Queued'), vscode.TreeItemCollapsibleState.None);
        item.id = `queued:${node.run.id}`;
        item.description = node.run.request.quick
          ? vscode.l10n.t('position {0} in the queue · quick', node.position)
          : vscode.l10n.t('position {0} in the queue', node.position);
        item.iconPath = STATUS_ICONS.queued;
        item.contextValue = 'queued';
        return item;
      }
    }
  }

  private async experimentItem(node: ExperimentNode): Promise<vscode.TreeItem> {
    const summary = await summarizeExperiment(node.file);
    const item = new vscode.TreeItem(summary.name, this.collapsed(node));
    item.id = collapsibleId(node);
    item.resourceUri = vscode.Uri.file(node.file);
    item.iconPath = new vscode.ThemeIcon('beaker');
    // The name is the label; the description tells same-named files apart without the suffix
    // every experiment shares.
    item.description = (node.bundled ? path.basename(node.file) : vscode.workspace.asRelativePath(node.file)).slice(
      0,
      -EXPERIMENT_SUFFIX.length,
    );
    // The name is the user's text: shown as text, never interpreted as Markdown (links, images).
    const paragraphs = [`**${markdownText(summary.name)}**`];
    if (summary.description) paragraphs.push(markdownText(summary.description));
    paragraphs.push(markdownText(node.file));
    item.tooltip = new vscode.MarkdownString(paragraphs.join('\n\n'));
    item.contextValue = node.bundled ? 'experiment.sample' : 'experiment';
    item.command = {
      title: vscode.l10n.t('Open Experiment'),
      command: 'vscode.open',
      arguments: [vscode.Uri.file(node.file)],
    };
    return item;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}

type CollapsibleNode = SamplesNode | ExperimentNode | DayNode | RunNode;

/**
 * The TreeItem id of a row that can expand: stable across refreshes and reloads. Also the key
 * of how many pages of its children are shown.
 */
export function collapsibleId(node: CollapsibleNode): string {
  switch (node.kind) {
    case 'samples':
      return 'samples';
    case 'experiment':
      return `experiment:${node.file}`;
    case 'day':
      return `day:${node.file}#${node.day}`;
    case 'run':
      return `run:${node.runDir}`;
  }
}

function runItem(node: RunNode, state: RunRowState, collapsible: vscode.TreeItemCollapsibleState): vscode.TreeItem {
  const { summary: record } = node;
  const sweep = record.trials.length > 1;
  const item = new vscode.TreeItem(runTitle(record), sweep ? collapsible : vscode.TreeItemCollapsibleState.None);
  item.id = collapsibleId(node);
  item.description =
    state === 'interrupted'
      ? vscode.l10n.t('interrupted')
      : state === 'elsewhere'
        ? vscode.l10n.t('{0} · elsewhere', runDescription(record))
        : runDescription(record);
  item.iconPath = STATUS_ICONS[state];
  item.tooltip = `${vscode.l10n.t('{0} — run {1}', record.experiment.name, record.id)}\n${rowStateText(state) ?? item.description}\n${node.runDir}`;
  // "run.<state>" plus ".sweep" lets package.json menus match with regular expressions: Stop
  // only for runs this window trains, Delete for finished and interrupted ones.
  item.contextValue = `run.${state}${sweep ? '.sweep' : ''}`;
  item.command = { title: vscode.l10n.t('Open Results'), command: COMMANDS.openResults, arguments: [node] };
  return item;
}

function trialItem(node: TrialNode): vscode.TreeItem {
  const { trial } = node;
  // Short enough that the values telling trials apart are not cut off; the tooltip has all.
  const item = new vscode.TreeItem(compactTrialLabel(trial), vscode.TreeItemCollapsibleState.None);
  item.id = `trial:${node.runDir}#${trial.index}`;
  item.description = trialDescription(trial, true);
  item.tooltip = `${trial.label}\n${trialDescription(trial)}`;
  item.iconPath = STATUS_ICONS[trial.status];
  item.contextValue = `trial.${trial.status}`;
  item.command = { title: vscode.l10n.t('Open Results'), command: COMMANDS.openResults, arguments: [node] };
  return item;
}
