// A sweep over two parameters as a grid of test accuracies (the sweep panel's heatmap).
import { formatParam } from './format';

export interface GridCell {
  /** Mean test accuracy of the finished trials in the cell (several when a third parameter, e.g. seed, is swept). */
  value: number | null;
  trials: number[];
}
export interface SweepGrid {
  rows: string[];
  cols: string[];
  cells: GridCell[][];
}

/** Test accuracy over two swept parameters, values in the order they were swept. */
export function sweepGrid(
  trials: Array<{ index: number; params: Record<string, unknown>; result: { testAccuracy: number } | null }>,
  rowParam: string,
  colParam: string,
): SweepGrid {
  const rows: string[] = [];
  const cols: string[] = [];
  for (const t of trials) {
    const r = formatParam(t.params[rowParam]);
    const c = formatParam(t.params[colParam]);
    if (!rows.includes(r)) rows.push(r);
    if (!cols.includes(c)) cols.push(c);
  }
  const acc = rows.map(() => cols.map(() => ({ sum: 0, n: 0, trials: [] as number[] })));
  for (const t of trials) {
    const cell = acc[rows.indexOf(formatParam(t.params[rowParam]))][cols.indexOf(formatParam(t.params[colParam]))];
    cell.trials.push(t.index);
    if (t.result) {
      cell.sum += t.result.testAccuracy;
      cell.n += 1;
    }
  }
  return { rows, cols, cells: acc.map((r) => r.map((c) => ({ value: c.n > 0 ? c.sum / c.n : null, trials: c.trials }))) };
}
