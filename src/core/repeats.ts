// A sweep's trials seen as configurations × seeds: the statistics every view of repeats shows
// (the sweep panel's table and heatmap, the CLI, the export) come from here.
import { rankConfigurations, type ConfigurationStats } from './stats';
import type { TrialRecord } from './record';

/** What the statistics read of a trial: a TrialRecord, or a panel's slimmer summary of one. */
type Trial = Pick<TrialRecord, 'index' | 'label'> & {
  result: { testAccuracy: number } | null;
  rung?: { state: string } | null;
  config: { configuration?: number; training: { seed: number } };
};

/** A trial's configuration (its own index in runs without repeats). */
export const configurationOf = (t: { index: number; config: { configuration?: number } }) =>
  t.config.configuration ?? t.index;

/**
 * A trial's test accuracy where it can be compared with the others: null while it runs, when it
 * failed, or when successive halving stopped it at a lower rung (it trained fewer epochs).
 */
export const comparableAccuracy = (t: {
  result: { testAccuracy: number } | null;
  rung?: { state: string } | null;
}): number | null => (t.result && t.rung?.state !== 'stopped' ? t.result.testAccuracy : null);

/**
 * Test accuracy per configuration over its seeds, best mean first, with whether each differs
 * from the best. Trials stopped by successive halving do not count (they trained less).
 */
export function configurationRanking(trials: readonly Trial[]): ConfigurationStats[] {
  return rankConfigurations(
    trials.map((t) => ({
      index: t.index,
      configuration: configurationOf(t),
      seed: t.config.training.seed,
      value: comparableAccuracy(t),
    })),
  );
}

/** The label of a configuration: its first trial's label without the " · seed n" suffix. */
export function configurationLabel(trials: readonly Trial[], configuration: number): string {
  const t = trials.find((x) => configurationOf(x) === configuration);
  return t ? t.label.replace(/ · seed \d+$/, '') : `configuration ${configuration}`;
}

/** How a ranking row compares with the best configuration, in the words the CLI and the sweep panel show. */
export function versusBest(stats: ConfigurationStats, rank: number): string {
  if (rank === 0) return 'best';
  if (stats.distinguishableFromBest === null) return 'too few seeds';
  return stats.distinguishableFromBest ? `worse (${stats.test})` : `not distinguishable (${stats.test})`;
}
