// A run record without its kept test images, for panels that list trials (sweep, compare):
// the images are ~95 % of a record (a 256-trial sweep's run.json is 60 MB, of which 57 MB are
// pixels), and parsing them only to drop them is what made those panels cost hundreds of MB.
// The file is streamed through SamplesDropper, so the pixels never become one string or any
// object; every `"samples": [ … ]` array is written as `[]` and the rest is checked as usual.
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../core/record';
import { parseRunRecord, UnreadableRunError } from './record-check';
import { readRunFile, RUN_FILE } from './store';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const KEY = Buffer.from('samples');

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Streaming filter over the bytes of a JSON text: an array that is the value of a "samples"
 * key comes out as `[]`, everything else byte for byte. Chunks may split anything (a key, an
 * escape, a multi-byte character: JSON's structural bytes are ASCII and never occur inside a
 * UTF-8 sequence). Any other value of a "samples" key (the experiment's `evaluation.samples`
 * count) is kept.
 */
export class SamplesDropper {
  private inString = false;
  private escaped = false;
  /** Bytes of the string being read, while it can still equal KEY. */
  private stringBytes = 0;
  private stringMatches = false;
  /** The last token was the string "samples" (whitespace since allowed). */
  private afterKey = false;
  /** After `"samples":`, before its value. */
  private beforeValue = false;
  /** Depth inside a dropped array (0: not dropping). */
  private depth = 0;
  private skipString = false;
  private skipEscaped = false;
  /** "samples" arrays seen so far, in document order. */
  private arrays = 0;

  /** @param keep the ordinal (0-based, document order) of one "samples" array to keep whole. */
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
          continue;
        }
      }
      out[n++] = b;
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          this.stringMatches = false;
        } else if (b === BACKSLASH) {
          this.escaped = true;
          this.stringMatches = false;
        } else if (b === QUOTE) {
          this.inString = false;
          this.afterKey = this.stringMatches && this.stringBytes === KEY.length;
        } else {
          this.stringMatches = this.stringMatches && this.stringBytes < KEY.length && KEY[this.stringBytes] === b;
          this.stringBytes++;
        }
        continue;
      }
      if (b === QUOTE) {
        this.inString = true;
        this.stringBytes = 0;
        this.stringMatches = true;
        this.afterKey = false;
      } else if (b === COLON && this.afterKey) {
        this.afterKey = false;
        this.beforeValue = true;
      } else if (!isSpace(b)) this.afterKey = false;
    }
    return out.subarray(0, n);
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
