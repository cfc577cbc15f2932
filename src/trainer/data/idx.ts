// IDX (LeCun's MNIST format) reader: big-endian header, magic 0x0000 <type> <ndims>, then the
// dimensions, then the data. Only unsigned bytes (type 0x08) occur in MNIST-like datasets.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/**
 * The most an IDX file may hold, decompressed: far above MNIST's 47 MB (or EMNIST's ~550 MB),
 * far below what takes a trainer down. A file's header declares its size; a device, a symlink
 * to /dev/zero or a gzip bomb is refused before it is read.
 */
export const MAX_IDX_BYTES = 2 ** 30;

const MiB = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;

export class IdxError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'IdxError';
  }
}

export function parseIdx(bytes: Uint8Array, file: string, maxBytes = MAX_IDX_BYTES): IdxArray {
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new IdxError(file, `decompresses to more than ${MiB(maxBytes)}, the most an IDX file may hold`);
      throw new IdxError(file, `looks gzip-compressed but cannot be decompressed (${(e as Error).message})`);
    }
  }
  if (bytes.length < 4) throw new IdxError(file, `too short for an IDX header (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxError(
      file,
      `not an IDX file: the magic number must start with two zero bytes, found 0x${hex(bytes[0])}${hex(bytes[1])}`,
    );
  }
  if (bytes[2] !== 0x08)
    throw new IdxError(file, `unsupported IDX element type 0x${hex(bytes[2])}; expected 0x08 (unsigned byte)`);
  const ndims = bytes[3];
  if (ndims < 1 || ndims > 4)
    throw new IdxError(file, `unsupported number of dimensions ${ndims}; expected 1 (labels) or 3 (images)`);
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength)
    throw new IdxError(
      file,
      `truncated header: ${ndims} dimensions need ${headerLength} bytes, file has ${bytes.length}`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  if (expected > maxBytes)
    throw new IdxError(
      file,
      `header declares ${dims.join('×')} = ${expected} bytes, more than the ${MiB(maxBytes)} an IDX file may hold`,
    );
  const actual = bytes.length - headerLength;
  if (actual !== expected) {
    throw new IdxError(
      file,
      `${actual < expected ? 'truncated' : 'too long'}: dimensions ${dims.join('×')} need ${expected} data bytes, file has ${actual}`,
    );
  }
  return { dims, data: bytes.subarray(headerLength) };
}

const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Checks what the file is and how big its header says it is before reading all of it. */
function checkBeforeReading(file: string, maxBytes: number): void {
  const info = statSync(file);
  if (!info.isFile()) throw new IdxError(file, 'not a regular file (a device, pipe or folder); expected an IDX file');
  if (info.size > maxBytes)
    throw new IdxError(file, `is ${MiB(info.size)}, more than the ${MiB(maxBytes)} an IDX file may hold`);
  const head = new Uint8Array(20);
  const fd = openSync(file, 'r');
  let got: number;
  try {
    got = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (isGzip(head) || got < 4 || head[0] !== 0 || head[1] !== 0 || head[3] < 1 || head[3] > 4) return; // parseIdx explains these
  const ndims = head[3];
  const headerLength = 4 + 4 * ndims;
  if (got < headerLength) return;
  const view = new DataView(head.buffer);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = headerLength + dims.reduce((a, b) => a * b, 1);
  if (info.size !== expected) {
    throw new IdxError(
      file,
      `${info.size < expected ? 'truncated' : 'too long'}: its header declares ${dims.join('×')} (${expected} bytes with the header), the file has ${info.size}`,
    );
  }
}

export function readIdx(file: string, maxBytes = MAX_IDX_BYTES): IdxArray {
  let bytes: Uint8Array;
  try {
    checkBeforeReading(file, maxBytes);
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof IdxError) throw e;
    throw new IdxError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseIdx(bytes, file, maxBytes);
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
