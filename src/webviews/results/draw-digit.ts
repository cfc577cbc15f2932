// "Draw a digit" on the results panel of a trained binary or ten-digit run: a drawing pad
// (mouse, touch, pen; undo, clear), preprocessed as MNIST was (core/digit-preprocess.ts), run
// through the saved weights by core/forward-pass.ts as you draw, with the class probabilities
// and every hidden layer's activations. Keyboard and screen-reader users pick a kept test image
// instead (any, or a misclassified one) and get the same read-out.
import * as l10n from '@vscode/l10n';
import { CELL_EXAMPLES } from '../../core/defaults';
import { mnistFromDrawing } from '../../core/digit-preprocess';
import { forwardPass, predictedClass, scaleInput, type InputScaling } from '../../core/forward-pass';
import { formatPercent } from '../../core/format';
import { decodePixels } from '../../core/pixels';
import type { PredictionSample } from '../../core/record';
import type { DenseWeights } from '../../core/saved-model';
import { clear, h } from '../shared/dom';
import { heatPalette, heatRgb, paintGrid } from '../shared/heat';
import { drawDigit } from '../shared/samples';
import { samplePool } from '../shared/samples';
import { themeColors } from '../shared/theme';

/** The pad is drawn at 10× MNIST's size; the stroke is about as wide as MNIST's pen. */
const PAD = 280;
const STROKE = 22;

type Point = [x: number, y: number];

export class DrawDigit {
  readonly element: HTMLElement;
  private readonly pad: HTMLCanvasElement;
  private readonly preview: HTMLCanvasElement;
  private readonly readout: HTMLElement;
  private readonly status: HTMLElement;
  private readonly picker: HTMLSelectElement;
  private readonly wrongOnly: HTMLInputElement;
  private strokes: Point[][] = [];
  private drawing: Point[] | null = null;
  private frame = 0;
  private input: Uint8Array | null = null;
  private source = '';

  constructor(
    private readonly layers: DenseWeights[],
    private readonly scaling: InputScaling,
    private readonly classNames: string[],
    private samples: PredictionSample[],
  ) {
    this.pad = h('canvas', {
      id: 'draw-pad',
      class: 'draw-pad',
      width: PAD,
      height: PAD,
      role: 'img',
      'aria-label': l10n.t(
        'Drawing pad: draw a digit with the mouse, a finger or a pen. Keyboard users: choose a test image below.',
      ),
    });
    this.preview = h('canvas', {
      id: 'draw-input',
      class: 'digit',
      width: 28,
      height: 28,
      role: 'img',
      'aria-label': l10n.t('the 28 × 28 input the network sees'),
    });
    this.readout = h('div', { id: 'draw-readout' });
    this.status = h('p', { id: 'draw-status', 'aria-live': 'polite' }, l10n.t('Draw a digit, or pick a test image.'));
    this.picker = h('select', { id: 'draw-pick', 'aria-describedby': 'draw-pick-note' });
    this.wrongOnly = h('input', { type: 'checkbox', id: 'draw-wrong-only' });
    this.wrongOnly.addEventListener('change', () => this.fillPicker());
    this.picker.addEventListener('change', () => this.pick());
    this.fillPicker();

    const undo = h('button', { class: 'secondary', id: 'draw-undo', onclick: () => this.undo() }, l10n.t('Undo'));
    const clearButton = h(
      'button',
      { class: 'secondary', id: 'draw-clear', onclick: () => this.clear() },
      l10n.t('Clear'),
    );
    this.element = h(
      'section',
      { class: 'card', id: 'draw-digit', 'aria-labelledby': 'draw-title' },
      h('div', { class: 'card-head' }, h('h3', { id: 'draw-title' }, l10n.t('Draw a digit')), undo, clearButton),
      h(
        'div',
        { class: 'draw-row' },
        h(
          'div',
          { class: 'draw-col' },
          this.pad,
          h(
            'p',
            { class: 'muted small' },
            l10n.t('Fitted into 20 × 20 and centred by its centre of mass, as MNIST was.'),
          ),
        ),
        h(
          'div',
          { class: 'draw-col' },
          h('label', { for: 'draw-pick' }, l10n.t('Or a test image saved with the run:'), ' '),
          this.picker,
          h(
            'p',
            { class: 'muted small', id: 'draw-pick-note' },
            l10n.t(
              'Only the test images the run saved can be picked (its random samples and up to {0} of every confusion-matrix cell), not the whole test set.',
              CELL_EXAMPLES,
            ),
          ),
          h('label', {}, this.wrongOnly, l10n.t('misclassified only')),
          h('div', { class: 'draw-input-row' }, this.preview, this.status),
          this.readout,
        ),
      ),
    );
    this.listen();
    this.redrawPad();
  }

