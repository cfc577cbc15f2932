// The lines after a sweep's table: how it searched, what halving spent and picked, and for
// repeats the configurations ranked by mean test accuracy with what cannot be told apart.
import type { RunRecord } from '../core/record';
import { formatNumber, formatPercent } from '../core/format';
import { configurationLabel, configurationRanking, versusBest } from '../core/repeats';
import { table } from './format';

export function searchSummary(record: RunRecord): string | null {
  const s = record.search;
  if (!s) return null;
  const out: string[] = [];
  const how =
    s.strategy === 'random'
      ? `random search (${s.configurations} draws, seed ${s.seed})`
      : `grid (${s.configurations} configurations)`;
  const seeds = s.repeats > 1 ? ` × ${s.repeats} seeds` : '';
  if (s.halving) {
    const full = s.configurations * s.repeats * s.halving.maxEpochs;
    out.push(
      `search: ${how}${seeds}, successive halving η ${s.halving.eta}, rungs ${s.halving.budgets.join(' / ')} epochs by ${s.halving.metric}: ${s.epochsSpent} epochs trained (${formatPercent(s.epochsSpent / full, 0)} of ${full} for every configuration at ${s.halving.maxEpochs})`,
    );
    if (s.pick !== null) out.push(`successive halving picks: ${configurationLabel(record.trials, s.pick)}`);
  } else out.push(`search: ${how}${seeds}: ${s.epochsSpent} epochs trained`);
  if (s.repeats > 1) {
    const ranked = configurationRanking(record.trials).filter((g) => g.spread.n > 0);
    const rows = ranked.map((g, i) => [
      String(i + 1),
      configurationLabel(record.trials, g.configuration),
      `${formatPercent(g.spread.mean)} ± ${formatNumber(g.spread.std * 100, 2)} pt`,
      String(g.spread.n),
      versusBest(g, i),
    ]);
    out.push(table(['rank', 'configuration', 'test acc mean ± std', 'seeds', 'vs best'], rows));
    const ties = ranked.filter((g, i) => i > 0 && g.distinguishableFromBest === false).length;
    if (ties > 0)
      out.push(
        `${ties} configuration${ties > 1 ? 's' : ''} cannot be told apart from the best on these seeds (paired comparison on shared seeds, 95 %).`,
      );
  }
  return out.join('\n');
}
