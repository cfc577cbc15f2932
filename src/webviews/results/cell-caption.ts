// What the results panel says above a confusion-matrix cell's images. A run keeps only some
// test images, so "17 images, 6 kept" left a new user guessing what was kept and why.
import { CELL_EXAMPLES } from '../../core/defaults';

const images = (n: number): string => `${n} test image${n === 1 ? '' : 's'}`;

/** "True 7, predicted 2: 17 test images" */
export function cellTitle(trueName: string, predictedName: string, count: number): string {
  return `True ${trueName}, predicted ${predictedName}: ${images(count)}`;
}

/**
 * Which of a cell's `count` images are shown and why, when not all are: `shown` of them were
 * saved with the run, which keeps up to CELL_EXAMPLES of every cell and `random` random ones.
 * Null when every image is shown (nothing to explain).
 */
export function cellKeptNote(count: number, shown: number, random: number): string | null {
  if (shown >= count) return null;
  const why = `a run saves up to ${CELL_EXAMPLES} images of every cell${random > 0 ? ` and ${random} random test images` : ''}, so that run.json stays small`;
  if (shown === 0) return `None of them was saved with the run: ${why}.`;
  return `Showing the ${shown === 1 ? 'one' : shown} of them saved with the run: ${why}.`;
}
