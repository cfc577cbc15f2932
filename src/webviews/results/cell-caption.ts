// What the results panel says above a confusion-matrix cell's images. A run keeps only some
// test images, so "17 images, 6 kept" left a new user guessing what was kept and why.
import * as l10n from '@vscode/l10n';
import { CELL_EXAMPLES } from '../../core/defaults';

/** "True 7, predicted 2: 17 test images" */
export function cellTitle(trueName: string, predictedName: string, count: number): string {
  return count === 1
    ? l10n.t('True {0}, predicted {1}: {2} test image', trueName, predictedName, count)
    : l10n.t('True {0}, predicted {1}: {2} test images', trueName, predictedName, count);
}

/**
 * Which of a cell's `count` images are shown and why, when not all are: `shown` of them were
 * saved with the run, which keeps up to CELL_EXAMPLES of every cell and `random` random ones.
 * Null when every image is shown (nothing to explain).
 */
export function cellKeptNote(count: number, shown: number, random: number): string | null {
  if (shown >= count) return null;
  const why =
    random > 0
      ? l10n.t(
          'a run saves up to {0} images of every cell and {1} random test images, so that run.json stays small',
          CELL_EXAMPLES,
          random,
        )
      : l10n.t('a run saves up to {0} images of every cell, so that run.json stays small', CELL_EXAMPLES);
  if (shown === 0) return l10n.t('None of them was saved with the run: {0}.', why);
  return shown === 1
    ? l10n.t('Showing the one of them saved with the run: {0}.', why)
    : l10n.t('Showing the {0} of them saved with the run: {1}.', shown, why);
}
