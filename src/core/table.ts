// Rules behind the panels' tables: sorting, filtering, highlighting what differs, and the
// confusion matrix's per-row normalisation.

/** Each row divided by its sum (recall per true class); an all-zero row stays zero. */
export function rowNormalise(matrix: number[][]): number[][] {
  return matrix.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (sum > 0 ? v / sum : 0));
  });
}

export type SortValue = string | number | null;
/** Stable sort by a key; nulls (unfinished trials) always last whatever the direction. */
export function sortRows<T>(rows: T[], key: (row: T) => SortValue, descending: boolean): T[] {
  return rows
    .map((row, i) => ({ row, i, k: key(row) }))
    .sort((a, b) => {
      if (a.k === null && b.k === null) return a.i - b.i;
      if (a.k === null) return 1;
      if (b.k === null) return -1;
      const c =
        typeof a.k === 'number' && typeof b.k === 'number'
          ? a.k - b.k
          : String(a.k).localeCompare(String(b.k), undefined, { numeric: true });
      return (descending ? -c : c) || a.i - b.i;
    })
    .map((x) => x.row);
}

/** Case-insensitive match of every whitespace-separated term against the row's text. */
export function matchesFilter(text: string, filter: string): boolean {
  const hay = text.toLowerCase();
  return filter
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .every((term) => hay.includes(term));
}

/**
 * Values that differ across runs in a side-by-side table: true per row when not all
 * defined cells are equal (numbers compared after rounding to the shown precision).
 */
export function differingRows(rows: Array<Array<string | null>>): boolean[] {
  return rows.map((cells) => new Set(cells.filter((c): c is string => c !== null)).size > 1);
}
