// Parallel coordinates: each swept hyperparameter an axis, test accuracy the last; one line per
// trial the filter lets through. Dragging on an axis brushes a range (a short click clears it);
// from the keyboard an axis takes focus and the arrow keys move a range along it (Shift+arrow
// widens it, Escape clears), and each axis has a text box for the range. Brushes are reported
// to the app, which recomputes the one filtered set every view draws.
import * as l10n from '@vscode/l10n';
import { h, svg } from '../shared/dom';
import { ChartText } from '../shared/chart-text';
import { formatParam, formatPercent, paramLabel } from '../../core/format';
import { formatTick } from '../../core/ticks';
import {
  axisPosition,
  axisStops,
  brushText,
  parseBrush,
  stepBrush,
  type Brush,
  type BrushWords,
  type ParamAxis,
} from '../../core/param-axes';
import { sentence } from '../shared/chart-summary';

const HEIGHT = 300;
const TOP = 34;
const BOTTOM = 30;
const SIDE = 70;
const PLOT = HEIGHT - TOP - BOTTOM;

export const METRIC_AXIS = 'testAccuracy';

export interface ParallelLine {
  index: number;
  label: string;
  /** The axis values: every swept parameter and METRIC_AXIS. */
  values: Record<string, unknown>;
  /** Inside every brush (drawn strong) or only let through by the text filter (drawn faint). */
  inside: boolean;
  best: boolean;
}

export interface ParallelOptions {
  axes: ParamAxis[];
  lines: ParallelLine[];
  brushes: Record<string, Brush>;
  /** Trials the filter let through that have no comparable test accuracy (not drawn). */
  withoutValue: number;
  onBrush: (param: string, brush: Brush | null) => void;
}

const axisName = (param: string) => (param === METRIC_AXIS ? l10n.t('test accuracy') : paramLabel(param));
const brushWords = (): BrushWords => ({
  range: (lo, hi) => l10n.t('{0} to {1}', lo, hi),
  none: l10n.t('none'),
});
// What the range box holds: the two ends as they are typed.
const boxWords = (): BrushWords => ({ range: (lo, hi) => `${lo} ${hi}`, none: l10n.t('none') });
const fmtValue = (axis: ParamAxis) => (v: number) =>
  axis.param === METRIC_AXIS ? formatPercent(v, 1) : axis.kind === 'log' ? formatTick(v) : formatParam(v);

/** The values printed beside an axis: the categories, the swept values when few, else the ends. */
function ticks(axis: ParamAxis): Array<{ p: number; text: string }> {
  if (axis.kind === 'category') return axis.categories.map((c) => ({ p: axisPosition(axis, c)!, text: c }));
  const shown =
    axis.param !== METRIC_AXIS && axis.values.length <= 6 ? axis.values : [...new Set([axis.min, axis.max])];
  // Values drawn at random can lie close together: labels at least a line apart, both ends kept.
  const out: Array<{ p: number; text: string }> = [];
  const byEnds = [...shown].sort(
    (a, b) => Number(b === axis.max || b === axis.min) - Number(a === axis.max || a === axis.min),
  );
  for (const v of byEnds) {
    const p = axisPosition(axis, v)!;
    if (out.every((t) => Math.abs(t.p - p) >= 0.07)) out.push({ p, text: fmtValue(axis)(v) });
  }
  return out;
}

