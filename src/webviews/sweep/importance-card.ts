// The parameter-importance bar chart: bars drawn as HTML (widths from the numbers, colours
// from the theme's CSS variables), each bar labelled with its value, so the chart is its own
// table; a sentence says which measure it shows and which parameter leads.
import { h } from '../shared/dom';
import { formatNumber, formatPercent, paramLabel } from '../../core/format';
import type { Importance } from '../../core/importance';
import { sentence } from '../shared/chart-summary';

const MEASURE_TEXT = {
  variance:
    'Full grid: the share of the variance of test accuracy that each parameter’s main effect explains (one-way sums of squares over every finished trial); the rest is interactions between parameters and seed noise.',
  spearman:
    'Not a full grid (random search, halving, or a filter that leaves holes): Spearman’s rank correlation of each parameter with test accuracy, from −1 (higher value, lower accuracy) to +1. Parameters without an order (names) get none.',
};

export function importanceCard(imp: Importance): HTMLElement {
  const rows = h('div', { class: 'importance', id: 'importance', 'data-measure': imp.measure, role: 'list' });
  const show = (v: number) => (imp.measure === 'variance' ? formatPercent(v, 1) : formatNumber(v, 2));
  const items = [
    ...imp.params.map((p) => ({ key: p.param, name: paramLabel(p.param), value: p.value, reason: p.reason })),
    ...(imp.residual !== null ? [{ key: 'residual', name: 'unexplained', value: imp.residual, reason: null }] : []),
  ];
  for (const it of items) {
    const bar = h('span', {
      class: `imp-bar${it.value !== null && it.value < 0 ? ' negative' : ''}${it.key === 'residual' ? ' residual' : ''}`,
    });
    const track = h('span', { class: `imp-track ${imp.measure}`, 'aria-hidden': 'true' }, bar);
    if (it.value !== null) {
      const w = imp.measure === 'variance' ? it.value * 100 : Math.abs(it.value) * 50;
      bar.style.width = `${w}%`;
      if (imp.measure === 'spearman') bar.style.left = it.value < 0 ? `${50 - w}%` : '50%';
    }
    rows.append(
      h(
        'div',
        {
          class: 'imp-row',
          role: 'listitem',
          'data-param': it.key,
          'data-value': it.value === null ? '' : String(it.value),
        },
        h('span', { class: 'imp-name' }, it.name),
        track,
        h('span', { class: 'imp-value' }, it.value === null ? `– (${it.reason})` : show(it.value)),
      ),
    );
  }
  const ranked = imp.params
    .filter((p): p is typeof p & { value: number } => p.value !== null)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const summary =
    imp.n === 0
      ? 'No finished trial with a comparable test accuracy yet.'
      : sentence([
          `${imp.measure === 'variance' ? 'share of variance explained' : 'rank correlation with test accuracy'} over ${imp.n} trial${imp.n === 1 ? '' : 's'}`,
          ranked.length > 0
            ? `${paramLabel(ranked[0].param)} matters most (${show(ranked[0].value)})`
            : 'no parameter has a value yet (see the reason beside each)',
          imp.residual !== null ? `${formatPercent(imp.residual, 1)} unexplained by any single parameter` : '',
        ]);
  return h(
    'section',
    { class: 'card', id: 'importance-card', 'aria-label': 'Parameter importance' },
    h(
      'div',
      { class: 'card-head' },
      h('h3', {}, 'Parameter importance'),
      h(
        'span',
        { class: 'badge', id: 'importance-measure' },
        imp.measure === 'variance' ? 'variance explained' : 'Spearman ρ',
      ),
    ),
    h('p', { class: 'muted' }, MEASURE_TEXT[imp.measure]),
    rows,
    h('p', { class: 'chart-summary', id: 'importance-summary' }, summary),
  );
}
