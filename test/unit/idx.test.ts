import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseIdx, readIdx } from '../../src/trainer/data/idx';
import { embeddedMnistDir, loadDataset } from '../../src/trainer/data/dataset';
import { MNIST_TEST_COUNTS, MNIST_TRAIN_COUNTS } from '../../src/experiments/mnist-facts';
import { tempDir } from '../helpers';

const counts = (labels: Uint8Array) => Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);

test('the embedded MNIST has 60k/10k 28×28 images with the class counts the case study lists', () => {
  const ds = loadDataset(null);
  assert.deepEqual([ds.train.count, ds.test.count, ds.rows, ds.cols], [60000, 10000, 28, 28]);
  assert.deepEqual(counts(ds.train.labels), [...MNIST_TRAIN_COUNTS]);
  assert.deepEqual(counts(ds.test.labels), [...MNIST_TEST_COUNTS]);
  assert.equal(ds.train.images.length, 60000 * 784);
  assert.match(ds.fingerprint, /^[0-9a-f]{64}$/);
  assert.equal(loadDataset(null), ds, 'read once per process');
});

test('a folder of gzip-compressed IDX files (Fashion-MNIST layout) loads to the same bytes', () => {
  const dir = tempDir();
  const src = embeddedMnistDir();
  for (const f of [
    'train-images-idx3-ubyte',
    'train-labels-idx1-ubyte',
    't10k-images-idx3-ubyte',
    't10k-labels-idx1-ubyte',
  ]) {
    writeFileSync(path.join(dir, f + '.gz'), gzipSync(readFileSync(path.join(src, f)), { level: 1 }));
  }
  const gz = loadDataset(dir);
  const plain = loadDataset(null);
  assert.equal(gz.fingerprint, plain.fingerprint);
  assert.deepEqual(gz.test.labels.subarray(0, 50), plain.test.labels.subarray(0, 50));
  assert.equal(gz.name, path.basename(dir));
});

function header(type: number, dims: number[]): Uint8Array {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b[2] = type;
  b[3] = dims.length;
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
}

test('corrupted IDX files give errors that name the file and the problem', () => {
  const good = Buffer.concat([header(8, [2, 3]), Buffer.from([1, 2, 3, 4, 5, 6])]);
  assert.deepEqual(parseIdx(good, 'g').dims, [2, 3]);
  assert.throws(
    () => parseIdx(good.subarray(0, good.length - 1), 'cut.idx'),
    /^IdxError: cut\.idx: truncated: dimensions 2×3 need 6 data bytes, file has 5$/,
  );
  assert.throws(() => parseIdx(Buffer.concat([good, Buffer.from([0])]), 'long.idx'), /long\.idx: too long/);
  assert.throws(
    () => parseIdx(Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), 'zip.idx'),
    /zip\.idx: not an IDX file: the magic number must start with two zero bytes, found 0x504b/,
  );
  assert.throws(() => parseIdx(header(0x0d, [1]), 'float.idx'), /float\.idx: unsupported IDX element type 0x0d/);
  assert.throws(() => parseIdx(Buffer.from([0, 0, 8, 3, 0, 0]), 'hdr.idx'), /hdr\.idx: truncated header/);
  assert.throws(
    () => parseIdx(Buffer.from([0x1f, 0x8b, 1, 2, 3]), 'bad.gz'),
    /bad\.gz: looks gzip-compressed but cannot be decompressed/,
  );
  assert.throws(
    () => readIdx('/nonexistent/file-idx1-ubyte'),
    /\/nonexistent\/file-idx1-ubyte: cannot read \(ENOENT\)/,
  );
});

test('a dataset folder with missing or mismatched files is rejected with the file named', () => {
  const dir = tempDir();
  assert.throws(() => loadDataset(path.join(dir, 'nope')), /dataset folder does not exist/);
  mkdirSync(path.join(dir, 'ds'));
  const ds = path.join(dir, 'ds');
  assert.throws(
    () => loadDataset(ds),
    /no train-images file found; expected one of train-images-idx3-ubyte, train-images-idx3-ubyte.gz/,
  );
  const src = embeddedMnistDir();
  for (const f of ['train-images-idx3-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'])
    copyFileSync(path.join(src, f), path.join(ds, f));
  writeFileSync(path.join(ds, 'train-labels-idx1-ubyte'), Buffer.concat([header(8, [5]), Buffer.alloc(5)]));
  assert.throws(
    () => loadDataset(ds),
    /train-labels-idx1-ubyte: has 5 labels but train-images-idx3-ubyte has 60000 images/,
  );
});
