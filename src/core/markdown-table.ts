// Tables written as Markdown (GitHub's pipe tables) for the reports and benchmark results that
// are committed or pasted into READMEs.

/** Left-aligned text or right-aligned figures, as the alignment row says. */
export type Align = 'l' | 'r';

/**
 * A header row, the alignment row (`---`, or `---:` for a right-aligned column), then one line
 * per row. Cells are written as given; an empty cell stays one space wide.
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const line = (cells: readonly string[]) => `|${cells.map((c) => (c === '' ? ' ' : ` ${c} `)).join('|')}|`;
  const rule = `|${header.map((_, i) => (align[i] === 'r' ? '---:' : '---')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
