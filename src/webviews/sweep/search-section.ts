// The sweep panel's "Search" card: how the sweep searched; for successive halving the rungs
// (budget, trained, running, promoted, stopped) and the promotions as they are decided; for
// repeats the configurations ranked by mean ± std with whether each differs from the best.
import * as l10n from '@vscode/l10n';
import { h } from '../shared/dom';
import type { RunHeader, TrialSummary } from '../../extension/panels/shared/contract';
import type { SearchRecord } from '../../core/record';
import { formatNumber, formatPercent } from '../../core/format';
import { configurationRanking, configurationLabel, versusBest } from '../../core/repeats';

const strategyText = (s: SearchRecord) =>
  `${s.strategy === 'random' ? `Random search: ${s.configurations} configurations drawn (seed ${s.seed})` : `Grid: ${s.configurations} configurations`}${s.repeats > 1 ? `, each with ${s.repeats} seeds` : ''}${
    s.halving
      ? `; successive halving (η ${s.halving.eta}, ${s.halving.asynchronous ? 'asynchronous, ASHA' : 'rung by rung'}) by ${s.halving.metric}`
      : ''
  }.`;

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
        h('th', { scope: 'row' }, `rung ${k}`),
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
    ...['rung', 'epochs', 'trained', 'running', 'promoted', 'stopped here', 'completed'].map((c) =>
      h('th', { scope: 'col' }, c),
    ),
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
        `${configurationLabel(t, p.configuration)}: rung ${p.from} → ${p.to} (${s.halving!.budgets[p.to]} epochs)`,
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
    ...['rank', 'configuration', 'test acc mean ± std (pt)', 'seeds', 'vs best'].map((c) =>
      h('th', { scope: 'col', class: c === 'configuration' || c === 'vs best' ? 'text' : null }, c),
    ),
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
        `${s.epochsSpent} epochs trained so far, ${formatPercent(s.epochsSpent / full, 0)} of the ${full} that training every configuration to ${s.halving.maxEpochs} epochs would take (a promoted trial replays its earlier epochs).`,
      ),
      h('div', { class: 'scroll-x' }, rungsTable(s, trials)),
      h('h3', {}, l10n.t('Promotions, newest first')),
      s.promotions.length > 0 ? promotionsList(s, trials) : h('p', { class: 'muted' }, 'None yet.'),
    );
    if (s.pick !== null)
      card.append(
        h(
          'p',
          { id: 'halving-pick' },
          `Pick (best ${s.halving.metric} at the full budget): ${configurationLabel(asTrials(trials), s.pick)}`,
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
        'Against the best: a paired comparison of the test accuracies on the seeds both share (95 % interval of the mean difference); without two shared seeds, whether the mean ± std intervals overlap.',
      ),
    );
  }
  return card;
}
