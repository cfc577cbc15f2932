// Checks of the `search` section and sweep ranges that the JSON Schema cannot express.
import type { ExperimentFile } from '../core/schema';
import { DATA_DEFAULTS, SEARCH_DEFAULTS, TRAINING_DEFAULTS } from '../core/defaults';
import { gridSize, isRange, type ParameterSpace } from '../core/search-space';
import type { Problem } from './problems';

export function searchProblems(file: ExperimentFile, path: string): Problem[] {
  const problems: Problem[] = [];
  const error = (pointer: string, message: string) =>
    problems.push({ file: path, pointer, message, severity: 'error' });
  const warn = (pointer: string, message: string) =>
    problems.push({ file: path, pointer, message, severity: 'warning' });
  const search = file.search;
  const sweep = (file.sweep ?? {}) as Record<string, ParameterSpace>;
  const strategy = search?.strategy ?? SEARCH_DEFAULTS.strategy;

  for (const [key, space] of Object.entries(sweep)) {
    if (!isRange(space)) continue;
    if (strategy !== 'random')
      error(
        `/sweep/${key}`,
        `a range { "min", "max" } can only be drawn from by a random search; set "search.strategy" to "random" or list the values`,
      );
    if (space.min > space.max) error(`/sweep/${key}/max`, `"max" (${space.max}) is smaller than "min" (${space.min})`);
  }
  if (!search) return problems;

  if (strategy === 'random') {
    if (!file.sweep)
      error('/search/strategy', 'a random search needs a "sweep" section with the lists or ranges to draw from');
    if (search.trials === undefined)
      error('/search', 'a random search needs "trials": how many configurations to draw');
    else {
      const finite = gridSize(sweep);
      if (file.sweep && finite !== null && search.trials > finite) {
        error(
          '/search/trials',
          `asks for ${search.trials} distinct configurations but the lists allow only ${finite}; use the grid, or add values or ranges`,
        );
      }
    }
  } else {
    if (search.trials !== undefined)
      warn('/search/trials', '"trials" is only used by a random search; a grid trains every combination');
    if (search.seed !== undefined) warn('/search/seed', '"seed" only seeds the draws of a random search');
  }
  if ((search.repeats ?? 1) > 1 && file.sweep?.['training.seed']) {
    error(
      '/search/repeats',
      '"repeats" trains each configuration with consecutive seeds; it cannot be combined with sweeping "training.seed" (use one or the other)',
    );
  }
  const halving = search.halving;
  if (halving) {
    if (!file.sweep)
      error('/search/halving', 'successive halving needs configurations to choose between: add a "sweep" section');
    const maxEpochs = halving.maxEpochs ?? file.training?.epochs ?? TRAINING_DEFAULTS.epochs;
    const minEpochs = halving.minEpochs ?? SEARCH_DEFAULTS.halving.minEpochs;
    if (minEpochs > maxEpochs)
      error(
        halving.minEpochs !== undefined ? '/search/halving/minEpochs' : '/search/halving',
        `minEpochs (${minEpochs}) is larger than maxEpochs (${maxEpochs}${halving.maxEpochs === undefined ? ', from training.epochs' : ''})`,
      );
    const eta = halving.eta ?? SEARCH_DEFAULTS.halving.eta;
    if (minEpochs <= maxEpochs && minEpochs * eta > maxEpochs) {
      warn(
        '/search/halving',
        `with minEpochs ${minEpochs}, η ${eta} and maxEpochs ${maxEpochs} there is a single rung: every configuration trains fully and nothing is stopped early`,
      );
    }
    const validation = file.data?.validationFraction ?? DATA_DEFAULTS.validationFraction;
    if (validation === 0)
      error(
        '/search/halving/metric',
        `promotions are decided on ${halving.metric ?? SEARCH_DEFAULTS.halving.metric}, but "data.validationFraction" is 0, so there is no validation set`,
      );
  }
  return problems;
}
