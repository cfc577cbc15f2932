// Parallel coordinates: each swept hyperparameter an axis, test accuracy the last; one line per
// trial the filter lets through. Dragging on an axis brushes a range (a short click clears it);
// from the keyboard an axis takes focus and the arrow keys move a range along it (Shift+arrow
// widens it, Escape clears), and each axis has a text box for the range. Brushes are reported
// to the app, which recomputes the one filtered set every view draws. Each line takes its colour
// from its place on the test-accuracy axis (a ramp between two theme colours, media/panels.css,
// with a legend); the plot takes the panel's width and redraws when the panel is resized.
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
import { keepFocus } from '../shared/focus';
import { inNextFrame } from '../shared/next-frame';

const HEIGHT = 300;
const TOP = 34;
const BOTTOM = 30;
const SIDE = 70;
const PLOT = HEIGHT - TOP - BOTTOM;
/** The least room between two axes (tick labels and axis names stay apart); below it the plot scrolls. */
const MIN_GAP = 120;
/** From an axis to its values: clear of a brush (16 px wide, centred on the axis). */
const TICK_GAP = 12;
/**
 * The width the last plot was drawn at. The app rebuilds the card on every filter or brush
 * change; drawing the new one at the panel's width at once keeps it from jumping for a frame.
 */
let lastRoom = 0;
/** The trial whose table row has the keyboard focus: its line is drawn on top, marked. */
let focusedTrial: number | null = null;

export const METRIC_AXIS = 'testAccuracy';

