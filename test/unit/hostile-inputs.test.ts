// Files a hostile (or unlucky) user can hand MNIST Lab: each gives a clear problem with its JSON
// pointer, or a clear dataset error, and none can make validation or loading run away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkExperimentText } from '../../src/experiments/load';
import { expandSweep } from '../../src/experiments/resolve';
import { MAX_IDX_BYTES, parseIdx, readIdx } from '../../src/trainer/data/idx';
import { tempDir } from '../helpers';

const base = { name: 'x', kind: 'multiclass', model: { hidden: [{ units: 8 }] } };
const problems = (doc: unknown | string) =>
  checkExperimentText(typeof doc === 'string' ? doc : JSON.stringify(doc), 'x.mnistexp.json');
const at = (doc: unknown | string) => problems(doc).map((p) => `${p.pointer}: ${p.message}`);

test('a 1000 × 1000 × 100 sweep in a small file is refused by counting, not by building a billion trials', () => {
  const values = (n: number, scale: number) => Array.from({ length: n }, (_, i) => (i + 1) * scale);
  const doc = {
    ...base,
    sweep: {
      'training.batchSize': values(1000, 1),
      'training.learningRate': values(1000, 1e-5),
      'training.seed': values(100, 1),
    },
  };
  const text = JSON.stringify(doc);
  assert.ok(text.length < 20_000, `the file is small (${text.length} bytes)`);
  const found = at(text).filter((p) => p.startsWith('/sweep: '));
  assert.deepEqual(found, ['/sweep: the sweep expands to 100,000,000 trials; at most 256 are allowed']);
  assert.throws(() => expandSweep(doc.sweep), /100000000 trials; at most 256/);
});

test('sweep values have the same limits as plain values', () => {
  assert.ok(
    at({ ...base, training: { learningRate: 1e6 } }).some((p) =>
      p.startsWith('/training/learningRate: 1000000 is out of range'),
    ),
  );
  const swept = at({
    ...base,
    sweep: { 'training.learningRate': [0.01, 1e6], 'training.batchSize': [32, 1e6], 'training.seed': [1, 2 ** 33] },
  });
  for (const pointer of ['/sweep/training.learningRate/1', '/sweep/training.batchSize/1', '/sweep/training.seed/1']) {
    assert.ok(
      swept.some((p) => p.startsWith(`${pointer}: `) && /out of range/.test(p)),
      `${pointer} in ${swept.join('\n')}`,
    );
  }
});

test('classes the embedded MNIST does not have are reported at validation time; a custom dataset may have them', () => {
  assert.deepEqual(at({ ...base, kind: 'binary', data: { classes: [5, 10] } }), [
    '/data/classes/1: class 10 does not occur in the embedded MNIST, whose labels are 0 to 9 (set "data.dir" to a dataset that has it)',
  ]);
  assert.deepEqual(at({ ...base, kind: 'binary', data: { classes: [5, 10], dir: './emnist' } }), []);
});

test('a UTF-8 BOM is accepted; a key written twice is reported at each repeat', () => {
  assert.deepEqual(problems('\ufeff' + JSON.stringify(base)), []);
  const text =
    '{"name": "x", "kind": "multiclass", "model": {"hidden": [{"units": 8, "units": 16}]}, "training": {"epochs": 2, "seed": 1, "epochs": 3}, "name": "y"}';
  assert.deepEqual(
    problems(text).map((p) => [p.pointer, p.severity]),
    [
      ['/model/hidden/0/units', 'error'],
      ['/training/epochs', 'error'],
      ['/name', 'error'],
    ],
  );
  assert.match(problems(text)[0].message, /written more than once.*only the last value would count/);
  assert.deepEqual(
    problems(
      '{"name": "a\\"b", "kind": "multiclass", "model": {"hidden": []}, "sweep": {"training.seed": [1, 2]}, "x~/": 1, "x~/": 2}',
    )
      .filter((p) => p.message.includes('more than once'))
      .map((p) => p.pointer),
    ['/x~0~1'],
  );
});

test('dataset files: devices, headers declaring too much, wrong sizes and gzip bombs are refused before they are read', () => {
  const dir = tempDir();
  const zero = path.join(dir, 'train-images-idx3-ubyte');
  symlinkSync('/dev/zero', zero);
  assert.throws(() => readIdx(zero), /not a regular file/);

  const header = (dims: number[]) => {
    const b = Buffer.alloc(4 + 4 * dims.length);
    b[2] = 0x08;
    b[3] = dims.length;
    dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
    return b;
  };
  const huge = path.join(dir, 'huge');
  writeFileSync(huge, Buffer.concat([header([60000, 28, 28]), Buffer.alloc(100)]));
  assert.throws(
    () => readIdx(huge),
    /truncated: its header declares 60000×28×28 \(47040016 bytes with the header\), the file has 116/,
  );

  // The same rules at a 4 MiB cap (the shipped cap is MAX_IDX_BYTES, 1 GiB): a gzip of zeros a few
  // kB long that inflates past the cap, a header declaring more than the cap, a file bigger than it.
  const cap = 4 * 2 ** 20;
  const bomb = path.join(dir, 'bomb.gz');
  writeFileSync(bomb, gzipSync(Buffer.concat([header([cap + 1]), Buffer.alloc(cap + 1)])));
  assert.throws(() => readIdx(bomb, cap), /bomb\.gz: decompresses to more than 4 MiB/);
  assert.throws(
    () => parseIdx(header([2049, 2048]), 'h', cap),
    /h: header declares 2049×2048 = 4196352 bytes/,
    'the header alone is enough to refuse',
  );
  const big = path.join(dir, 'big');
  writeFileSync(big, Buffer.alloc(cap + 1));
  assert.throws(() => readIdx(big, cap), /is 4 MiB, more than the 4 MiB/);
  assert.equal(MAX_IDX_BYTES, 2 ** 30);
});
