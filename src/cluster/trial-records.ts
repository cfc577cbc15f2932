// Finds and reads the trial records a sweep's cluster tasks wrote. Every file that looks like a
// record but cannot be used is reported with its path, the JSON pointer and what was expected;
// nothing is dropped silently.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../core/record';
import { RUN_FILE } from '../runs/store';

export interface FoundRecord {
  file: string;
  record: RunRecord;
}

export interface RecordProblem {
  file: string;
  pointer: string;
  message: string;
}

export function formatRecordProblem(p: RecordProblem): string {
  return `${p.file}: ${p.pointer || '/'}: ${p.message}`;
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

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The shape problems of a parsed trial record (only what merging relies on). */
export function trialRecordProblems(data: unknown, file: string): RecordProblem[] {
  const p = (pointer: string, message: string): RecordProblem => ({ file, pointer, message });
  if (!isObject(data)) return [p('', 'expected a run record (a JSON object)')];
  if (data.format !== 1)
    return [p('/format', `expected 1 (the run record format), got ${JSON.stringify(data.format)}`)];
  const part = data.sweepPart;
  if (part === undefined)
    return [
      p(
        '/sweepPart',
        'missing: this is a whole run, not a trial record; merge takes what `mnist-lab run --trial` writes',
      ),
    ];
  const out: RecordProblem[] = [];
  if (!isObject(part)) return [p('/sweepPart', 'expected an object')];
  if (!Number.isInteger(part.of) || (part.of as number) < 1)
    out.push(
      p('/sweepPart/of', `expected the sweep's trial count (a whole number ≥ 1), got ${JSON.stringify(part.of)}`),
    );
  if (typeof part.key !== 'string' || part.key === '')
    out.push(p('/sweepPart/key', 'expected the sweep key (a string)'));
  if (typeof part.quick !== 'boolean') out.push(p('/sweepPart/quick', 'expected true or false'));
  if (!isObject(data.experiment) || typeof data.experiment.name !== 'string')
    out.push(p('/experiment/name', 'expected the experiment name'));
  if (typeof data.status !== 'string') out.push(p('/status', 'expected a run status'));
  if (typeof data.createdAt !== 'string') out.push(p('/createdAt', 'expected an ISO time'));
  if (!Array.isArray(data.trials) || data.trials.length === 0) {
    out.push(p('/trials', 'expected at least one trial'));
    return out;
  }
  data.trials.forEach((t: unknown, i: number) => {
    if (!isObject(t)) return out.push(p(`/trials/${i}`, 'expected a trial object'));
    if (
      !Number.isInteger(t.index) ||
      (t.index as number) < 0 ||
      (Number.isInteger(part.of) && (t.index as number) >= (part.of as number))
    ) {
      out.push(
        p(
          `/trials/${i}/index`,
          `expected a trial index from 0 to ${Number(part.of) - 1}, got ${JSON.stringify(t.index)}`,
        ),
      );
    }
    if (typeof t.status !== 'string') out.push(p(`/trials/${i}/status`, 'expected a trial status'));
    if (!Array.isArray(t.history)) out.push(p(`/trials/${i}/history`, 'expected the list of epochs'));
    if (t.status === 'done' && !isObject(t.result)) out.push(p(`/trials/${i}/result`, 'a done trial needs its result'));
    if (!isObject(t.config)) out.push(p(`/trials/${i}/config`, 'expected the trial configuration'));
  });
  return out;
}

/** Reads every file; good records and the problems of the rest. */
export function readTrialRecords(files: readonly string[]): { records: FoundRecord[]; problems: RecordProblem[] } {
  const records: FoundRecord[] = [];
  const problems: RecordProblem[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      problems.push({ file, pointer: '', message: `cannot read the file: ${(e as Error).message}` });
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      problems.push({
        file,
        pointer: '',
        message: `not valid JSON (${(e as Error).message}); the task may have been killed while writing, or the file was damaged`,
      });
      continue;
    }
    const shape = trialRecordProblems(data, file);
    if (shape.length > 0) problems.push(...shape);
    else records.push({ file, record: data as RunRecord });
  }
  return { records, problems };
}
