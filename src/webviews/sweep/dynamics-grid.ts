// The sweep panel's inside view: every trial's per-layer measures side by side at its best
// epoch — the first layer's gradient norm, its ratio to the output layer's, the worst dead and
// saturated shares — shaded within each column, so the init × activation grid shows sigmoid's
// vanishing first-layer gradient and ReLU's dead units at a glance. The verdicts are
// core/gradient-flow.ts's.
import * as l10n from '@vscode/l10n';
import { dynamicsAtBest } from '../../core/dynamics';
import { formatPercent, formatScientific } from '../../core/format';
import { DEAD_SHARE, flowVerdict, formatRatio, VANISHING_RATIO, type FlowVerdict } from '../../core/gradient-flow';
import type { TrialSummary } from '../../extension/panels/shared/contract';
import { h } from '../shared/dom';
import { cssRgb, heatPalette, heatRgb } from '../shared/heat';
import { css, readableInk } from '../shared/contrast';
import { themeColors, toRgb } from '../shared/theme';

interface Row {
  trial: TrialSummary;
  verdict: FlowVerdict;
}

/** Shading strength: strong enough to see, light enough that the number stays readable. */
const SHADE = 0.55;

function shade(td: HTMLElement, t: number): void {
  const c = themeColors();
  const [r, g, b] = heatRgb(t * SHADE, heatPalette(c));
  td.style.background = cssRgb([r, g, b]);
  // The shade is the cell's background now: its number takes whichever ink still reads at 4.5:1.
  td.style.color = css(readableInk({ r, g, b }, [toRgb(c.foreground), toRgb(c.background)]));
}

/** Position of v within [lo, hi] on a log scale (gradient norms span decades). */
function logPosition(v: number, lo: number, hi: number): number {
  if (!(v > 0) || !(hi > lo)) return 0;
  return (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
}

export function dynamicsGrid(trials: readonly TrialSummary[], onOpen: (index: number) => void): HTMLElement | null {
  const rows: Row[] = [];
  for (const t of trials) {
    const at = dynamicsAtBest({ history: t.history, result: t.result });
    const verdict = at ? flowVerdict(at.epoch, at.dynamics) : null;
    if (verdict) rows.push({ trial: t, verdict });
  }
  if (rows.length === 0) return null;
  const grads = rows.map((r) => r.verdict.firstGrad).filter((g) => g > 0);
  const [lo, hi] = [Math.min(...grads), Math.max(...grads)];
  const vanishing = rows.filter((r) => r.verdict.vanishing).map((r) => r.trial.label);
  const dead = rows.filter((r) => r.verdict.hasDead).map((r) => r.trial.label);
  const weakest = rows.reduce((a, b) => (b.verdict.firstGrad < a.verdict.firstGrad ? b : a));
  const strongest = rows.reduce((a, b) => (b.verdict.firstGrad > a.verdict.firstGrad ? b : a));
  const sentence = [
    l10n.t(
      "At each trial's best epoch, the first layer's gradient norm ranges from {0} ({1}) to {2} ({3}).",
      formatScientific(weakest.verdict.firstGrad),
      weakest.trial.label,
      formatScientific(strongest.verdict.firstGrad),
      strongest.trial.label,
    ),
    vanishing.length > 0
      ? l10n.t("Vanishing (first layer below {0} × the output layer's): {1}.", VANISHING_RATIO, vanishing.join('; '))
      : l10n.t("No trial's first-layer gradient falls below {0} × the output layer's.", VANISHING_RATIO),
    dead.length > 0
      ? l10n.t('Dead units (≥ {0} of a ReLU layer): {1}.', formatPercent(DEAD_SHARE, 0), dead.join('; '))
      : l10n.t('No ReLU layer has {0} or more dead units.', formatPercent(DEAD_SHARE, 0)),
  ].join(' ');

  const body = h('tbody', {});
  for (const { trial, verdict } of rows) {
    const g = h(
      'td',
      { class: 'heat', 'data-key': 'firstGrad', 'data-value': String(verdict.firstGrad) },
      formatScientific(verdict.firstGrad),
    );
    shade(g, logPosition(verdict.firstGrad, lo, hi));
    const ratio = h(
      'td',
      {
        class: `heat${verdict.vanishing ? ' flag' : ''}`,
        'data-key': 'firstToLast',
        'data-value': String(verdict.firstToLast),
      },
      `${formatRatio(verdict.firstToLast)}${verdict.vanishing ? ' vanishing' : ''}`,
    );
    shade(ratio, Math.min(1, verdict.firstToLast));
    const d = h(
      'td',
      { class: `heat${verdict.hasDead ? ' flag' : ''}`, 'data-key': 'dead', 'data-value': String(verdict.dead ?? '') },
      verdict.dead === null ? '–' : formatPercent(verdict.dead, 1),
    );
    if (verdict.dead !== null) shade(d, verdict.dead);
    const s = h(
      'td',
      {
        class: `heat${verdict.saturates ? ' flag' : ''}`,
        'data-key': 'saturated',
        'data-value': String(verdict.saturated ?? ''),
      },
      verdict.saturated === null ? '–' : formatPercent(verdict.saturated, 1),
    );
    if (verdict.saturated !== null) shade(s, verdict.saturated);
    body.append(
      h(
        'tr',
        { 'data-trial': trial.index },
        h(
          'th',
          { scope: 'row', class: 'text' },
          h(
            'button',
            { class: 'link', onclick: () => onOpen(trial.index), title: l10n.t('Open this trial’s results') },
            `${trial.index + 1}. ${trial.label}`,
          ),
        ),
        h('td', {}, String(verdict.epoch)),
        g,
        ratio,
        d,
        s,
      ),
    );
  }
  return h(
    'section',
    { class: 'card', id: 'dynamics-grid-card', 'aria-labelledby': 'dynamics-grid-title' },
    h(
      'div',
      { class: 'card-head' },
      h('h3', { id: 'dynamics-grid-title' }, l10n.t('Inside the networks: gradient flow, dead and saturated units')),
    ),
    h('p', { class: 'muted chart-summary', id: 'dynamics-grid-summary' }, sentence),
    h(
      'div',
      { class: 'scroll-x' },
      h(
        'table',
        { id: 'dynamics-grid', class: 'dynamics-grid', 'aria-describedby': 'dynamics-grid-summary' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col', class: 'text' }, l10n.t('trial')),
            h('th', { scope: 'col' }, l10n.t('epoch')),
            h('th', { scope: 'col' }, l10n.t('first layer ‖∂L/∂W‖')),
            h('th', { scope: 'col' }, l10n.t('first ÷ output ‖∂L/∂W‖')),
            h('th', { scope: 'col' }, l10n.t('dead units (worst layer)')),
            h('th', { scope: 'col' }, l10n.t('saturated units (worst layer)')),
          ),
        ),
        body,
      ),
    ),
  );
}
