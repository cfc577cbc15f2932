// IDX (LeCun's MNIST format) reader: big-endian header, magic 0x0000 <type> <ndims>, then the
// dimensions, then the data. Only unsigned bytes (type 0x08) occur in MNIST-like datasets.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export class IdxError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'IdxError';
  }
}

export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new IdxError(file, `looks gzip-compressed but cannot be decompressed (${(e as Error).message})`);
    }
  }
  if (bytes.length < 4) throw new IdxError(file, `too short for an IDX header (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxError(file, `not an IDX file: the magic number must start with two zero bytes, found 0x${hex(bytes[0])}${hex(bytes[1])}`);
  }
  if (bytes[2] !== 0x08) throw new IdxError(file, `unsupported IDX element type 0x${hex(bytes[2])}; expected 0x08 (unsigned byte)`);
  const ndims = bytes[3];
  if (ndims < 1 || ndims > 4) throw new IdxError(file, `unsupported number of dimensions ${ndims}; expected 1 (labels) or 3 (images)`);
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) throw new IdxError(file, `truncated header: ${ndims} dimensions need ${headerLength} bytes, file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerLength;
  if (actual !== expected) {
    throw new IdxError(file, `${actual < expected ? 'truncated' : 'too long'}: dimensions ${dims.join('×')} need ${expected} data bytes, file has ${actual}`);
  }
  return { dims, data: bytes.subarray(headerLength) };
}

export function readIdx(file: string): IdxArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new IdxError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseIdx(bytes, file);
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
