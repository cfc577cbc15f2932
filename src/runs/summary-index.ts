// Listing runs from their summary.json (src/runs/summary-file.ts) instead of their whole
// run.json. A summary is used only while the run.json beside it has the size and mtime the
// summary names; otherwise (a run from before summaries, a record edited or copied by hand, a
// summary that is corrupt) it is rebuilt from the checked record, once. A record that cannot be
// read is reported the way listRunsReport reports it, never dropped silently.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { summarizeRun, type RunSummary } from '../core/run-summary';
import { readRunFile, RUN_FILE, slugify, UnreadableRunError } from './store';
import { parseSummaryFile, sameStamp, SUMMARY_FILE, writeSummaryFor, type RunFileStamp } from './summary-file';

export interface SummaryListing {
  runs: { runDir: string; summary: RunSummary }[];
  unreadable: { runDir: string; file: string; reason: string }[];
}

export type SummaryRead =
  | { kind: 'run'; summary: RunSummary; stamp: RunFileStamp; rebuilt: boolean }
  | { kind: 'unreadable'; file: string; reason: string; stamp: RunFileStamp }
  | { kind: 'none' };

async function stampOf(file: string): Promise<RunFileStamp | null> {
  const info = await stat(file).catch(() => null);
  return info?.isFile() ? { mtimeMs: info.mtimeMs, size: info.size } : null;
}

/** How a listing treats a missing or stale summary.json once it has rebuilt it from run.json. */
export interface SummaryOptions {
  /**
   * Write the rebuilt summary.json (default true: the extension keeps its runs folder fast).
   * False for commands that only read (`mnist-lab list`): they leave every folder as it was.
   */
  write?: boolean;
}

/**
 * The summary of one run folder: from summary.json when it matches run.json, else rebuilt from
 * run.json (and summary.json rewritten, when it can be and `write` is not false). `none` when
 * the folder has no run.json.
 */
export async function readSummary(runDir: string, options: SummaryOptions = {}): Promise<SummaryRead> {
  const runFile = path.join(runDir, RUN_FILE);
  const stamp = await stampOf(runFile);
  if (!stamp) return { kind: 'none' };
  try {
    const cached = parseSummaryFile(await readFile(path.join(runDir, SUMMARY_FILE), 'utf8'));
    if (sameStamp(cached.runFile, stamp)) return { kind: 'run', summary: cached.summary, stamp, rebuilt: false };
  } catch {
    // Missing, corrupt or from another format: the record decides.
  }
  let summary: RunSummary;
  try {
    summary = summarizeRun(await readRunFile(runFile));
  } catch (e) {
    if (e instanceof UnreadableRunError) return { kind: 'unreadable', file: e.file, reason: e.reason, stamp };
    throw e;
  }
  // Written only when the record did not change while it was read: a summary must describe
  // exactly the run.json whose stamp it carries.
  const after = await stampOf(runFile);
  if (options.write !== false && after && sameStamp(after, stamp)) writeSummaryFor(runFile, summary, stamp);
  return { kind: 'run', summary, stamp: after ?? stamp, rebuilt: true };
}

const sortNewestFirst = (runs: SummaryListing['runs']): SummaryListing['runs'] =>
  runs.sort(
    (a, b) => b.summary.createdAt.localeCompare(a.summary.createdAt) || b.summary.id.localeCompare(a.summary.id),
  );

async function runDirsBelow(runsRoot: string): Promise<string[]> {
  const list = (dir: string) => readdir(dir).catch(() => [] as string[]);
  const dirs: string[] = [];
  for (const experiment of await list(runsRoot)) {
    for (const id of await list(path.join(runsRoot, experiment))) dirs.push(path.join(runsRoot, experiment, id));
  }
  return dirs;
}

/** Every run below runsRoot from its summary, newest first, and every unreadable run.json with why. */
export async function listRunSummaries(runsRoot: string, options: SummaryOptions = {}): Promise<SummaryListing> {
  return new SummaryIndex(options).list(runsRoot);
}

interface Entry {
  read: Exclude<SummaryRead, { kind: 'none' }>;
}

/**
 * Summaries kept in memory between listings. A listing stats every run.json and re-reads only
 * folders whose run.json changed; `update(runDir)` re-reads one folder, for a watcher event.
 */
export class SummaryIndex {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: SummaryOptions = {}) {}

  /** Re-reads one run folder; returns what it holds now (`none` once it is gone). */
  async update(runDir: string): Promise<SummaryRead> {
    const read = await readSummary(runDir, this.options);
    if (read.kind === 'none') this.entries.delete(runDir);
    else this.entries.set(runDir, { read });
    return read;
  }

  forget(runDir: string): void {
    this.entries.delete(runDir);
  }

  /** The summary last read for a folder, without touching the disk. */
  cached(runDir: string): RunSummary | undefined {
    const entry = this.entries.get(runDir);
    return entry?.read.kind === 'run' ? entry.read.summary : undefined;
  }

  async list(runsRoot: string): Promise<SummaryListing> {
    const runs: SummaryListing['runs'] = [];
    const unreadable: SummaryListing['unreadable'] = [];
    const root = path.join(runsRoot, path.sep);
    const dirs = await runDirsBelow(runsRoot);
    const present = new Set(dirs);
    for (const key of this.entries.keys()) if (key.startsWith(root) && !present.has(key)) this.entries.delete(key);
    for (const runDir of dirs) {
      const entry = this.entries.get(runDir);
      let read: SummaryRead;
      if (entry) {
        const stamp = await stampOf(path.join(runDir, RUN_FILE));
        read = stamp && sameStamp(stamp, entry.read.stamp) ? entry.read : await this.update(runDir);
      } else {
        read = await this.update(runDir);
      }
      if (read.kind === 'run') runs.push({ runDir, summary: read.summary });
      else if (read.kind === 'unreadable' && existsSync(path.join(runDir, RUN_FILE)))
        unreadable.push({ runDir, file: read.file, reason: read.reason });
    }
    return { runs: sortNewestFirst(runs), unreadable };
  }
}

/**
 * Whether an experiment file has runs, from summary.json files alone and only in the folder
 * its runs are written to (<runsRoot>/<slug of its name>): what the tree's first level needs
 * to decide, without listing every run or opening any run.json. A summary is trusted here even
 * when its stamp is stale, since the experiment file a run belongs to never changes. `null`
 * when it cannot tell (a run folder without a summary and none that matched): the caller asks
 * the full listing, off the first level's path.
 */
export async function hasRunsBySummary(
  runsRoot: string,
  experimentName: string,
  file: string,
): Promise<boolean | null> {
  const dir = path.join(runsRoot, slugify(experimentName));
  const ids = await readdir(dir).catch(() => [] as string[]);
  let unknown = false;
  for (const id of ids) {
    const runDir = path.join(dir, id);
    let text: string;
    try {
      text = await readFile(path.join(runDir, SUMMARY_FILE), 'utf8');
    } catch {
      // No summary: a run from before summaries, or a folder being created; run.json decides.
      if (existsSync(path.join(runDir, RUN_FILE))) unknown = true;
      continue;
    }
    try {
      const owner = parseSummaryFile(text).summary.experiment.file;
      if (owner !== null && path.resolve(owner) === path.resolve(file)) return true;
    } catch {
      unknown = true;
    }
  }
  return unknown ? null : false;
}
