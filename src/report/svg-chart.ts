// Minimal SVG charts for the reproduction report: readable in any Markdown viewer, no
// browser or canvas library needed to produce them (PNG copies are made when Chromium exists).
export interface Series {
  label: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
}

const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];
const W = 720;
const H = 420;
const M = { left: 64, right: 180, top: 36, bottom: 52 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * About `count` round tick values (steps of 1, 2 or 5 × 10^k) inside [min, max], with their
 * decimals; `integer` keeps the step at 1 or more (epochs).
 */
export function ticks(min: number, max: number, count = 5, integer = false): { values: number[]; decimals: number } {
  if (!(max > min)) return { values: [min], decimals: 3 };
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const mantissa = raw / power;
  const nice = (mantissa < 1.5 ? 1 : mantissa < 3 ? 2 : mantissa < 7 ? 5 : 10) * power;
  const step = integer ? Math.max(1, nice) : nice;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const values: number[] = [];
  // Multiples of the step, computed from integers so 0.1 + 0.2 noise never reaches a label.
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + 1e-9 * step; k++)
    values.push(Number((k * step).toFixed(decimals)));
  return { values, decimals };
}

export function lineChart(
  title: string,
  xLabel: string,
  yLabel: string,
  series: Series[],
  options: { logX?: boolean; markers?: boolean } = {},
): string {
  const fx = (x: number) => (options.logX ? Math.log10(x) : x);
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y));
  const xs = all.map((p) => fx(p.x));
  const ys = all.map((p) => p.y);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  const pad = (y1 - y0 || Math.abs(y0) || 1) * 0.08;
  [y0, y1] = [y0 - pad, y1 + pad];
  const px = (x: number) => M.left + ((fx(x) - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(
    `<text x="${W / 2 - M.right / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
  );
  const yTicks = ticks(y0, y1);
  for (const t of yTicks.values) {
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py(t)}" y2="${py(t)}" stroke="#ddd"/>`);
    out.push(`<text x="${M.left - 6}" y="${py(t) + 4}" text-anchor="end">${t.toFixed(yTicks.decimals)}</text>`);
  }
  // Epochs and other counts get whole-number ticks (never "2.80").
  const xLinear = ticks(
    x0,
    x1,
    5,
    all.every((p) => Number.isInteger(p.x)),
  );
  const xTicks = options.logX
    ? { values: Array.from({ length: Math.floor(x1) - Math.ceil(x0) + 1 }, (_, i) => Math.ceil(x0) + i), decimals: 0 }
    : xLinear;
  for (const t of xTicks.values) {
    const x = M.left + ((t - x0) / (x1 - x0)) * (W - M.left - M.right);
    const label = options.logX ? `1e${t}` : t.toFixed(xTicks.decimals);
    out.push(`<text x="${x}" y="${H - M.bottom + 18}" text-anchor="middle">${label}</text>`);
  }
  out.push(
    `<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#333"/>`,
  );
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">${esc(xLabel)}</text>`);
  out.push(
    `<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const pts = s.points.filter((p) => Number.isFinite(p.y));
    if (pts.length > 1 && !options.markers) {
      out.push(
        `<polyline fill="none" stroke="${colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`,
      );
    }
    if (options.markers || pts.length === 1)
      for (const p of pts)
        out.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="5" fill="${colour}"/>`);
    const ly = M.top + 8 + i * 18;
    out.push(
      `<line x1="${W - M.right + 12}" x2="${W - M.right + 32}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="3"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    out.push(`<text x="${W - M.right + 38}" y="${ly + 4}">${esc(s.label.slice(0, 22))}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

export function heatmap(
  title: string,
  rowLabels: string[],
  colLabels: string[],
  values: (number | null)[][],
  format: (v: number) => string,
): string {
  const cell = 80;
  const left = 150;
  const top = 70;
  const width = left + cell * colLabels.length + 20;
  const height = top + cell * rowLabels.length + 20;
  const finite = values.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const [lo, hi] = [Math.min(...finite), Math.max(...finite)];
  const shade = (v: number) => {
    const t = hi === lo ? 1 : (v - lo) / (hi - lo);
    const c = Math.round(235 - t * 180);
    return `rgb(${c},${Math.round(245 - t * 110)},255)`;
  };
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  out.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`);
  colLabels.forEach((c, j) =>
    out.push(`<text x="${left + j * cell + cell / 2}" y="${top - 10}" text-anchor="middle">${esc(c)}</text>`),
  );
  rowLabels.forEach((r, i) => {
    out.push(`<text x="${left - 8}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${esc(r)}</text>`);
    colLabels.forEach((_, j) => {
      const v = values[i][j];
      out.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${v === null ? '#eee' : shade(v)}" stroke="white"/>`,
      );
      out.push(
        `<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle">${v === null ? '–' : esc(format(v))}</text>`,
      );
    });
  });
  out.push('</svg>');
  return out.join('\n');
}
