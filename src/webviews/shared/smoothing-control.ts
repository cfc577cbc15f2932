// The curve-smoothing slider: a native range input (arrow keys, Home/End, Page keys) with its
// value beside it; one weight per panel, kept across reloads. 0 draws the raw curves only.
import * as l10n from '@vscode/l10n';
import { h } from './dom';
import { saveUi, uiState } from './vscode-api';

export const smoothingWeight = (): number => uiState('smoothing', 0);

export function smoothingControl(id: string, onChange: (beta: number) => void): HTMLElement {
  const output = h('output', { for: `${id}-smoothing`, class: 'smoothing-value' });
  const input = h('input', {
    type: 'range',
    id: `${id}-smoothing`,
    min: 0,
    max: 0.95,
    step: 0.05,
    value: smoothingWeight(),
    'data-smoothing': id,
    'aria-describedby': `${id}-smoothing-help`,
  });
  const show = () => {
    const b = Number(input.value);
    output.textContent = b === 0 ? l10n.t('off') : b.toFixed(2);
    input.setAttribute('aria-valuetext', b === 0 ? l10n.t('off') : l10n.t('weight {0}', b.toFixed(2)));
  };
  show();
  input.addEventListener('input', () => {
    show();
    saveUi('smoothing', Number(input.value));
    onChange(Number(input.value));
  });
  return h(
    'div',
    { class: 'smoothing' },
    h('label', { for: `${id}-smoothing` }, l10n.t('Smoothing')),
    input,
    output,
    h(
      'span',
      { class: 'visually-hidden', id: `${id}-smoothing-help` },
      l10n.t('Exponential moving average, debiased at the start; the raw curve stays faint beside the smoothed one.'),
    ),
  );
}