  private fillPicker(): void {
    const pool = samplePool(this.samples, this.wrongOnly.checked);
    clear(this.picker);
    this.picker.append(
      h(
        'option',
        { value: '' },
        pool.length > 0
          ? l10n.t('choose one of the {0} saved images…', pool.length)
          : l10n.t('no images saved with the run'),
      ),
    );
    const name = (i: number) => this.classNames[i] ?? String(i);
    for (const s of pool)
      this.picker.append(
        h(
          'option',
          { value: String(s.index) },
          s.label !== s.predicted
            ? l10n.t(
                'test image {0}: true {1}, the run predicted {2} (wrong)',
                s.index,
                name(s.label),
                name(s.predicted),
              )
            : l10n.t('test image {0}: true {1}, the run predicted {2}', s.index, name(s.label), name(s.predicted)),
        ),
      );
  }

  setSamples(samples: PredictionSample[]): void {
    this.samples = samples;
    this.fillPicker();
  }

  private pick(): void {
    const s = this.samples.find((x) => String(x.index) === this.picker.value);
    if (!s) return;
    this.strokes = [];
    this.redrawPad();
    this.source = l10n.t('test image {0} (true {1})', s.index, this.classNames[s.label] ?? s.label);
    this.classify(decodePixels(s.pixels));
  }

