// A run record without its kept test images, for panels that list trials (sweep, compare):
// the images are ~95 % of a record (a 256-trial sweep's run.json is 60 MB, of which 57 MB are
// pixels), and parsing them only to drop them is what made those panels cost hundreds of MB.
// The file is streamed through SamplesDropper, so the pixels never become one string or any
// object; each trial's `result.samples` array is written as `[]` and the rest is checked as
// usual.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { RunRecord } from '../core/record';
import { parseRunRecord, UnreadableRunError } from './record-check';
import { readRunFile, RUN_FILE } from './store';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
/** Keys longer than this are never one the dropper looks for; their bytes are not kept. */
const MAX_KEY = 8;
/** Any key the dropper does not look for. */
const OTHER_KEY = '';

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Streaming filter over the bytes of a run record: the array at /trials/<i>/result/samples
 * (the kept test images) comes out as `[]`, everything else byte for byte, including other
 * "samples" (the experiment's `evaluation.samples` count, the gradient samples in an epoch's
 * dynamics). Chunks may split anything (a key, an escape, a multi-byte character: JSON's
 * structural bytes are ASCII and never occur inside a UTF-8 sequence).
 */
export class SamplesDropper {
  private inString = false;
  private escaped = false;
  /** The first MAX_KEY bytes of the string being read (its length may run past them). */
  private readonly stringBuf = Buffer.alloc(MAX_KEY);
  private stringLength = 0;
  /** The last string read (OTHER_KEY unless it may be one looked for), while it may be a key. */
  private lastString: string | null = null;
  /** The key whose value comes next (after its colon). */
  private pendingKey: string | null = null;
  /** Key of each open object or array, outermost first (null: the root, an array element). */
  private readonly path: Array<string | null> = [];
  /** After `"samples":` at a result's place, before its value. */
  private beforeValue = false;
  /** Depth inside a dropped array (0: not dropping). */
  private depth = 0;
  private skipString = false;
  private skipEscaped = false;
  /** Images arrays seen so far, in document order (one per trial with a result). */
  private arrays = 0;

  /** @param keep the ordinal (0-based, document order) of one images array to keep whole. */
  constructor(private readonly keep = -1) {}

  /** The kept bytes of one chunk. */
  push(chunk: Buffer): Buffer {
    const out = Buffer.allocUnsafe(chunk.length + 2);
    const len = chunk.length;
    let n = 0;
    let i = 0;
    let nextBackslash = -1;
    while (i < len) {
      if (this.depth > 0) {
        // Inside a dropped array (almost all of the file): strings (the pixels) are skipped with
        // indexOf, the next backslash of the chunk looked up once and reused until passed.
        let depth = this.depth;
        let inString = this.skipString;
        let escaped = this.skipEscaped;
        while (i < len && depth > 0) {
          if (inString) {
            if (escaped) {
              escaped = false;
              i++;
              continue;
            }
            if (nextBackslash < i) {
              nextBackslash = chunk.indexOf(BACKSLASH, i);
              if (nextBackslash < 0) nextBackslash = len;
            }
            const quote = chunk.indexOf(QUOTE, i);
            const end = quote < 0 ? len : quote;
            if (nextBackslash < end) {
              i = nextBackslash + 1;
              escaped = true;
            } else if (quote < 0) i = len;
            else {
              i = quote + 1;
              inString = false;
            }
            continue;
          }
          const b = chunk[i++]!;
          if (b === QUOTE) inString = true;
          else if (b === 0x5b || b === 0x7b) depth++;
          else if (b === 0x5d || b === 0x7d) depth--;
        }
        this.depth = depth;
        this.skipString = inString;
        this.skipEscaped = escaped;
        continue;
      }
      const b = chunk[i++]!;
      if (this.beforeValue) {
        if (isSpace(b)) {
          out[n++] = b;
          continue;
        }
        this.beforeValue = false;
        if (b === 0x5b && this.arrays++ !== this.keep) {
          out[n++] = 0x5b;
          out[n++] = 0x5d;
          this.depth = 1;
          this.pendingKey = null;
          continue;
        }
      }
      out[n++] = b;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) {
          this.inString = false;
          // Only "trials", "result" and "samples" matter; other keys are not decoded.
          const length = this.stringLength;
          this.lastString = length === 6 || length === 7 ? this.stringBuf.toString('latin1', 0, length) : OTHER_KEY;
          continue;
        }
        if (this.stringLength < MAX_KEY) this.stringBuf[this.stringLength] = b;
        this.stringLength++;
        continue;
      }
      if (b === QUOTE) {
        this.inString = true;
        this.stringLength = 0;
      } else if (b === COLON) {
        this.pendingKey = this.lastString;
        this.lastString = null;
        if (this.pendingKey === 'samples' && this.atResult()) this.beforeValue = true;
      } else if (b === 0x7b || b === 0x5b) {
        this.path.push(this.pendingKey);
        this.pendingKey = null;
      } else if (b === 0x7d || b === 0x5d) {
        this.path.pop();
        this.pendingKey = null;
      } else if (b === 0x2c) {
        this.pendingKey = null;
        this.lastString = null;
      }
    }
    return out.subarray(0, n);
  }

  /** Inside /trials/<i>/result: the root object, "trials", a trial, "result". */
  private atResult(): boolean {
    const p = this.path;
    return p.length === 4 && p[0] === null && p[1] === 'trials' && p[2] === null && p[3] === 'result';
  }
}

