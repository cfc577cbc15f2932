// summary.json, written beside every run.json: the few hundred bytes a run list needs, so a
// folder of thousands of runs is listed without reading thousands of whole records. It is a
// cache and never the truth: it names the size and modification time of the run.json it was
// made from, and a reader that finds another run.json there rebuilds it from the record.
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RunRecord, RunStatus } from '../core/record';
import { SUMMARY_FORMAT, summarizeRun, type RunSummary, type TrialBrief } from '../core/run-summary';

export const SUMMARY_FILE = 'summary.json';

/** Which run.json a summary was made from. */
export interface RunFileStamp {
  mtimeMs: number;
  size: number;
}

export interface SummaryFile {
  summaryFormat: typeof SUMMARY_FORMAT;
  runFile: RunFileStamp;
  summary: RunSummary;
}

export function sameStamp(a: RunFileStamp, b: RunFileStamp): boolean {
  return a.mtimeMs === b.mtimeMs && a.size === b.size;
}

/**
 * Writes summary.json for the run.json just written to `runFile`. A summary that cannot be
 * written (disk full, folder gone) is left out: readers rebuild it, and the record itself —
 * the thing that must not be lost — was already written by then.
 */
export function writeSummaryFor(runFile: string, record: RunRecord | RunSummary, stamp?: RunFileStamp): boolean {
  const target = path.join(path.dirname(runFile), SUMMARY_FILE);
  const temp = `${target}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
  try {
    const info = stamp ?? statSync(runFile);
    const summary = 'summaryFormat' in record ? record : summarizeRun(record);
    const file: SummaryFile = {
      summaryFormat: SUMMARY_FORMAT,
      runFile: { mtimeMs: info.mtimeMs, size: info.size },
      summary,
    };
    writeFileSync(temp, JSON.stringify(file));
    renameSync(temp, target);
    return true;
  } catch {
    rmSync(temp, { force: true });
    return false;
  }
}

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'done', 'failed', 'cancelled'];

class ShapeError extends Error {
  constructor(
    readonly pointer: string,
    readonly expected: string,
  ) {
    super(`${pointer}: expected ${expected}`);
  }
}

type Obj = Record<string, unknown>;

function object(value: unknown, at: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ShapeError(at, 'an object');
  return value as Obj;
}
function str(o: Obj, key: string, at: string, nullable = false): void {
  const v = o[key];
  if (!(typeof v === 'string' || (nullable && v === null)))
    throw new ShapeError(`${at}/${key}`, nullable ? 'a string or null' : 'a string');
}
function num(o: Obj, key: string, at: string, nullable = false): void {
  const v = o[key];
  if (!(typeof v === 'number' || (nullable && v === null)))
    throw new ShapeError(`${at}/${key}`, nullable ? 'a number or null' : 'a number');
}
function status(o: Obj, key: string, at: string): void {
  if (!STATUSES.includes(o[key] as RunStatus)) throw new ShapeError(`${at}/${key}`, `one of ${STATUSES.join(', ')}`);
}

function checkTrial(value: unknown, at: string): TrialBrief {
  const t = object(value, at);
  num(t, 'index', at);
  str(t, 'label', at);
  object(t.params, `${at}/params`);
  status(t, 'status', at);
  num(t, 'epochs', at);
  num(t, 'epochsRun', at);
  str(t, 'error', at, true);
  if (t.result !== null) {
    const r = object(t.result, `${at}/result`);
    num(r, 'testAccuracy', `${at}/result`);
    num(r, 'testLoss', `${at}/result`);
  }
  return t as unknown as TrialBrief;
}

/**
 * The checked content of a summary.json; throws an Error whose message names the JSON pointer
 * of the first wrong field and what it should be.
 */
export function parseSummaryFile(text: string): SummaryFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON (${(e as Error).message})`, { cause: e });
  }
  try {
    const file = object(data, '');
    if (file.summaryFormat !== SUMMARY_FORMAT) throw new ShapeError('/summaryFormat', String(SUMMARY_FORMAT));
    const stamp = object(file.runFile, '/runFile');
    num(stamp, 'mtimeMs', '/runFile');
    num(stamp, 'size', '/runFile');
    const s = object(file.summary, '/summary');
    if (s.summaryFormat !== SUMMARY_FORMAT) throw new ShapeError('/summary/summaryFormat', String(SUMMARY_FORMAT));
    str(s, 'id', '/summary');
    const e = object(s.experiment, '/summary/experiment');
    str(e, 'name', '/summary/experiment');
    str(e, 'file', '/summary/experiment', true);
    str(e, 'kind', '/summary/experiment');
    status(s, 'status', '/summary');
    if (typeof s.quick !== 'boolean') throw new ShapeError('/summary/quick', 'a boolean');
    str(s, 'createdAt', '/summary');
    str(s, 'finishedAt', '/summary', true);
    str(s, 'error', '/summary', true);
    num(s, 'bestTestAccuracy', '/summary', true);
    if (!Array.isArray(s.trials)) throw new ShapeError('/summary/trials', 'an array');
    s.trials.forEach((t, i) => checkTrial(t, `/summary/trials/${i}`));
    return file as unknown as SummaryFile;
  } catch (e) {
    if (e instanceof ShapeError) throw new Error(`${e.pointer || '/'}: expected ${e.expected}`, { cause: e });
    throw e;
  }
}
