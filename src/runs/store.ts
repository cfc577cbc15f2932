// The only code that knows the runs folder layout:
//   <runsRoot>/<experiment-slug>/<run-id>/run.json   (+ model/ or trials/<i>/model/)
// Records are written to a temp file and renamed, so a reader never sees half a file, and a
// new run always gets a fresh folder, so no run overwrites another.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { EnvironmentInfo, RunRecord } from '../core/record';
import { timestampName } from '../core/run-id';

export const RUN_FILE = 'run.json';

export function runsRootFor(workspaceFolder: string): string {
  return path.join(workspaceFolder, '.mnistlab', 'runs');
}

export function slugify(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'experiment';
}

/** Creates a new, empty run folder; the id sorts by creation time. */
export function createRunDir(runsRoot: string, experimentName: string, now = new Date()): { runId: string; runDir: string } {
  for (;;) {
    const runId = `${timestampName(now)}-${randomBytes(2).toString('hex')}`;
    const runDir = path.join(runsRoot, slugify(experimentName), runId);
    if (existsSync(runDir)) continue;
    mkdirSync(runDir, { recursive: true });
    return { runId, runDir };
  }
}

export function writeRunAtomic(runDir: string, record: RunRecord): void {
  const target = path.join(runDir, RUN_FILE);
  const temp = `${target}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
  writeFileSync(temp, JSON.stringify(record, null, 1));
  renameSync(temp, target);
}

export async function readRun(runDir: string): Promise<RunRecord> {
  const file = path.join(runDir, RUN_FILE);
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as RunRecord;
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** Every readable run below runsRoot, newest first; unreadable folders are skipped. */
export async function listRuns(runsRoot: string): Promise<{ runDir: string; record: RunRecord }[]> {
  const runs: { runDir: string; record: RunRecord }[] = [];
  let experiments: string[];
  try {
    experiments = await readdir(runsRoot);
  } catch {
    return runs;
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
      } catch {
        // A folder being created, or one a user broke by hand: not a run we can show.
      }
    }
  }
  return runs.sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt) || b.record.id.localeCompare(a.record.id));
}

export async function deleteRun(runDir: string): Promise<void> {
  if (!existsSync(path.join(runDir, RUN_FILE))) throw new Error(`${runDir}: not a run folder (no ${RUN_FILE}); refusing to delete it`);
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
