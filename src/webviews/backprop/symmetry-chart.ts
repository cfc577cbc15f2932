// Symmetry-breaking charts: the hidden neurons' outgoing (w7, w8, w9) and first incoming
// (w1, w3, w5) weights per step, for an identical and a random start. Identical neurons draw
// one line on top of the other; random ones fan out. Chart colours come from the theme.
import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import * as l10n from '@vscode/l10n';
import type { SymmetryRun } from '../../core/backprop-walkthrough';
import type { ThemeColors } from '../shared/theme';

const TRACKED = [
  { param: 'w7', neuron: 0, kind: 'out' },
  { param: 'w8', neuron: 1, kind: 'out' },
  { param: 'w9', neuron: 2, kind: 'out' },
  { param: 'w1', neuron: 0, kind: 'in' },
  { param: 'w3', neuron: 1, kind: 'in' },
  { param: 'w5', neuron: 2, kind: 'in' },
] as const;

// Only what line charts need, instead of chart.js/auto: roughly half the bundle.
Chart.register(CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

export function symmetryChart(canvas: HTMLCanvasElement, run: SymmetryRun, colors: ThemeColors): Chart<'line'> {
  const steps = run.losses.map((_, i) => i);
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: steps,
      datasets: TRACKED.map(({ param, neuron, kind }) => ({
        label:
          kind === 'out'
            ? l10n.t('{0} (h{1} → output)', param, neuron + 1)
            : l10n.t('{0} (h{1} ← x1)', param, neuron + 1),
        data: run.series[param],
        borderColor: colors.series[neuron],
        backgroundColor: colors.series[neuron],
        borderDash: kind === 'in' ? [6, 3] : [],
        // Chart.js draws the first dataset on top: h1's line thinnest, h3's widest, so lines that
        // lie exactly on top of each other still show all three colours.
        borderWidth: 1.5 + neuron * 1.5,
        pointRadius: 0,
      })),
    },
    options: themedLineOptions(colors, l10n.t('step'), l10n.t('weight'), {
      labels: { color: colors.foreground, boxWidth: 18 },
    }),
  });
}

/** Static (unanimated) line-chart options in the theme's colours. */
function themedLineOptions(colors: ThemeColors, xTitle: string, yTitle: string, legend: object) {
  const axis = (text: string) => ({
    title: { display: true, text, color: colors.muted },
    ticks: { color: colors.muted },
    grid: { color: colors.grid },
  });
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    color: colors.foreground,
    scales: { x: axis(xTitle), y: axis(yTitle) },
    plugins: { legend },
  };
}

export function lossChart(canvas: HTMLCanvasElement, losses: number[], colors: ThemeColors): Chart<'line'> {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: losses.map((_, i) => i),
      datasets: [
        {
          label: l10n.t('loss'),
          data: losses,
          borderColor: colors.train,
          backgroundColor: colors.train,
          pointRadius: losses.length > 40 ? 0 : 2,
        },
      ],
    },
    options: themedLineOptions(colors, l10n.t('after step'), l10n.t('loss'), { display: false }),
  });
}
