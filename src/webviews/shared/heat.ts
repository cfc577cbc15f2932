// Heat colours for canvases (weight images, activation strips, heat grids), mixed from theme
// colours so they read in light, dark and high-contrast themes: 0 is the editor background,
// 1 the theme's heat colour; signed values use a second colour for negatives.
import { themeColors, toRgb, type Rgb, type ThemeColors } from './theme';

export interface HeatPalette {
  paper: Rgb;
  positive: Rgb;
  negative: Rgb;
}

export function heatPalette(c: ThemeColors = themeColors()): HeatPalette {
  return { paper: toRgb(c.background), positive: toRgb(c.heat), negative: toRgb(c.series[1] ?? c.foreground) };
}

function mix(a: Rgb, b: Rgb, t: number): [number, number, number] {
  const k = Math.max(0, Math.min(1, t));
  return [Math.round(a.r + (b.r - a.r) * k), Math.round(a.g + (b.g - a.g) * k), Math.round(a.b + (b.b - a.b) * k)];
}

/** t in [0, 1] → background … heat colour. */
export function heatRgb(t: number, p: HeatPalette): [number, number, number] {
  return mix(p.paper, p.positive, t);
}

/** t in [−1, 1] → negative colour … background … positive colour. */
export function divergingRgb(t: number, p: HeatPalette): [number, number, number] {
  return t >= 0 ? mix(p.paper, p.positive, t) : mix(p.paper, p.negative, -t);
}

export function cssRgb([r, g, b]: [number, number, number]): string {
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * Paints values (rows × cols, row-major) one canvas pixel each; CSS scales the canvas up
 * with image-rendering: pixelated.
 */
export function paintGrid(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  color: (v: number) => [number, number, number],
): void {
  canvas.width = cols;
  canvas.height = rows;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) {
    const [r, g, b] = color(values[i]);
    img.data[i * 4] = r;
    img.data[i * 4 + 1] = g;
    img.data[i * 4 + 2] = b;
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
