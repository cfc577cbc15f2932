// The only code that knows the runs folder layout:
//   <runsRoot>/<experiment-slug>/<run-id>/run.json   (+ model/ or trials/<i>/model/)
// Records are written to a temp file and renamed, so a reader never sees half a file, and a
// new run always gets a fresh folder, so no run overwrites another.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { EnvironmentInfo, RunRecord } from '../core/record';
import { timestampName } from '../core/run-id';
import { FileWriteError } from '../core/fs-error';
import { parseRunRecord, UnreadableRunError } from './record-check';
import { writeSummaryFor } from './summary-file';

export { UnreadableRunError } from './record-check';

export const RUN_FILE = 'run.json';

/** Where a trial's trained model is saved: model/ of a single-trial run, trials/<i>/model/ of a sweep. */
export function modelDirOf(runDir: string, trialIndex: number, trialCount: number): string {
  return trialCount === 1 ? path.join(runDir, 'model') : path.join(runDir, 'trials', String(trialIndex), 'model');
}

export function runsRootFor(workspaceFolder: string): string {
  return path.join(workspaceFolder, '.mnistlab', 'runs');
}

export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'experiment'
  );
}

/** Creates a new, empty run folder; the id sorts by creation time. */
export function createRunDir(
  runsRoot: string,
  experimentName: string,
  now = new Date(),
): { runId: string; runDir: string } {
  for (;;) {
    const runId = `${timestampName(now)}-${randomBytes(2).toString('hex')}`;
    const runDir = path.join(runsRoot, slugify(experimentName), runId);
    if (existsSync(runDir)) continue;
    try {
      mkdirSync(runDir, { recursive: true });
    } catch (e) {
      throw new FileWriteError(runDir, e, 'create the run folder');
    }
    return { runId, runDir };
  }
}

export function writeRunAtomic(runDir: string, record: RunRecord): void {
  const target = path.join(runDir, RUN_FILE);
  const temp = `${target}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(record, null, 1));
    renameSync(temp, target);
  } catch (e) {
    // The previous run.json is untouched (the rename never happened); only the temp file goes.
    rmSync(temp, { force: true });
    throw new FileWriteError(describeTarget(runDir, target), e);
  }
  // Lists read this instead of the whole record (src/runs/summary-index.ts).
  writeSummaryFor(target, record);
}

/** A vanished or replaced run folder is the cause to name, not the file inside it. */
function describeTarget(runDir: string, target: string): string {
  try {
    return statSync(runDir).isDirectory() ? target : runDir;
  } catch {
    return runDir;
  }
}

/** The checked record of a run folder; throws UnreadableRunError ("unreadable run: <path>: <why>"). */
export async function readRun(runDir: string): Promise<RunRecord> {
  return readRunFile(path.join(runDir, RUN_FILE));
}

/** The checked record in a file of any name (a run.json handed over by path, a copy). */
export async function readRunFile(file: string): Promise<RunRecord> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UnreadableRunError(file, `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseRunRecord(text, file);
}

export interface RunListing {
  runs: { runDir: string; record: RunRecord }[];
  /** Run folders whose run.json exists but cannot be used, each with the reason. */
  unreadable: { runDir: string; file: string; reason: string }[];
}

/** Every readable run below runsRoot, newest first; unreadable records are skipped. */
export async function listRuns(runsRoot: string): Promise<{ runDir: string; record: RunRecord }[]> {
  return (await listRunsReport(runsRoot)).runs;
}

/** Every run below runsRoot, newest first, and every run.json that could not be read, with why. */
export async function listRunsReport(runsRoot: string): Promise<RunListing> {
  const runs: { runDir: string; record: RunRecord }[] = [];
  const unreadable: RunListing['unreadable'] = [];
  let experiments: string[];
  try {
    experiments = await readdir(runsRoot);
  } catch {
    return { runs, unreadable };
  }
  for (const experiment of experiments) {
    let ids: string[];
    try {
      ids = await readdir(path.join(runsRoot, experiment));
    } catch {
      continue;
    }
    for (const id of ids) {
      const runDir = path.join(runsRoot, experiment, id);
      try {
        runs.push({ runDir, record: await readRun(runDir) });
      } catch (e) {
        // A folder without run.json is not a run (a stray folder, or one being created).
        if (e instanceof UnreadableRunError && existsSync(path.join(runDir, RUN_FILE)))
          unreadable.push({ runDir, file: e.file, reason: e.reason });
      }
    }
  }
  runs.sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt) || b.record.id.localeCompare(a.record.id));
  return { runs, unreadable };
}

/**
 * Every run.json below a runs root with its modification time, keyed by run folder: a cheap
 * scan (two directory listings and one stat per run) for noticing runs written elsewhere.
 */
export async function runFileTimes(runsRoot: string): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  const list = (dir: string) => readdir(dir).catch(() => [] as string[]);
  for (const experiment of await list(runsRoot)) {
    for (const id of await list(path.join(runsRoot, experiment))) {
      const runDir = path.join(runsRoot, experiment, id);
      const info = await stat(path.join(runDir, RUN_FILE)).catch(() => null);
      if (info) times.set(runDir, info.mtimeMs);
    }
  }
  return times;
}

/**
 * A glob for every run.json below `runsRoot`, anchored at the nearest folder that exists
 * (file watchers report nothing for a folder that does not exist yet). Reads, never creates.
 */
export function runFilesGlob(runsRoot: string): { base: string; pattern: string } {
  let base = runsRoot;
  const missing: string[] = [];
  while (!existsSync(base) && path.dirname(base) !== base) {
    missing.unshift(path.basename(base));
    base = path.dirname(base);
  }
  return { base, pattern: [...missing, '*', '*', RUN_FILE].join('/') };
}

/** The run folder a run.json path belongs to. */
export function runDirOf(runFile: string): string {
  return path.dirname(runFile);
}

/** Creates the runs root if it can; false when it cannot (a path below a file, no permission). */
export function ensureRunsRoot(runsRoot: string): boolean {
  try {
    mkdirSync(runsRoot, { recursive: true });
    return true;
  } catch {
    return false;
  }
}

export async function deleteRun(runDir: string): Promise<void> {
  if (!existsSync(path.join(runDir, RUN_FILE)))
    throw new Error(`${runDir}: not a run folder (no ${RUN_FILE}); refusing to delete it`);
  await rm(runDir, { recursive: true, force: true });
}

export function environmentInfo(): EnvironmentInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  };
}
