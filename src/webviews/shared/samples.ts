// Test images drawn on canvases from the 28×28 pixels stored in run.json. Ink and paper are
// the theme's foreground and background, so digits read well in light, dark and
// high-contrast themes.
import * as l10n from '@vscode/l10n';
import type { PredictionSample } from '../../core/record';
import { h } from './dom';
import { formatPercent } from '../../core/format';
import { decodePixels } from '../../core/pixels';
import { themeColors, toRgb } from './theme';

export function drawDigit(canvas: HTMLCanvasElement, pixels: Uint8Array): void {
  const c = themeColors();
  const ink = toRgb(c.foreground);
  const paper = toRgb(c.background);
  canvas.width = 28;
  canvas.height = 28;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const t = pixels[i] / 255;
    img.data[i * 4] = Math.round(paper.r + (ink.r - paper.r) * t);
    img.data[i * 4 + 1] = Math.round(paper.g + (ink.g - paper.g) * t);
    img.data[i * 4 + 2] = Math.round(paper.b + (ink.b - paper.b) * t);
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

/** One tile: the digit, "true / predicted / probability", wrong predictions marked. */
export function sampleTile(s: PredictionSample, classNames: string[]): HTMLElement {
  const wrong = s.label !== s.predicted;
  const truth = classNames[s.label] ?? s.label;
  const predicted = classNames[s.predicted] ?? s.predicted;
  const label = wrong
    ? l10n.t('test image {0}: true {1}, predicted {2} (wrong)', s.index, truth, predicted)
    : l10n.t('test image {0}: true {1}, predicted {2}', s.index, truth, predicted);
  const canvas = h('canvas', { class: 'digit', width: 28, height: 28, role: 'img', 'aria-label': label });
  try {
    drawDigit(canvas, decodePixels(s.pixels));
  } catch {
    canvas.classList.add('broken');
  }
  const name = (i: number) => classNames[i] ?? String(i);
  return h(
    'figure',
    {
      class: `sample${wrong ? ' wrong' : ''}`,
      'data-index': s.index,
      'data-label': s.label,
      'data-predicted': s.predicted,
    },
    canvas,
    h(
      'figcaption',
      {},
      h('span', { class: 'truth' }, `true ${name(s.label)}`),
      h('span', { class: 'pred' }, `${wrong ? '✗ ' : '✓ '}pred ${name(s.predicted)}`),
      h('span', { class: 'prob muted' }, formatPercent(s.probability, 1)),
    ),
  );
}

/** Redraws every digit canvas after a theme change (the pixels live on the figure). */
export function redrawDigits(container: ParentNode, samples: PredictionSample[]): void {
  const byIndex = new Map(samples.map((s) => [String(s.index), s]));
  for (const fig of Array.from(container.querySelectorAll<HTMLElement>('figure.sample'))) {
    const s = byIndex.get(fig.dataset.index ?? '');
    const canvas = fig.querySelector('canvas');
    if (s && canvas) {
      try {
        drawDigit(canvas, decodePixels(s.pixels));
      } catch {
        /* already marked broken */
      }
    }
  }
}

/** Samples that are not the ones in `shown`, deduplicated by test index. */
export function uniqueByIndex(samples: PredictionSample[]): PredictionSample[] {
  const seen = new Set<number>();
  return samples.filter((s) => (seen.has(s.index) ? false : (seen.add(s.index), true)));
}

/**
 * The pool "draw 9 more" pages through: the random draws first, then the other kept images
 * (examples of confusion-matrix cells); or every wrong prediction kept.
 */
export function samplePool(samples: PredictionSample[], wrongOnly: boolean): PredictionSample[] {
  if (wrongOnly) return uniqueByIndex(samples.filter((s) => s.label !== s.predicted));
  return uniqueByIndex([
    ...samples.filter((s) => s.reason === 'random'),
    ...samples.filter((s) => s.reason !== 'random'),
  ]);
}
