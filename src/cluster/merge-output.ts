// Writes a merged sweep as a new run (never over an existing one), with each trial's trained
// model copied to where a local sweep keeps it: <run>/trials/<i>/model.
import { cpSync, existsSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunRecord } from '../core/record';
import { createRunDir, writeRunAtomic } from '../runs/store';
import type { MergeOutcome } from './merge';

/** Where the task that wrote `recordFile` saved trial `index`'s model (controller.ts layout). */
function modelDirOf(recordFile: string, trialsInRecord: number, index: number): string | null {
  const dir = path.dirname(recordFile);
  const single = path.join(dir, 'model');
  const multi = path.join(dir, 'trials', String(index), 'model');
  const candidates = trialsInRecord === 1 ? [single, multi] : [multi, single];
  return candidates.find((c) => existsSync(path.join(c, 'model.json'))) ?? null;
}

export interface WrittenMerge {
  runId: string;
  runDir: string;
  record: RunRecord;
  /** Trials whose record said done but whose model folder was not found beside it. */
  modelsMissing: number[];
}

/** The merged run could not be written (a full disk, no permission); nothing was left behind. */
export class MergeWriteError extends Error {}

export function writeMergedRun(outcome: MergeOutcome, runsRoot: string): WrittenMerge {
  let created: { runId: string; runDir: string } | null = null;
  try {
    created = createRunDir(runsRoot, outcome.record.experiment.name);
    return writeInto(outcome, created.runId, created.runDir);
  } catch (e) {
    // Half a run (models without run.json) would only confuse; the trial records are untouched.
    if (created) rmSync(created.runDir, { recursive: true, force: true });
    throw new MergeWriteError(
      `cannot write the merged run in ${runsRoot}: ${(e as Error).message}; nothing was written there, and the trial records are untouched`,
    );
  }
}

function writeInto(outcome: MergeOutcome, runId: string, runDir: string): WrittenMerge {
  // Key order as the controller writes it, so a merged run.json diffs cleanly against a local one.
  const { format, heartbeatAt, search, ...rest } = outcome.record;
  // The merging process is the one that wrote this record, as a local sweep's controller is.
  const record: RunRecord = {
    format,
    id: runId,
    ...rest,
    trials: rest.trials.map((t) => ({ ...t })),
    owner: { pid: process.pid, host: os.hostname() },
    heartbeatAt,
    ...(search ? { search } : {}),
  };
  const modelsMissing: number[] = [];
  for (const s of outcome.sources) {
    const trial = record.trials.find((t) => t.index === s.index)!;
    if (!trial.result) continue;
    const from = s.file ? modelDirOf(s.file, s.trialsInRecord, s.index) : null;
    if (!from) {
      if (trial.result.modelPath !== null) modelsMissing.push(s.index);
      trial.result = { ...trial.result, modelPath: null };
      continue;
    }
    const to =
      record.trials.length === 1 ? path.join(runDir, 'model') : path.join(runDir, 'trials', String(s.index), 'model');
    cpSync(from, to, { recursive: true, errorOnExist: true, force: false });
    trial.result = { ...trial.result, modelPath: to };
  }
  writeRunAtomic(runDir, record);
  return { runId, runDir, record, modelsMissing };
}
