// Locates and loads an MNIST-shaped dataset (four IDX files) once per process.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { IdxError, readIdx } from './idx';
import { embeddedMnistDir } from '../../experiments/embedded-mnist';

export interface Dataset {
  name: string;
  dir: string;
  fingerprint: string;
  rows: number;
  cols: number;
  train: { images: Uint8Array; labels: Uint8Array; count: number };
  test: { images: Uint8Array; labels: Uint8Array; count: number };
}

const PARTS = {
  trainImages: ['train-images', 'idx3'],
  trainLabels: ['train-labels', 'idx1'],
  testImages: ['t10k-images', 'idx3'],
  testLabels: ['t10k-labels', 'idx1'],
} as const;

export { embeddedMnistDir };

/** Accepts the usual spellings: train-images-idx3-ubyte, train-images.idx3-ubyte, each optionally .gz. */
function findPart(dir: string, files: string[], stem: string, idx: string): string {
  const wanted = [`${stem}-${idx}-ubyte`, `${stem}.${idx}-ubyte`];
  for (const w of wanted) {
    for (const candidate of [w, `${w}.gz`]) if (files.includes(candidate)) return path.join(dir, candidate);
  }
  throw new Error(`${dir}: no ${stem} file found; expected one of ${wanted.flatMap((w) => [w, w + '.gz']).join(', ')}`);
}

const cache = new Map<string, Dataset>();

export function loadDataset(dir: string | null): Dataset {
  const folder = dir ?? embeddedMnistDir();
  const cached = cache.get(folder);
  if (cached) return cached;
  if (!existsSync(folder))
    throw new Error(
      `${folder}: dataset folder does not exist (set "data.dir" to a folder of IDX files, or leave it out for the embedded MNIST)`,
    );
  const files = readdirSync(folder);
  const hash = createHash('sha256');
  const read = (key: keyof typeof PARTS) => {
    const [stem, idxKind] = PARTS[key];
    const file = findPart(folder, files, stem, idxKind);
    const idx = readIdx(file);
    hash.update(idx.data);
    return { file, idx };
  };
  const trainImages = read('trainImages');
  const trainLabels = read('trainLabels');
  const testImages = read('testImages');
  const testLabels = read('testLabels');
  for (const images of [trainImages, testImages]) {
    if (images.idx.dims.length !== 3)
      throw new IdxError(images.file, `expected 3 dimensions (count×rows×cols), found ${images.idx.dims.length}`);
  }
  for (const labels of [trainLabels, testLabels]) {
    if (labels.idx.dims.length !== 1)
      throw new IdxError(labels.file, `expected 1 dimension (count), found ${labels.idx.dims.length}`);
  }
  const [, rows, cols] = trainImages.idx.dims;
  if (testImages.idx.dims[1] !== rows || testImages.idx.dims[2] !== cols) {
    throw new IdxError(
      testImages.file,
      `images are ${testImages.idx.dims[1]}×${testImages.idx.dims[2]} but the training images are ${rows}×${cols}`,
    );
  }
  const pair = (images: typeof trainImages, labels: typeof trainLabels) => {
    if (images.idx.dims[0] !== labels.idx.dims[0]) {
      throw new IdxError(
        labels.file,
        `has ${labels.idx.dims[0]} labels but ${path.basename(images.file)} has ${images.idx.dims[0]} images`,
      );
    }
    return { images: images.idx.data, labels: labels.idx.data, count: labels.idx.dims[0] };
  };
  const dataset: Dataset = {
    name: dir === null ? 'MNIST (embedded)' : path.basename(folder),
    dir: folder,
    fingerprint: hash.digest('hex'),
    rows,
    cols,
    train: pair(trainImages, trainLabels),
    test: pair(testImages, testLabels),
  };
  cache.set(folder, dataset);
  return dataset;
}
