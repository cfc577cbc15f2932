// Theme colours for canvases. Chart.js and canvas drawing cannot use CSS variables directly,
// so they are resolved from --vscode-* on every theme change; VS Code signals a change by
// swapping body classes (vscode-light / vscode-dark / vscode-high-contrast[-light]).

import { blend, css, readableInk, type Rgb } from './contrast';
export type { Rgb };

function cssVar(name: string, fallbackVar?: string): string {
  const style = getComputedStyle(document.body);
  const v = style.getPropertyValue(name).trim();
  if (v || !fallbackVar) return v;
  return style.getPropertyValue(fallbackVar).trim();
}

let probe: HTMLElement | undefined;
/** Any CSS colour (hex, rgba, named) as numbers, via the browser's own parser. */
export function toRgb(color: string): Rgb {
  if (!probe) {
    probe = document.createElement('span');
    probe.className = 'visually-hidden';
    document.body.append(probe);
  }
  probe.style.color = '';
  probe.style.color = color;
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(getComputedStyle(probe).color);
  return m ? { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]) } : { r: 128, g: 128, b: 128 };
}

/** The opaque colour behind `el`: its own or its nearest ancestor's non-transparent background. */
export function backdropOf(el: Element | null): Rgb {
  for (let e = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?/.exec(bg);
    if (m && (m[4] === undefined || Number(m[4]) > 0.99)) return { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]) };
  }
  return toRgb(themeColors().background);
}

/**
 * Paints a heat cell: the theme's heat colour at `alpha` over `backdrop`, made opaque, with the
 * theme's text or background colour on it when that reads at 4.5:1, else black or white.
 */
export function paintHeatCell(cell: HTMLElement, heat: string, alpha: number, backdrop: Rgb, c: ThemeColors): void {
  const bg = blend(backdrop, toRgb(heat), alpha);
  cell.style.backgroundColor = css(bg);
  cell.style.color = css(readableInk(bg, [toRgb(c.foreground), toRgb(c.background)]));
}

export function withAlpha(color: string, alpha: number): string {
  const { r, g, b } = toRgb(color);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

export interface ThemeColors {
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  /** Series colours from the theme's chart palette. */
  series: string[];
  train: string;
  validation: string;
  best: string;
  error: string;
  good: string;
  heat: string;
  focus: string;
  highContrast: boolean;
}

export function themeColors(): ThemeColors {
  const fg = cssVar('--vscode-editor-foreground', '--vscode-foreground') || 'CanvasText';
  const series = [
    cssVar('--vscode-charts-blue'),
    cssVar('--vscode-charts-orange'),
    cssVar('--vscode-charts-green'),
    cssVar('--vscode-charts-purple'),
    cssVar('--vscode-charts-red'),
    cssVar('--vscode-charts-yellow'),
  ].map((c) => c || fg);
  return {
    foreground: fg,
    muted: cssVar('--vscode-descriptionForeground') || fg,
    background: cssVar('--vscode-editor-background') || 'Canvas',
    grid: cssVar('--vscode-editorWidget-border', '--vscode-panel-border') || withAlpha(fg, 0.2),
    series,
    train: series[0],
    validation: series[1],
    best: cssVar('--vscode-charts-green') || fg,
    error: cssVar('--vscode-errorForeground') || fg,
    good: cssVar('--vscode-testing-iconPassed', '--vscode-charts-green') || fg,
    heat: cssVar('--vscode-charts-blue') || fg,
    focus: cssVar('--vscode-focusBorder') || fg,
    highContrast:
      document.body.classList.contains('vscode-high-contrast') ||
      document.body.classList.contains('vscode-high-contrast-light'),
  };
}

/** Calls back after VS Code switches the theme (body class change), with fresh colours. */
export function onThemeChange(callback: (colors: ThemeColors) => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    callback(themeColors());
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

/** Dash pattern for the n-th overlaid series, so 16 trials stay apart with 6 colours. */
export function dashFor(n: number, paletteSize: number): number[] {
  const patterns = [[], [6, 3], [2, 2], [8, 3, 2, 3]];
  return patterns[Math.floor(n / paletteSize) % patterns.length];
}
