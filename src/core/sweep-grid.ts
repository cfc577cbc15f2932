// A sweep over two parameters as a grid of test accuracies (the sweep panel's heatmap).
import { formatParam } from './format';
import { std } from './stats';
import { comparableAccuracy } from './repeats';

export interface GridCell {
  /** Mean test accuracy of the finished trials in the cell (several when a third parameter, e.g. seed, is swept). */
  value: number | null;
  /** Sample standard deviation over the cell's finished trials (0 for one). */
  std: number;
  /** Finished trials the value is the mean of. */
  n: number;
  trials: number[];
}
export interface SweepGrid {
  rows: string[];
  cols: string[];
  cells: GridCell[][];
}

/** Test accuracy over two swept parameters, values in the order they were swept. */
export function sweepGrid(
  trials: Array<{
    index: number;
    params: Record<string, unknown>;
    result: { testAccuracy: number } | null;
    rung?: { state: string } | null;
  }>,
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
  const acc = rows.map(() => cols.map(() => ({ values: [] as number[], trials: [] as number[] })));
  for (const t of trials) {
    const cell = acc[rows.indexOf(formatParam(t.params[rowParam]))][cols.indexOf(formatParam(t.params[colParam]))];
    cell.trials.push(t.index);
    const v = comparableAccuracy(t);
    if (v !== null) cell.values.push(v);
  }
  return {
    rows,
    cols,
    cells: acc.map((r) =>
      r.map((c) => ({
        value: c.values.length > 0 ? c.values.reduce((a, b) => a + b, 0) / c.values.length : null,
        std: std(c.values),
        n: c.values.length,
        trials: c.trials,
      })),
    ),
  };
}
