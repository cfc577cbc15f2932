// Wires the trained model into the results page: "Inside the network" is drawn with the
// results, the weights fill it in (and enable "Draw a digit") when the host sends them.
import * as l10n from '@vscode/l10n';
import { parseSavedModel } from '../../core/saved-model';
import type { ModelWeightsMessage, TrialDetail } from '../../extension/panels/results/contract';
import { h } from '../shared/dom';
import { DrawDigit } from './draw-digit';
import { InsideNetwork } from './inside-network';

function base64Bytes(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export class ModelSections {
  readonly element: HTMLElement;
  private readonly inside: InsideNetwork;
  private readonly drawSlot: HTMLElement;
  private draw: DrawDigit | null = null;

  constructor(private readonly trial: TrialDetail) {
    this.inside = new InsideNetwork(trial);
    this.drawSlot = h('div', { id: 'draw-slot' });
    this.element = h('div', { class: 'model-sections' }, this.inside.element, this.drawSlot);
  }

  receive(m: ModelWeightsMessage): void {
    if (m.trialIndex !== this.trial.index) return;
    if (!m.model) {
      this.inside.showError(m.error ?? l10n.t('no model was saved'));
      return;
    }
    let layers;
    try {
      layers = parseSavedModel(m.model.json, base64Bytes(m.model.weights));
    } catch (e) {
      this.inside.showError(e instanceof Error ? e.message : String(e));
      return;
    }
    this.inside.showWeights(layers);
    if (layers[0]?.inputs !== 784) return;
    if (!this.trial.inputScaling) {
      this.drawSlot.append(
        h(
          'p',
          { class: 'muted', id: 'draw-unavailable' },
          l10n.t(
            'Draw a digit needs the input scaling this run did not record (a run from an older version with minmax or standardize); run it again to draw.',
          ),
        ),
      );
      return;
    }
    this.draw = new DrawDigit(layers, this.trial.inputScaling, this.trial.classNames, this.trial.samples);
    this.drawSlot.append(this.draw.element);
  }

  /** The kept test images arrive after the summary (ResultsSamplesMessage); the picker lists them then. */
  samplesArrived(): void {
    this.draw?.setSamples(this.trial.samples);
  }

  retheme(): void {
    this.inside.renderWeights();
    this.draw?.rerender();
  }
}
