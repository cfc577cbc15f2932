// The parameter-importance bar chart: bars drawn as HTML (widths from the numbers, colours
// from the theme's CSS variables), each bar labelled with its value, so the chart is its own
// table; a sentence says which measure it shows and which parameter leads.
import * as l10n from '@vscode/l10n';
import { h } from '../shared/dom';
import { formatNumber, formatPercent, paramLabel } from '../../core/format';
import type { Importance, ImportanceGap } from '../../core/importance';
import { sentence } from '../shared/chart-summary';

const measureText = (measure: Importance['measure']): string =>
  measure === 'variance'
    ? l10n.t(
        'Full grid: the share of the variance of test accuracy that each parameter’s main effect explains (one-way sums of squares over every finished trial); the rest is interactions between parameters and seed noise.',
      )
    : l10n.t(
        'Not a full grid (random search, halving, or a filter that leaves holes): Spearman’s rank correlation of each parameter with test accuracy, from −1 (higher value, lower accuracy) to +1. Parameters without an order (names) get none.',
      );

function gapText(gap: ImportanceGap): string {
  switch (gap) {
    case 'fewer-than-two-values':
      return l10n.t('fewer than two values');
    case 'fewer-than-three-values':
      return l10n.t('fewer than three values');
    case 'metric-constant':
      return l10n.t('the metric does not vary');
    case 'parameter-or-metric-constant':
      return l10n.t('the parameter or the metric does not vary');
    case 'no-order':
      return l10n.t('not a number: no order to rank');
  }
}

export function importanceCard(imp: Importance): HTMLElement {
  const rows = h('div', { class: 'importance', id: 'importance', 'data-measure': imp.measure, role: 'list' });
  const show = (v: number) => (imp.measure === 'variance' ? formatPercent(v, 1) : formatNumber(v, 2));
  const items = [
    ...imp.params.map((p) => ({ key: p.param, name: paramLabel(p.param), value: p.value, reason: p.reason })),
    ...(imp.residual !== null
      ? [{ key: 'residual', name: l10n.t('unexplained'), value: imp.residual, reason: null }]
      : []),
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
        h(
          'span',
          { class: 'imp-value' },
          it.value === null ? `– (${it.reason ? gapText(it.reason) : ''})` : show(it.value),
        ),
      ),
    );
  }
  const ranked = imp.params
    .filter((p): p is typeof p & { value: number } => p.value !== null)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const summary =
    imp.n === 0
      ? l10n.t('No finished trial with a comparable test accuracy yet.')
      : sentence([
          imp.measure === 'variance'
            ? imp.n === 1
              ? l10n.t('share of variance explained over {0} trial', imp.n)
              : l10n.t('share of variance explained over {0} trials', imp.n)
            : imp.n === 1
              ? l10n.t('rank correlation with test accuracy over {0} trial', imp.n)
              : l10n.t('rank correlation with test accuracy over {0} trials', imp.n),
          ranked.length > 0
            ? l10n.t('{0} matters most ({1})', paramLabel(ranked[0].param), show(ranked[0].value))
            : l10n.t('no parameter has a value yet (see the reason beside each)'),
          imp.residual !== null
            ? l10n.t('{0} unexplained by any single parameter', formatPercent(imp.residual, 1))
            : '',
        ]);
  return h(
    'section',
    { class: 'card', id: 'importance-card', 'aria-label': l10n.t('Parameter importance') },
    h(
      'div',
      { class: 'card-head' },
      h('h3', {}, l10n.t('Parameter importance')),
      h(
        'span',
        { class: 'badge', id: 'importance-measure' },
        imp.measure === 'variance' ? l10n.t('variance explained') : l10n.t('Spearman ρ'),
      ),
    ),
    h('p', { class: 'muted' }, measureText(imp.measure)),
    rows,
    h('p', { class: 'chart-summary', id: 'importance-summary' }, summary),
  );
}
