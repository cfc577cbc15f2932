// Text colour on heat-coloured cells (confusion matrix, sweep heatmap). The cell's colour is the
// theme's chart colour at some strength over the card's background; a fixed switch point between
// the theme's text and background colours left mid-strength cells below WCAG's 4.5:1 in every
// theme. Pure maths (WCAG 2 relative luminance), so it is unit-tested under Node.

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** WCAG 2 relative luminance of an sRGB colour (channels 0–255). */
export function luminance({ r, g, b }: Rgb): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Contrast ratio between two colours, 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `top` at opacity `alpha` over the opaque `under`, as the browser composites it. */
export function blend(under: Rgb, top: Rgb, alpha: number): Rgb {
  const mix = (u: number, t: number) => Math.round(u + (t - u) * alpha);
  return { r: mix(under.r, top.r), g: mix(under.g, top.g), b: mix(under.b, top.b) };
}

export const AA_TEXT = 4.5;
const BLACK: Rgb = { r: 0, g: 0, b: 0 };
const WHITE: Rgb = { r: 255, g: 255, b: 255 };

/**
 * The theme colour among `preferred` with the best contrast on `background` when it reaches
 * 4.5:1; otherwise black or white, one of which always does (at least 4.58:1).
 */
export function readableInk(background: Rgb, preferred: readonly Rgb[]): Rgb {
  let best: Rgb | null = null;
  let bestRatio = 0;
  for (const c of preferred) {
    const ratio = contrastRatio(c, background);
    if (ratio > bestRatio) [best, bestRatio] = [c, ratio];
  }
  if (best && bestRatio >= AA_TEXT) return best;
  return contrastRatio(BLACK, background) >= contrastRatio(WHITE, background) ? BLACK : WHITE;
}

export const css = ({ r, g, b }: Rgb): string => `rgb(${r}, ${g}, ${b})`;
