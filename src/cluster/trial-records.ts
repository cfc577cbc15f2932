// Finds and reads the trial records a sweep's cluster tasks wrote, through the same checked
// reader as every other run. Every file that looks like a record but cannot be used is reported
// with its path, the JSON pointer and what was expected; nothing is dropped silently.
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../core/record';
import { RUN_FILE, UnreadableRunError, readRunFile } from '../runs/store';

export interface FoundRecord {
  file: string;
  record: RunRecord;
}

export interface RecordProblem {
  file: string;
  pointer: string;
  message: string;
  /** The run reader refused it (not JSON, wrong shape): reported in its words. */
  unreadable?: boolean;
}

/** One line: "unreadable run: <path>: <why>" as everywhere else, or why a readable run cannot be merged. */
export function formatRecordProblem(p: RecordProblem): string {
  if (p.unreadable) return new UnreadableRunError(p.file, p.message).message;
  return `unusable trial record: ${p.file}: ${p.pointer || '/'}: ${p.message}`;
}

/** run.json files given directly or anywhere below the given folders (model folders skipped). */
export function findRecordFiles(inputs: readonly string[]): { files: string[]; problems: RecordProblem[] } {
  const files: string[] = [];
  const problems: RecordProblem[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ file: dir, pointer: '', message: `cannot read the folder: ${(e as Error).message}` });
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'model') walk(full);
      else if (e.isFile() && e.name === RUN_FILE) files.push(full);
    }
  };
  for (const input of inputs) {
    const full = path.resolve(input);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      problems.push({ file: full, pointer: '', message: 'no such file or folder' });
      continue;
    }
    if (stat.isDirectory()) walk(full);
    else files.push(full);
  }
  return { files: [...new Set(files)], problems };
}

/** What merging needs beyond a readable run record: it is a trial record, its indices in its sweep. */
export function trialRecordProblems(record: RunRecord, file: string): RecordProblem[] {
  const p = (pointer: string, message: string): RecordProblem => ({ file, pointer, message });
  const part = record.sweepPart;
  if (part === undefined)
    return [
      p(
        '/sweepPart',
        'missing: this is a whole run, not a trial record; merge takes what `mnist-lab run --trial` writes',
      ),
    ];
  if (record.trials.length === 0) return [p('/trials', 'expected at least one trial')];
  const out: RecordProblem[] = [];
  record.trials.forEach((t, i) => {
    if (t.index >= part.of)
      out.push(p(`/trials/${i}/index`, `expected a trial index from 0 to ${part.of - 1}, got ${t.index}`));
    if (t.status === 'done' && t.result === null) out.push(p(`/trials/${i}/result`, 'a done trial needs its result'));
  });
  return out;
}

/** Reads every file as the run reader does; good records and the problems of the rest. */
export async function readTrialRecords(
  files: readonly string[],
): Promise<{ records: FoundRecord[]; problems: RecordProblem[] }> {
  const records: FoundRecord[] = [];
  const problems: RecordProblem[] = [];
  for (const file of files) {
    let record: RunRecord;
    try {
      record = await readRunFile(file);
    } catch (e) {
      if (!(e instanceof UnreadableRunError)) throw e;
      problems.push({ file, pointer: '', message: e.reason, unreadable: true });
      continue;
    }
    const shape = trialRecordProblems(record, file);
    if (shape.length > 0) problems.push(...shape);
    else records.push({ file, record });
  }
  return { records, problems };
}