/**
 * The checked record of a run folder with every trial's `result.samples` empty. Throws
 * UnreadableRunError naming the file, as readRun does.
 */
export async function readRunWithoutSamples(runDir: string): Promise<RunRecord> {
  return readFiltered(path.join(runDir, RUN_FILE), new SamplesDropper());
}

/**
 * The checked record with the kept test images of the trial at `position` (in `trials`) only:
 * what one trial's results panel shows of a sweep. Two passes over the file: the first (without
 * any images) tells which "samples" array is that trial's, since only finished trials have one.
 */
export async function readRunWithSamplesOf(runDir: string, position: number): Promise<RunRecord> {
  const file = path.join(runDir, RUN_FILE);
  const lean = await readFiltered(file, new SamplesDropper());
  const trial = lean.trials[position];
  if (!trial?.result) return lean;
  const ordinal = lean.trials.slice(0, position).filter((t) => t.result !== null).length;
  const record = await readFiltered(file, new SamplesDropper(ordinal));
  // Rewritten between the passes (a trial finished elsewhere): the other array may have been kept.
  const same = record.trials.slice(0, position).filter((t) => t.result !== null).length === ordinal;
  return same ? record : readRunFile(file);
}

async function readFiltered(file: string, dropper: SamplesDropper): Promise<RunRecord> {
  const kept: Buffer[] = [];
  try {
    for await (const chunk of createReadStream(file)) kept.push(dropper.push(chunk as Buffer));
  } catch (e) {
    throw new UnreadableRunError(file, `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseRunRecord(Buffer.concat(kept).toString('utf8'), file);
}

/**
 * The last record read without images, reused while its run.json keeps its size and mtime:
 * opening a sweep reads it three times in a row (the command tells a walkthrough from a sweep,
 * the registry picks the panel, the panel fills), and a 256-trial sweep is 60 MB to stream.
 * One record only, so it costs what one lean record does (~3 MB for 256 trials). Callers must
 * not change the record they are given.
 */
export class LastLeanRecord {
  private last: { runDir: string; mtimeMs: number; size: number; record: Promise<RunRecord> } | null = null;

  async read(runDir: string): Promise<RunRecord> {
    const info = await stat(path.join(runDir, RUN_FILE)).catch(() => null);
    const last = this.last;
    if (info && last && last.runDir === runDir && last.mtimeMs === info.mtimeMs && last.size === info.size)
      return last.record;
    const record = readRunWithoutSamples(runDir);
    if (info) {
      const entry = { runDir, mtimeMs: info.mtimeMs, size: info.size, record };
      this.last = entry;
      record.catch(() => {
        if (this.last === entry) this.last = null;
      });
    }
    return record;
  }
}