export function parallelCoordinates(o: ParallelOptions): HTMLElement {
  const n = o.axes.length;
  // Drawn at its own pixel size (text stays at the panel's font size); wide plots scroll.
  const width = Math.max(720, SIDE * 2 + (n - 1) * 280);
  const xOf = (i: number) => SIDE + (n === 1 ? 0 : (i * (width - 2 * SIDE)) / (n - 1));
  const yOf = (p: number) => TOP + (1 - p) * PLOT;
  const inside = o.lines.filter((l) => l.inside);
  const plot = svg('svg', {
    id: 'parallel-coords',
    viewBox: `0 0 ${width} ${HEIGHT}`,
    width,
    height: HEIGHT,
    class: 'parallel',
    role: 'img',
    'aria-label': l10n.t('Parallel coordinates: {0}', o.axes.map((a) => axisName(a.param)).join(', ')),
    'data-lines': inside.length,
    'data-faint': o.lines.length - inside.length,
  });
  // Faint lines first, the brushed set over them, the best trial on top.
  const ordered = [...o.lines].sort((a, b) => Number(a.inside) - Number(b.inside) || Number(a.best) - Number(b.best));
  for (const l of ordered) {
    const pts = o.axes.map((a, i) => `${xOf(i).toFixed(1)},${yOf(axisPosition(a, l.values[a.param]) ?? 0).toFixed(1)}`);
    const path = svg('polyline', {
      points: pts.join(' '),
      class: `pc-line${l.inside ? '' : ' pc-out'}${l.best && l.inside ? ' pc-best' : ''}`,
      'data-trial': l.index,
      'data-inside': String(l.inside),
    });
    path.append(svg('title', {}, `${l.index + 1}. ${l.label}: ${formatPercent(l.values[METRIC_AXIS] as number)}`));
    plot.append(path);
  }
  const status = h('p', { class: 'muted', id: 'parallel-brushes', role: 'status' });
  const describeBrushes = () => {
    const parts = o.axes
      .filter((a) => o.brushes[a.param])
      .map((a) => `${axisName(a.param)} ${brushText(a, o.brushes[a.param], fmtValue(a), brushWords())}`);
    status.textContent =
      parts.length > 0
        ? l10n.t('Brushed: {0}.', parts.join('; '))
        : l10n.t('No brush: drag along an axis to keep a range.');
  };
  o.axes.forEach((axis, i) => {
    const x = xOf(i);
    const g = svg('g', {
      class: 'pc-axis',
      tabindex: 0,
      role: 'group',
      'data-axis': axis.param,
      'data-focus-key': `axis-${axis.param}`,
      'data-brush': o.brushes[axis.param] ? JSON.stringify(o.brushes[axis.param]) : '',
    });
    const label = () =>
      o.brushes[axis.param]
        ? l10n.t(
            '{0} axis, brushed {1}. Up and Down arrows move a range, Shift with an arrow widens it, Escape clears.',
            axisName(axis.param),
            brushText(axis, o.brushes[axis.param], fmtValue(axis), brushWords()),
          )
        : l10n.t(
            '{0} axis, no brush. Up and Down arrows move a range, Shift with an arrow widens it, Escape clears.',
            axisName(axis.param),
          );
    g.setAttribute('aria-label', label());
    g.append(svg('line', { x1: x, x2: x, y1: TOP, y2: TOP + PLOT, class: 'pc-axis-line' }));
    g.append(svg('text', { x, y: TOP - 14, 'text-anchor': 'middle', class: 'pc-axis-name' }, axisName(axis.param)));
    const anchor = i === n - 1 ? 'start' : 'end';
    for (const t of ticks(axis))
      g.append(
        svg(
          'text',
          { x: x + (anchor === 'start' ? 6 : -6), y: yOf(t.p) + 4, 'text-anchor': anchor, class: 'pc-tick' },
          t.text,
        ),
      );
    const rect = svg('rect', { x: x - 8, width: 16, y: 0, height: 0, class: 'pc-brush' });
    const draw = (b: Brush | undefined) => {
      if (!b || b.lo > b.hi) rect.setAttribute('height', b ? '2' : '0');
      if (b && b.lo <= b.hi) {
        rect.setAttribute('y', String(yOf(b.hi) - 3));
        rect.setAttribute('height', String(Math.max(6, (b.hi - b.lo) * PLOT + 6)));
      }
    };
    draw(o.brushes[axis.param]);
    const hit = svg('rect', { x: x - 18, width: 36, y: TOP - 6, height: PLOT + 12, class: 'pc-hit' });
    g.append(rect, hit);
    // Drag: the range between where the pointer went down and where it is.
    const posOf = (e: PointerEvent) => {
      const m = plot.getScreenCTM();
      if (!m) return 0;
      const pt = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
      return Math.min(1, Math.max(0, 1 - (pt.y - TOP) / PLOT));
    };
    let start: number | null = null;
    let current: Brush | null = null;
    hit.addEventListener('pointerdown', (e) => {
      start = posOf(e);
      current = null;
      hit.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    hit.addEventListener('pointermove', (e) => {
      if (start === null) return;
      const p = posOf(e);
      current = { lo: Math.min(start, p), hi: Math.max(start, p) };
      draw(current);
    });
    const finish = () => {
      if (start === null) return;
      start = null;
      // A click without a drag clears the axis's brush.
      o.onBrush(axis.param, current && current.hi - current.lo > 0.02 ? current : null);
    };
    hit.addEventListener('pointerup', finish);
    hit.addEventListener('pointercancel', () => {
      start = null;
      draw(o.brushes[axis.param]);
    });
    g.addEventListener('keydown', (event) => {
      const e = event as KeyboardEvent;
      const b = o.brushes[axis.param];
      if (e.key === 'Escape' || e.key === 'Delete' || e.key === 'Backspace') {
        if (!b) return;
        e.preventDefault();
        o.onBrush(axis.param, null);
        return;
      }
      if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
      e.preventDefault();
      o.onBrush(axis.param, stepBrush(axisStops(axis, axis.param === METRIC_AXIS), b, e.key === 'ArrowUp', e.shiftKey));
    });
    plot.append(g);
  });
  describeBrushes();

  // The same brushes as text: one box per axis.
  const boxes = h('div', { class: 'pc-inputs' });
  for (const axis of o.axes) {
    const error = h('span', { class: 'error', 'data-brush-error': axis.param, role: 'status' });
    const input = h('input', {
      type: 'text',
      'data-brush-input': axis.param,
      'data-focus-key': `brush-${axis.param}`,
      'aria-label':
        axis.kind === 'category'
          ? l10n.t('Range of {0} (values separated by commas); empty clears', axisName(axis.param))
          : l10n.t('Range of {0} (low high); empty clears', axisName(axis.param)),
      placeholder:
        axis.kind === 'category'
          ? axis.categories.join(', ')
          : `${fmtValue(axis)(axis.min)} ${fmtValue(axis)(axis.max)}`,
      value: o.brushes[axis.param] ? brushText(axis, o.brushes[axis.param], fmtValue(axis), boxWords()) : '',
    });
    input.addEventListener('change', () => {
      // Percent on the metric axis: "97 98" means 97 % to 98 %.
      const text = axis.param === METRIC_AXIS ? percentToFraction(input.value) : input.value;
      const parsed = parseBrush(axis, text);
      error.textContent = parsed.error ?? '';
      if (!parsed.error) o.onBrush(axis.param, parsed.brush);
    });
    boxes.append(h('label', { class: 'pc-input' }, h('span', {}, axisName(axis.param)), input, error));
  }

  const card = h(
    'section',
    {
      class: 'card',
      id: 'parallel-card',
      'data-chart': 'parallel-coords',
      'aria-label': l10n.t('Parallel coordinates'),
    },
    h('div', { class: 'card-head' }, h('h3', {}, l10n.t('Parallel coordinates'))),
    h('div', { class: 'scroll-x' }, plot),
    status,
    boxes,
  );
  const text = new ChartText(plot, l10n.t('Parallel coordinates'));
  const best = inside.reduce<ParallelLine | null>(
    (m, l) => (m === null || (l.values[METRIC_AXIS] as number) > (m.values[METRIC_AXIS] as number) ? l : m),
    null,
  );
  text.update(
    sentence([
      inside.length === 1
        ? l10n.t('{0} trial inside the brushes of {1} drawn', inside.length, o.lines.length)
        : l10n.t('{0} trials inside the brushes of {1} drawn', inside.length, o.lines.length),
      best
        ? l10n.t(
            'highest test accuracy {0} ({1}. {2})',
            formatPercent(best.values[METRIC_AXIS] as number),
            best.index + 1,
            best.label,
          )
        : '',
      o.withoutValue > 0 ? l10n.t('{0} without a comparable test accuracy not drawn', o.withoutValue) : '',
    ]),
    {
      columns: [l10n.t('trial'), ...o.axes.map((a) => axisName(a.param)), l10n.t('inside brushes')],
      rows: o.lines.map((l) => [
        `${l.index + 1}`,
        ...o.axes.map((a) =>
          a.param === METRIC_AXIS ? formatPercent(l.values[a.param] as number) : formatParam(l.values[a.param]),
        ),
        l.inside ? l10n.t('yes') : l10n.t('no'),
      ]),
    },
  );
  card.append(text.element);
  return card;
}

/** "97 98.5" typed on the accuracy axis → "0.97 0.985". */
function percentToFraction(text: string): string {
  return text.replace(/%/g, ' ').replace(/-?\d+(?:\.\d+)?(?:e-?\d+)?/gi, (m) => String(Number(m) / 100));
}