  private listen(): void {
    const at = (e: PointerEvent): Point => {
      const r = this.pad.getBoundingClientRect();
      return [((e.clientX - r.left) / r.width) * PAD, ((e.clientY - r.top) / r.height) * PAD];
    };
    this.pad.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      // Capture keeps a stroke going when it leaves the pad; a pointer the browser no longer tracks cannot be captured.
      try {
        this.pad.setPointerCapture(e.pointerId);
      } catch {
        /* drawing still works inside the pad */
      }
      this.drawing = [at(e)];
      this.strokes.push(this.drawing);
      this.schedule();
    });
    this.pad.addEventListener('pointermove', (e) => {
      if (!this.drawing) return;
      // Pens and fast mice deliver several points per frame.
      const coalesced = e.getCoalescedEvents?.() ?? [];
      for (const p of coalesced.length > 0 ? coalesced : [e]) this.drawing.push(at(p));
      this.schedule();
    });
    const end = () => {
      if (!this.drawing) return;
      this.drawing = null;
      this.schedule();
    };
    this.pad.addEventListener('pointerup', end);
    this.pad.addEventListener('pointercancel', end);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.redrawPad();
      this.fromPad();
    });
  }

  undo(): void {
    this.strokes.pop();
    this.redrawPad();
    this.fromPad();
  }

  clear(): void {
    this.strokes = [];
    this.redrawPad();
    this.fromPad();
  }

  /** Strokes in the theme's foreground: the ink is read back from the canvas's alpha. */
  private redrawPad(): void {
    const ctx = this.pad.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    ctx.clearRect(0, 0, PAD, PAD);
    ctx.strokeStyle = themeColors().foreground;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.lineWidth = STROKE;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const s of this.strokes) {
      ctx.beginPath();
      ctx.moveTo(s[0][0], s[0][1]);
      if (s.length === 1) ctx.lineTo(s[0][0] + 0.01, s[0][1]);
      for (const [x, y] of s.slice(1)) ctx.lineTo(x, y);
      ctx.stroke();
    }
  }

  private fromPad(): void {
    const ctx = this.pad.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    if (this.strokes.length === 0) {
      this.input = null;
      this.render(null);
      return;
    }
    const rgba = ctx.getImageData(0, 0, PAD, PAD).data;
    const ink = new Float32Array(PAD * PAD);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4 + 3] / 255;
    this.picker.value = '';
    this.source = l10n.t('your drawing');
    this.classify(mnistFromDrawing(ink, PAD, PAD));
  }

  /** Exposed for the keyboard path and tests: classify 28 × 28 grey bytes. */
  classify(pixels: Uint8Array): void {
    this.input = pixels;
    this.render(pixels);
  }

  /** After a theme change. */
  rerender(): void {
    this.redrawPad();
    this.render(this.input);
  }

  private render(pixels: Uint8Array | null): void {
    clear(this.readout);
    drawDigit(this.preview, pixels ?? new Uint8Array(784));
    if (!pixels || pixels.every((v) => v === 0)) {
      this.status.textContent = l10n.t('Draw a digit, or pick a test image.');
      return;
    }
    const r = forwardPass(this.layers, scaleInput(pixels, this.scaling));
    const out = r.activations[r.activations.length - 1];
    const { cls, probability } = predictedClass(out, 0, out.length);
    const name = (i: number) => this.classNames[i] ?? String(i);
    this.status.textContent = l10n.t(
      '{0}: the network says {1} ({2}).',
      this.source,
      name(cls),
      formatPercent(probability, 1),
    );
    this.status.dataset.predicted = String(cls);

    const bars = h(
      'table',
      { id: 'draw-probabilities', class: 'probabilities' },
      h('caption', {}, l10n.t('Class probabilities')),
    );
    const body = h('tbody', {});
    r.probabilities.forEach((p, i) => {
      const bar = h('div', { class: 'bar' });
      bar.style.width = `${Math.max(0, Math.min(1, p)) * 100}%`;
      body.append(
        h(
          'tr',
          { class: i === cls ? 'top' : '', 'data-class': i, 'data-probability': String(p) },
          h('th', { scope: 'row' }, name(i)),
          h('td', { class: 'bar-cell' }, h('div', { class: 'bar-track' }, bar)),
          h('td', {}, formatPercent(p, 1)),
        ),
      );
    });
    bars.append(body);
    this.readout.append(bars);

    const palette = heatPalette();
    const hidden = h('div', { id: 'draw-activations' }, h('h4', {}, l10n.t('Hidden-layer activations')));
    r.activations.slice(0, -1).forEach((a, i) => {
      let max = 0;
      let active = 0;
      for (const v of a) {
        if (Math.abs(v) > max) max = Math.abs(v);
        if (v > 0) active++;
      }
      const strip = h('canvas', {
        class: 'activation-strip',
        role: 'img',
        'data-layer': i,
        'aria-label': l10n.t(
          'layer {0}: {1} units, {2} above zero, largest {3}',
          i + 1,
          a.length,
          active,
          max.toFixed(3),
        ),
      });
      paintGrid(strip, a, 1, a.length, (v) => heatRgb(max > 0 ? Math.abs(v) / max : 0, palette));
      hidden.append(
        h(
          'div',
          { class: 'activation-row' },
          h('span', { class: 'small' }, `dense_${i + 1} (${a.length} ${this.layers[i].activation})`),
          strip,
          h('span', { class: 'muted small' }, l10n.t('{0} of {1} above zero', active, a.length)),
        ),
      );
    });
    this.readout.append(hidden);
  }
}
