// Turns an experiment's `sweep` and `search` sections into the configurations to train and how:
// grid or random draws, repeats per configuration, successive-halving rungs.
import type { ExperimentFile } from '../core/schema';
import type { ResolvedSearch } from '../core/experiment';
import { QUICK_DEFAULTS, SEARCH_DEFAULTS, TRAINING_DEFAULTS } from '../core/defaults';
import { gridCandidates, gridSize, randomCandidates, type ParameterSpace } from '../core/search-space';
import { rungBudgets } from '../core/halving';
import { MAX_TRIALS } from './sweep-size';

export interface SearchPlan {
  configurations: Record<string, unknown>[];
  search: ResolvedSearch;
}

/** Trials a file asks for (configurations × repeats), counted without drawing or expanding anything. */
export function plannedTrials(file: ExperimentFile): number | null {
  const space = (file.sweep ?? {}) as Record<string, ParameterSpace>;
  const repeats = file.search?.repeats ?? SEARCH_DEFAULTS.repeats;
  const strategy = file.search?.strategy ?? SEARCH_DEFAULTS.strategy;
  const configurations = strategy === 'random' ? (file.search?.trials ?? null) : gridSize(space);
  return configurations === null ? null : configurations * repeats;
}

export function planSearch(file: ExperimentFile, options: { quick?: boolean; seed?: number } = {}): SearchPlan {
  const space = (file.sweep ?? {}) as Record<string, ParameterSpace>;
  const s = file.search ?? {};
  const strategy = s.strategy ?? SEARCH_DEFAULTS.strategy;
  const repeats = s.repeats ?? SEARCH_DEFAULTS.repeats;
  const total = plannedTrials(file);
  if (total === null)
    throw new Error(
      strategy === 'random'
        ? 'a random search needs "search.trials"'
        : 'a grid search needs a list of values for every swept parameter (ranges are for "strategy": "random")',
    );
  if (total > MAX_TRIALS) throw new Error(`the sweep expands to ${total} trials; at most ${MAX_TRIALS} are allowed`);
  const baseSeed = options.seed ?? file.training?.seed ?? TRAINING_DEFAULTS.seed;
  const seed = strategy === 'random' ? (s.seed ?? baseSeed) : null;
  const configurations = strategy === 'random' ? randomCandidates(space, s.trials!, seed!) : gridCandidates(space);
  let halving: ResolvedSearch['halving'] = null;
  if (s.halving) {
    const epochs = file.training?.epochs ?? TRAINING_DEFAULTS.epochs;
    let maxEpochs = s.halving.maxEpochs ?? epochs;
    if (options.quick) maxEpochs = Math.min(maxEpochs, file.quick?.epochs ?? QUICK_DEFAULTS.epochs);
    const minEpochs = Math.min(s.halving.minEpochs ?? SEARCH_DEFAULTS.halving.minEpochs, maxEpochs);
    const eta = s.halving.eta ?? SEARCH_DEFAULTS.halving.eta;
    halving = {
      minEpochs,
      maxEpochs,
      eta,
      metric: s.halving.metric ?? SEARCH_DEFAULTS.halving.metric,
      asynchronous: s.halving.asynchronous ?? SEARCH_DEFAULTS.halving.asynchronous,
      budgets: rungBudgets(minEpochs, maxEpochs, eta),
    };
  }
  return { configurations, search: { strategy, seed, configurations: configurations.length, repeats, halving } };
}
