// Label filtering, stratified splits and subsets. Splits hold references into the dataset's
// pixel arrays (no copies): a reference r < trainCount is row r of the training file, else row
// r - trainCount of the test file.
import type { ResolvedData } from '../../core/experiment';
import type { Dataset } from './dataset';
import { seededRandom, shuffleInPlace } from '../../core/random';

export interface Split {
  refs: Uint32Array;
  /** Class index (position in `data.classes`) of each reference. */
  classes: Uint8Array;
}

export interface Scaling {
  scale: number;
  offset: number;
}

export interface PreparedData {
  train: Split;
  validation: Split;
  test: Split;
  scaling: Scaling;
  classCount: number;
}

/**
 * Holds out round(fraction × n) references, shared among the classes in proportion to their
 * sizes (largest remainders get the leftover places), so totals are exact and proportions kept.
 */
export function stratifiedSplit(
  split: Split,
  fraction: number,
  random: () => number,
  stratify = true,
): [rest: Split, held: Split] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < split.refs.length; i++) {
    const key = stratify ? split.classes[i] : 0;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const keys = [...groups.keys()].sort((a, b) => a - b);
  const wanted = Math.round(split.refs.length * fraction);
  const exact = keys.map((k) => groups.get(k)!.length * fraction);
  const take = exact.map(Math.floor);
  const leftover = wanted - take.reduce((a, b) => a + b, 0);
  keys
    .map((_, i) => i)
    .sort((a, b) => exact[b] - take[b] - (exact[a] - take[a]) || a - b)
    .slice(0, leftover)
    .forEach((i) => take[i]++);
  const rest: number[] = [];
  const held: number[] = [];
  keys.forEach((key, i) => {
    const members = shuffleInPlace(groups.get(key)!, random);
    held.push(...members.slice(0, take[i]));
    rest.push(...members.slice(take[i]));
  });
  return [pick(split, shuffleInPlace(rest, random)), pick(split, shuffleInPlace(held, random))];
}

/** A stratified subset of at most `limit` references. */
export function stratifiedSubset(
  split: Split,
  limit: number | undefined,
  random: () => number,
  stratify = true,
): Split {
  if (limit === undefined || limit >= split.refs.length) return split;
  return stratifiedSplit(split, limit / split.refs.length, random, stratify)[1];
}

function pick(split: Split, positions: number[]): Split {
  const refs = new Uint32Array(positions.length);
  const classes = new Uint8Array(positions.length);
  positions.forEach((p, i) => {
    refs[i] = split.refs[p];
    classes[i] = split.classes[p];
  });
  return { refs, classes };
}

/** Keeps the listed labels and relabels them 0..k-1 in the listed order. */
export function selectClasses(labels: Uint8Array, wanted: number[], refOffset: number): Split {
  const classOf = new Int16Array(256).fill(-1);
  wanted.forEach((label, i) => (classOf[label] = i));
  let n = 0;
  for (const l of labels) if (classOf[l] >= 0) n++;
  const refs = new Uint32Array(n);
  const classes = new Uint8Array(n);
  let j = 0;
  for (let i = 0; i < labels.length; i++) {
    const c = classOf[labels[i]];
    if (c >= 0) {
      refs[j] = i + refOffset;
      classes[j++] = c;
    }
  }
  return { refs, classes };
}

function concat(a: Split, b: Split): Split {
  const refs = new Uint32Array(a.refs.length + b.refs.length);
  refs.set(a.refs);
  refs.set(b.refs, a.refs.length);
  const classes = new Uint8Array(refs.length);
  classes.set(a.classes);
  classes.set(b.classes, a.classes.length);
  return { refs, classes };
}

export function imageRow(dataset: Dataset, ref: number): Uint8Array {
  const size = dataset.rows * dataset.cols;
  const fromTrain = ref < dataset.train.count;
  const images = fromTrain ? dataset.train.images : dataset.test.images;
  const row = fromTrain ? ref : ref - dataset.train.count;
  return images.subarray(row * size, (row + 1) * size);
}

export function computeScaling(dataset: Dataset, train: Split, normalization: ResolvedData['normalization']): Scaling {
  if (normalization === 'divide255') return { scale: 1 / 255, offset: 0 };
  let min = 255;
  let max = 0;
  let sum = 0;
  let sumSq = 0;
  for (const ref of train.refs) {
    for (const v of imageRow(dataset, ref)) {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      sumSq += v * v;
    }
  }
  if (normalization === 'minmax') {
    const range = max - min || 1;
    return { scale: 1 / range, offset: -min / range };
  }
  const n = train.refs.length * dataset.rows * dataset.cols;
  const mean = sum / n;
  const std = Math.sqrt(Math.max(sumSq / n - mean * mean, 1e-12));
  return { scale: 1 / std, offset: -mean / std };
}

export function prepareData(dataset: Dataset, data: ResolvedData, seed: number): PreparedData {
  const random = seededRandom(seed ^ 0x5eed);
  const missing = data.classes.filter((c) => !dataset.train.labels.includes(c));
  if (missing.length > 0)
    throw new Error(`${dataset.dir}: the training labels contain no ${missing.join(', ')} (data.classes lists them)`);
  const officialTrain = selectClasses(dataset.train.labels, data.classes, 0);
  const officialTest = selectClasses(dataset.test.labels, data.classes, dataset.train.count);
  let trainPool: Split;
  let test: Split;
  if (data.split === 'pooled') {
    [trainPool, test] = stratifiedSplit(concat(officialTrain, officialTest), data.testFraction, random, data.stratify);
  } else {
    trainPool = officialTrain;
    test = officialTest;
  }
  trainPool = stratifiedSubset(trainPool, data.limit.train, random, data.stratify);
  test = stratifiedSubset(test, data.limit.test, random, data.stratify);
  const [train, validation] = stratifiedSplit(trainPool, data.validationFraction, random, data.stratify);
  return {
    train,
    validation,
    test,
    scaling: computeScaling(dataset, train, data.normalization),
    classCount: data.classes.length,
  };
}
