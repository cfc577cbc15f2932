// The sweep panel's "Search" card: how the sweep searched; for successive halving the rungs
// (budget, trained, running, promoted, stopped) and the promotions as they are decided; for
// repeats the configurations ranked by mean ± std with whether each differs from the best.
import * as l10n from '@vscode/l10n';
import { h } from '../shared/dom';
import type { RunHeader, TrialSummary } from '../../extension/panels/shared/contract';
import type { SearchRecord } from '../../core/record';
import { formatNumber, formatPercent } from '../../core/format';
import { configurationRanking, configurationLabel, versusBest } from '../../core/repeats';

function strategyText(s: SearchRecord): string {
  let text =
    s.strategy === 'random'
      ? l10n.t('Random search: {0} configurations drawn (seed {1})', s.configurations, String(s.seed))
      : l10n.t('Grid: {0} configurations', s.configurations);
  if (s.repeats > 1) text = l10n.t('{0}, each with {1} seeds', text, s.repeats);
  if (s.halving)
    text = s.halving.asynchronous
      ? l10n.t('{0}; successive halving (η {1}, asynchronous, ASHA) by {2}', text, s.halving.eta, s.halving.metric)
      : l10n.t('{0}; successive halving (η {1}, rung by rung) by {2}', text, s.halving.eta, s.halving.metric);
  return l10n.t('{0}.', text);
}

/** The configuration-level view the ranking needs, built from the panel's trial summaries. */
const asTrials = (trials: TrialSummary[]) =>
  trials.map((t) => ({
    index: t.index,
    label: t.label,
    result: t.result,
    rung: t.rung ?? undefined,
    config: { configuration: t.configuration ?? t.index, training: { seed: t.seed } },
  }));

function rungsTable(s: SearchRecord, trials: TrialSummary[]): HTMLElement {
  const budgets = s.halving!.budgets;
  const body = h('tbody', {});
  budgets.forEach((epochs, k) => {
    const reached = trials.filter((t) => t.rung && t.rung.rung >= k);
    const here = trials.filter((t) => t.rung?.rung === k);
    body.append(
      h(
        'tr',
        { 'data-rung': k },
        h('th', { scope: 'row' }, l10n.t('rung {0}', k)),
        h('td', {}, String(epochs)),
        h('td', {}, String(reached.length)),
        h('td', {}, String(here.filter((t) => t.rung!.state === 'running').length)),
        h('td', {}, String(trials.filter((t) => t.rung && t.rung.rung > k).length)),
        h('td', {}, String(here.filter((t) => t.rung!.state === 'stopped').length)),
        h('td', {}, String(here.filter((t) => t.rung!.state === 'completed').length)),
      ),
    );
  });
  const head = h(
    'tr',
    {},
    ...[
      l10n.t('rung'),
      l10n.t('epochs'),
      l10n.t('trained'),
      l10n.t('running'),
      l10n.t('promoted'),
      l10n.t('stopped here'),
      l10n.t('completed'),
    ].map((c) => h('th', { scope: 'col' }, c)),
  );
  return h('table', { class: 'trials', id: 'rungs-table' }, h('thead', {}, head), body);
}

function promotionsList(s: SearchRecord, trials: TrialSummary[]): HTMLElement {
  const t = asTrials(trials);
  const items = [...s.promotions]
    .reverse()
    .map((p) =>
      h(
        'li',
        {},
        l10n.t(
          '{0}: rung {1} → {2} ({3} epochs)',
          configurationLabel(t, p.configuration),
          p.from,
          p.to,
          s.halving!.budgets[p.to],
        ),
      ),
    );
  return h('ol', { class: 'promotions', id: 'promotions', reversed: true }, ...items);
}

function rankingTable(trials: TrialSummary[]): HTMLElement {
  const t = asTrials(trials);
  const ranked = configurationRanking(t).filter((g) => g.spread.n > 0);
  const body = h('tbody', {});
  ranked.forEach((g, i) =>
    body.append(
      h(
        'tr',
        { 'data-configuration': g.configuration, class: i === 0 ? 'best' : '' },
        h('td', {}, String(i + 1)),
        h('td', { class: 'text' }, configurationLabel(t, g.configuration)),
        h('td', {}, `${formatPercent(g.spread.mean)} ± ${formatNumber(g.spread.std * 100, 2)}`),
        h('td', {}, String(g.spread.n)),
        h('td', { class: 'text' }, versusBest(g, i)),
      ),
    ),
  );
  const head = h(
    'tr',
    {},
    ...[
      { c: l10n.t('rank'), text: false },
      { c: l10n.t('configuration'), text: true },
      { c: l10n.t('test acc mean ± std (pt)'), text: false },
      { c: l10n.t('seeds'), text: false },
      { c: l10n.t('vs best'), text: true },
    ].map(({ c, text }) => h('th', { scope: 'col', class: text ? 'text' : null }, c)),
  );
  return h('table', { class: 'trials', id: 'ranking-table' }, h('thead', {}, head), body);
}

/** Null when the run has nothing to say beyond a plain grid with one seed. */
export function searchSection(header: RunHeader, trials: TrialSummary[]): HTMLElement | null {
  const s = header.search;
  if (!s || (s.strategy === 'grid' && s.repeats === 1 && !s.halving)) return null;
  const card = h(
    'section',
    { class: 'card', id: 'search-card' },
    h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, l10n.t('Search'))),
    h('p', {}, strategyText(s)),
  );
  if (s.halving) {
    const full = s.configurations * s.repeats * s.halving.maxEpochs;
    card.append(
      h(
        'p',
        { class: 'muted', id: 'epochs-spent' },
        l10n.t(
          '{0} epochs trained so far, {1} of the {2} that training every configuration to {3} epochs would take (a promoted trial replays its earlier epochs).',
          s.epochsSpent,
          formatPercent(s.epochsSpent / full, 0),
          full,
          s.halving.maxEpochs,
        ),
      ),
      h('div', { class: 'scroll-x' }, rungsTable(s, trials)),
      h('h3', {}, l10n.t('Promotions, newest first')),
      s.promotions.length > 0 ? promotionsList(s, trials) : h('p', { class: 'muted' }, l10n.t('None yet.')),
    );
    if (s.pick !== null)
      card.append(
        h(
          'p',
          { id: 'halving-pick' },
          l10n.t(
            'Pick (best {0} at the full budget): {1}',
            s.halving.metric,
            configurationLabel(asTrials(trials), s.pick),
          ),
        ),
      );
  }
  if (s.repeats > 1) {
    card.append(
      h('h3', {}, l10n.t('Configurations by mean test accuracy')),
      h('div', { class: 'scroll-x' }, rankingTable(trials)),
      h(
        'p',
        { class: 'muted' },
        l10n.t(
          'Against the best: a paired comparison of the test accuracies on the seeds both share (95 % interval of the mean difference); without two shared seeds, whether the mean ± std intervals overlap.',
        ),
      ),
    );
  }
  return card;
}