export interface ParallelLine {
  index: number;
  label: string;
  /** The axis values: every swept parameter and METRIC_AXIS. */
  values: Record<string, unknown>;
  /** Inside every brush (drawn strong) or only let through by the text filter (drawn faint). */
  inside: boolean;
  best: boolean;
  /** Ticked in the trial table (its curves are overlaid): drawn wider. */
  selected: boolean;
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

/** The plot's width for `room` pixels of panel: all of it, unless the axes would crowd (then it scrolls). */
function plotWidth(axes: number, room: number): number {
  return Math.max(Math.floor(room), SIDE * 2 + Math.max(1, axes - 1) * MIN_GAP);
}

/** Where a line sits on the colour ramp: its place on the metric axis, as a CSS percentage. */
function rampPosition(metric: ParamAxis | undefined, line: ParallelLine): string {
  const p = metric ? axisPosition(metric, line.values[METRIC_AXIS]) : null;
  return `${((p ?? 0.5) * 100).toFixed(1)}%`;
}

export function parallelCoordinates(o: ParallelOptions): HTMLElement {
  const n = o.axes.length;
  const metric = o.axes.find((a) => a.param === METRIC_AXIS);
  const inside = o.lines.filter((l) => l.inside);
  const plot = svg('svg', {
    id: 'parallel-coords',
    height: HEIGHT,
    class: 'parallel',
    role: 'img',
    'aria-label': l10n.t('Parallel coordinates: {0}', o.axes.map((a) => axisName(a.param)).join(', ')),
    'data-lines': inside.length,
    'data-faint': o.lines.length - inside.length,
  });
  const frame = h('div', { class: 'scroll-x pc-frame' }, plot);
  // Faint lines first, then the brushed set from the lowest accuracy up (the best lines are not
  // hidden under worse ones), the selected trials over them and the best trial on top.
  const rank = (l: ParallelLine) => (l.values[METRIC_AXIS] as number) ?? 0;
  const ordered = [...o.lines].sort(
    (a, b) =>
      Number(a.inside) - Number(b.inside) ||
      Number(a.best && a.inside) - Number(b.best && b.inside) ||
      Number(a.selected && a.inside) - Number(b.selected && b.inside) ||
      rank(a) - rank(b),
  );
  let drawnWidth = 0;
  let dragging = false;

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

  /** Draws lines and axes `width` pixels wide; the brushes are the app's, so a redraw keeps them. */
  const draw = (width: number) => {
    drawnWidth = width;
    const xOf = (i: number) => SIDE + (n === 1 ? 0 : (i * (width - 2 * SIDE)) / (n - 1));
    const yOf = (p: number) => TOP + (1 - p) * PLOT;
    plot.replaceChildren();
    plot.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
    plot.setAttribute('width', String(width));
    // Values are printed beside their axis where the lines arrive: a plate of the background
    // under each (its text's box, mostly opaque) keeps them readable where a line runs through.
    const plate = svg('filter', { id: 'pc-plate', x: -0.08, y: -0.05, width: 1.16, height: 1.1 });
    plate.append(svg('feFlood', { class: 'pc-plate' }), svg('feComposite', { in: 'SourceGraphic', operator: 'over' }));
    const defs = svg('defs', {});
    defs.append(plate);
    plot.append(defs);
    for (const l of ordered) {
      const pts = o.axes.map((a, i) => [xOf(i), yOf(axisPosition(a, l.values[a.param]) ?? 0)] as const);
      const points = pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
      const strong = l.inside && (l.best || l.selected);
      const at = rampPosition(metric, l);
      // A band of the background under a strong line keeps it apart from the lines it crosses.
      if (strong) plot.append(svg('polyline', { points, class: 'pc-halo', 'aria-hidden': 'true' }));
      const path = svg('polyline', {
        points,
        class: `pc-line${l.inside ? '' : ' pc-out'}${l.best && l.inside ? ' pc-best' : ''}${l.selected && l.inside ? ' pc-selected' : ''}${l.index === focusedTrial ? ' pc-focused' : ''}`,
        'data-trial': l.index,
        'data-inside': String(l.inside),
      });
      path.style.setProperty('--pc-t', at);
      path.append(svg('title', {}, lineTitle(l)));
      plot.append(path);
      // The best trial's values are marked on every axis: it stands out without its colour.
      if (l.best && l.inside)
        for (const [x, y] of pts) {
          const dot = svg('circle', {
            cx: x.toFixed(1),
            cy: y.toFixed(1),
            r: 4,
            class: 'pc-dot',
            'aria-hidden': 'true',
          });
          dot.style.setProperty('--pc-t', at);
          plot.append(dot);
        }
    }
    raiseFocused(plot);
    o.axes.forEach((axis, i) => plot.append(axisGroup(axis, i, xOf(i), yOf)));
  };

  const axisGroup = (axis: ParamAxis, i: number, x: number, yOf: (p: number) => number): SVGGElement => {
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
          {
            x: x + (anchor === 'start' ? TICK_GAP : -TICK_GAP),
            y: yOf(t.p) + 4,
            'text-anchor': anchor,
            class: 'pc-tick',
            filter: 'url(#pc-plate)',
          },
          t.text,
        ),
      );
    const rect = svg('rect', { x: x - 8, width: 16, y: 0, height: 0, class: 'pc-brush' });
    const drawBrush = (b: Brush | undefined) => {
      if (!b || b.lo > b.hi) rect.setAttribute('height', b ? '2' : '0');
      if (b && b.lo <= b.hi) {
        rect.setAttribute('y', String(yOf(b.hi) - 3));
        rect.setAttribute('height', String(Math.max(6, (b.hi - b.lo) * PLOT + 6)));
      }
    };
    drawBrush(o.brushes[axis.param]);
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
      dragging = true;
      hit.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    hit.addEventListener('pointermove', (e) => {
      if (start === null) return;
      const p = posOf(e);
      current = { lo: Math.min(start, p), hi: Math.max(start, p) };
      drawBrush(current);
    });
    const finish = () => {
      if (start === null) return;
      start = null;
      dragging = false;
      // A click without a drag clears the axis's brush.
      o.onBrush(axis.param, current && current.hi - current.lo > 0.02 ? current : null);
    };
    hit.addEventListener('pointerup', finish);
    hit.addEventListener('pointercancel', () => {
      start = null;
      dragging = false;
      drawBrush(o.brushes[axis.param]);
      // A resize that came during the drag was held back: catch up with it now.
      fit();
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
    return g;
  };

  /** Redraws at the frame's width when it changed; a focused axis keeps the focus. */
  const fit = () => {
    if (dragging || !frame.isConnected || frame.clientWidth === 0) return;
    lastRoom = frame.clientWidth;
    const width = plotWidth(n, lastRoom);
    if (width !== drawnWidth) keepFocus(() => draw(width));
  };
  draw(plotWidth(n, lastRoom || 720));
  if (typeof ResizeObserver !== 'undefined') {
    const watch = new ResizeObserver(() => {
      // The app replaced this card (a new filter or brush): its plot is gone, stop watching.
      if (!frame.isConnected) return watch.disconnect();
      // One frame for every part of the page that redraws (next-frame.ts).
      inNextFrame(frame, fit);
    });
    watch.observe(frame);
  }
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
      class: 'card parallel-card',
      id: 'parallel-card',
      'data-chart': 'parallel-coords',
      'aria-label': l10n.t('Parallel coordinates'),
    },
    h('div', { class: 'card-head' }, h('h3', {}, l10n.t('Parallel coordinates'))),
    frame,
    metric ? legend(metric, o.lines) : null,
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
      metric
        ? l10n.t(
            'line colour follows test accuracy from {0} to {1}',
            fmtValue(metric)(metric.min),
            fmtValue(metric)(metric.max),
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

/** Puts the focused trial's line last among the lines (drawn over them, under the axes). */
function raiseFocused(plot: Element): void {
  const line = plot.querySelector('polyline.pc-focused');
  const lines = plot.querySelectorAll('polyline[data-trial]');
  const last = lines[lines.length - 1];
  if (line && last && line !== last) last.after(line);
}

/**
 * Marks the line of the trial whose table row took the keyboard focus (null: none has it), so
 * a reader moving through the table sees where each trial runs.
 */
export function focusTrialLine(index: number | null): void {
  focusedTrial = index;
  const plot = document.getElementById('parallel-coords');
  if (!plot) return;
  for (const l of plot.querySelectorAll('polyline.pc-focused')) l.classList.remove('pc-focused');
  if (index === null) return;
  plot.querySelector(`polyline[data-trial="${index}"]`)?.classList.add('pc-focused');
  raiseFocused(plot);
}

/** A line's tooltip: the trial, its accuracy and what its drawing says besides the colour. */
function lineTitle(l: ParallelLine): string {
  const head = `${l.index + 1}. ${l.label}: ${formatPercent(l.values[METRIC_AXIS] as number)}`;
  const notes = [
    l.best ? l10n.t('best trial') : '',
    l.selected ? l10n.t('ticked in the table') : '',
    l.inside ? '' : l10n.t('outside the brushes'),
  ].filter(Boolean);
  return notes.length > 0 ? `${head} (${notes.join(', ')})` : head;
}

/** A short line drawn as the plot draws a kind of trial, for the legend. */
function sample(kind: string, at: string): SVGSVGElement {
  const s = svg('svg', { width: 34, height: 12, viewBox: '0 0 34 12', class: 'pc-sample', 'aria-hidden': 'true' });
  const strong = kind.includes('pc-best') || kind.includes('pc-selected');
  if (strong) s.append(svg('line', { x1: 3, x2: 31, y1: 6, y2: 6, class: 'pc-halo' }));
  const line = svg('line', { x1: 3, x2: 31, y1: 6, y2: 6, class: `pc-line ${kind}` });
  line.style.setProperty('--pc-t', at);
  s.append(line);
  if (kind.includes('pc-best')) {
    const dot = svg('circle', { cx: 17, cy: 6, r: 4, class: 'pc-dot' });
    dot.style.setProperty('--pc-t', at);
    s.append(dot);
  }
  return s;
}

/**
 * The legend: the colour ramp between the ends of the accuracy axis (what a line's colour
 * means), then the kinds of line drawn besides (told apart by width, dots and dashes too).
 */
function legend(metric: ParamAxis, lines: ParallelLine[]): HTMLElement {
  const fmt = fmtValue(metric);
  const key = (kind: string, words: string) => h('span', { class: 'pc-key' }, sample(kind, '100%'), words);
  return h(
    'div',
    { class: 'pc-legend', id: 'parallel-legend' },
    h(
      'span',
      { class: 'pc-key' },
      h('span', {}, l10n.t('Line colour, test accuracy:')),
      h('span', { class: 'pc-ramp-end', 'data-end': 'low' }, fmt(metric.min)),
      h('span', { class: 'pc-ramp', id: 'parallel-ramp', 'aria-hidden': 'true' }),
      h('span', { class: 'pc-ramp-end', 'data-end': 'high' }, fmt(metric.max)),
    ),
    lines.some((l) => l.best && l.inside) ? key('pc-best', l10n.t('best trial')) : null,
    lines.some((l) => l.selected && l.inside) ? key('pc-selected', l10n.t('ticked in the table')) : null,
    lines.some((l) => !l.inside) ? key('pc-out', l10n.t('outside the brushes')) : null,
  );
}

/** "97 98.5" typed on the accuracy axis → "0.97 0.985". */
function percentToFraction(text: string): string {
  return text.replace(/%/g, ' ').replace(/-?\d+(?:\.\d+)?(?:e-?\d+)?/gi, (m) => String(Number(m) / 100));
}
