// MNIST with every pixel inverted (255 − v), written once as IDX files: the same images and
// labels, but ~81 % of the pixels are now non-zero instead of ~19 %, so the trainer's first
// layer takes the dense path a Fashion-MNIST or any other non-sparse dataset takes, and the
// bench measures that path on data that really is dense.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MNIST_DIR } from './spec';

const IMAGE_HEADER = 16;

/** Folder of inverted-MNIST IDX files (made on first use, kept in the temp folder). */
export function invertedMnistDir(source = MNIST_DIR): string {
  const dir = path.join(os.tmpdir(), 'mnistlab-bench-inverted-mnist');
  mkdirSync(dir, { recursive: true });
  for (const name of ['train-images-idx3-ubyte', 't10k-images-idx3-ubyte']) {
    const target = path.join(dir, name);
    if (existsSync(target)) continue;
    const bytes = readFileSync(path.join(source, name));
    for (let i = IMAGE_HEADER; i < bytes.length; i++) bytes[i] = 255 - bytes[i]!;
    writeFileSync(`${target}.tmp`, bytes);
    renameSync(`${target}.tmp`, target);
  }
  for (const name of ['train-labels-idx1-ubyte', 't10k-labels-idx1-ubyte']) {
    const target = path.join(dir, name);
    if (!existsSync(target)) copyFileSync(path.join(source, name), target);
  }
  return dir;
}

/** Share of non-zero bytes among the first `rows` training images of an IDX folder. */
export function nonZeroShare(dir: string, rows = 1000): number {
  const bytes = readFileSync(path.join(dir, 'train-images-idx3-ubyte'));
  const end = Math.min(bytes.length, IMAGE_HEADER + rows * 784);
  let nz = 0;
  for (let i = IMAGE_HEADER; i < end; i++) if (bytes[i] !== 0) nz++;
  return nz / (end - IMAGE_HEADER);
}
