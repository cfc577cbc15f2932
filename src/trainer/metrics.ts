// Classification metrics in plain JS (sklearn's definitions; 0 where a denominator is 0).
import type { ClassificationReport, ClassReport } from '../core/record';

export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]][predicted[i]]++;
  return m;
}

export function classificationReport(matrix: number[][], labels: string[]): ClassificationReport {
  const k = matrix.length;
  const total = matrix.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  const classes: ClassReport[] = [];
  let correct = 0;
  for (let c = 0; c < k; c++) {
    const tp = matrix[c][c];
    correct += tp;
    const support = matrix[c].reduce((a, b) => a + b, 0);
    const predictedAsC = matrix.reduce((s, row) => s + row[c], 0);
    const precision = predictedAsC === 0 ? 0 : tp / predictedAsC;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    classes.push({ label: labels[c] ?? String(c), precision, recall, f1, support });
  }
  const average = (weight: (r: ClassReport) => number) => {
    const w = classes.reduce((s, r) => s + weight(r), 0) || 1;
    const avg = (f: (r: ClassReport) => number) => classes.reduce((s, r) => s + f(r) * weight(r), 0) / w;
    return { precision: avg((r) => r.precision), recall: avg((r) => r.recall), f1: avg((r) => r.f1), support: total };
  };
  return {
    classes,
    accuracy: total === 0 ? 0 : correct / total,
    macro: average(() => 1),
    weighted: average((r) => r.support),
  };
}
