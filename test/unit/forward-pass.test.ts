// The pure forward pass, the saved-model reader and the MNIST-style preprocessing of a drawn
// digit. The forward pass against the trainer's own predictions is in
// test/integration/forward-pass.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classProbabilities, forwardPass, predictedClass, scaleInput } from '../../src/core/forward-pass';
import { parseSavedModel, SavedModelError } from '../../src/core/saved-model';
import { centreOfMass, mnistFromDrawing, MNIST_BOX } from '../../src/core/digit-preprocess';

/** model.json + weights.bin of a 3-2-1 relu/sigmoid net, as save-model.ts writes it. */
function tinyModel(kernel1 = [1, -1, 0.5, 2, -0.5, 0], bias1 = [0.1, -0.2], kernel2 = [1.5, -2], bias2 = [0.3]) {
  const layer = (name: string, units: number, activation: string) => ({
    class_name: 'Dense',
    config: { name, units, activation, use_bias: true },
  });
  const json = {
    format: 'layers-model',
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 's', layers: [layer('d1', 2, 'relu'), layer('d2', 1, 'sigmoid')] },
    },
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: [
          { name: 'd1/kernel', shape: [3, 2], dtype: 'float32' },
          { name: 'd1/bias', shape: [2], dtype: 'float32' },
          { name: 'd2/kernel', shape: [2, 1], dtype: 'float32' },
          { name: 'd2/bias', shape: [1], dtype: 'float32' },
        ],
      },
    ],
  };
  const bytes = new Uint8Array(Float32Array.from([...kernel1, ...bias1, ...kernel2, ...bias2]).buffer);
  return { json, bytes };
}

test('forward pass of a hand-checkable 3-2-1 net', () => {
  const { json, bytes } = tinyModel();
  const layers = parseSavedModel(json, bytes);
  assert.deepEqual(
    layers.map((l) => [l.name, l.inputs, l.units, l.activation]),
    [
      ['d1', 3, 2, 'relu'],
      ['d2', 2, 1, 'sigmoid'],
    ],
  );
  const x = [1, 2, 3];
  // z1 = x·W1 + b1 with W1 rows [1,-1], [0.5,2], [-0.5,0]: [1+1-1.5+0.1, -1+4+0-0.2] = [0.6, 2.8]
  const r = forwardPass(layers, x);
  assert.ok(Math.abs(r.activations[0][0] - 0.6) < 1e-6);
  assert.ok(Math.abs(r.activations[0][1] - 2.8) < 1e-6);
  const z2 = 0.6 * 1.5 + 2.8 * -2 + 0.3;
  const p = 1 / (1 + Math.exp(-z2));
  assert.ok(Math.abs(r.probabilities[1] - p) < 1e-6);
  assert.ok(Math.abs(r.probabilities[0] + r.probabilities[1] - 1) < 1e-12);
  // A negative pre-activation is cut to zero by ReLU.
  assert.equal(forwardPass(layers, [0, 0, 10]).activations[0][0], 0);
});

test('class probabilities and the predicted-class rule', () => {
  assert.deepEqual(classProbabilities([0.25]), [0.75, 0.25]);
  assert.deepEqual(predictedClass([0.5], 0, 1), { cls: 1, probability: 0.5 });
  assert.deepEqual(predictedClass([0.1, 0.7, 0.2], 0, 3), { cls: 1, probability: 0.7 });
  assert.deepEqual(Array.from(scaleInput([0, 255], { scale: 1 / 255, offset: -0.5 })), [-0.5, 0.5]);
});

test('saved models MNIST Lab did not write are refused with the file, the pointer and what was expected', () => {
  const { json, bytes } = tinyModel();
  const clone = () => JSON.parse(JSON.stringify(json));
  const cases: Array<[unknown, Uint8Array, RegExp]> = [
    [null, bytes, /^m\.json: \/: expected a tfjs layers model/],
    [{ ...clone(), format: 'graph-model' }, bytes, /\/format: expected "layers-model"/],
    [
      { ...clone(), modelTopology: { class_name: 'Functional', config: {} } },
      bytes,
      /\/modelTopology\/class_name: expected "Sequential"/,
    ],
    [
      (() => {
        const j = clone();
        j.modelTopology.config.layers[1].class_name = 'Conv2D';
        return j;
      })(),
      bytes,
      /\/modelTopology\/config\/layers\/1\/class_name: expected "Dense"/,
    ],
    [
      (() => {
        const j = clone();
        j.modelTopology.config.layers[0].config.activation = 'gelu';
        return j;
      })(),
      bytes,
      /layers\/0\/config\/activation: expected one of .*got "gelu"/,
    ],
    [
      (() => {
        const j = clone();
        j.weightsManifest[0].weights[0].dtype = 'int32';
        return j;
      })(),
      bytes,
      /weights\/0\/dtype: expected "float32"/,
    ],
    [
      (() => {
        const j = clone();
        j.weightsManifest[0].weights[2].shape = [3, 1];
        return j;
      })(),
      new Uint8Array(48),
      /expected "d2\/kernel" of shape \[2, 1\], got \[3, 1\]/,
    ],
    [
      (() => {
        const j = clone();
        j.weightsManifest[0].weights[0].shape = [-3, 2];
        return j;
      })(),
      bytes,
      /weights\/0\/shape: expected an array of positive integers/,
    ],
    [clone(), bytes.subarray(0, 20), /the weights need 44 bytes, weights\.bin has 20/],
    [
      (() => {
        const j = clone();
        j.weightsManifest[0].weights[3].name = 'other';
        return j;
      })(),
      bytes,
      /expected "d2\/kernel" and "d2\/bias"/,
    ],
  ];
  for (const [j, b, message] of cases) {
    assert.throws(
      () => parseSavedModel(j, b, 'm.json'),
      (e: unknown) => e instanceof SavedModelError && message.test(e.message),
      String(message),
    );
  }
});

test('weights are read at any byte offset of the buffer (a Node Buffer from a pool)', () => {
  const { json, bytes } = tinyModel();
  const padded = new Uint8Array(bytes.length + 3);
  padded.set(bytes, 3);
  const layers = parseSavedModel(json, padded.subarray(3));
  assert.deepEqual(Array.from(layers[1].bias), [Math.fround(0.3)]);
});

/** A width × height canvas with a filled rectangle of ink. */
function rect(width: number, height: number, x0: number, y0: number, w: number, h: number): Float32Array {
  const ink = new Float32Array(width * height);
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) ink[y * width + x] = 1;
  return ink;
}

test('a drawing is fitted into a 20×20 box, aspect kept, centred by its centre of mass', () => {
  // A tall bar in the top-left corner of a 280×280 canvas.
  const img = mnistFromDrawing(rect(280, 280, 10, 5, 40, 160), 280, 280);
  const rows = [...Array(28).keys()].filter((y) => [...Array(28).keys()].some((x) => img[y * 28 + x] > 0));
  const cols = [...Array(28).keys()].filter((x) => rows.some((y) => img[y * 28 + x] > 0));
  assert.equal(rows.length, MNIST_BOX, 'the long side fills the 20-pixel box');
  assert.equal(cols.length, 5, '40:160 keeps its 1:4 aspect ratio');
  const c = centreOfMass(img)!;
  assert.ok(Math.abs(c.x - 14) <= 0.5 && Math.abs(c.y - 14) <= 0.5, `centre of mass at ${c.x}, ${c.y}`);
  // Moving the same drawing elsewhere on the canvas gives the same image.
  assert.deepEqual(mnistFromDrawing(rect(280, 280, 200, 100, 40, 160), 280, 280), img);
});

test('anti-aliasing: a stroke thinner than one output pixel gives grey, not nothing', () => {
  // 200 wide, 2 high: scaled by 0.1, the line covers a fifth of a pixel row.
  const img = mnistFromDrawing(rect(300, 300, 50, 150, 200, 2), 300, 300);
  const values = Array.from(img).filter((v) => v > 0);
  assert.equal(values.length, 20);
  assert.ok(
    values.every((v) => v > 0 && v < 255),
    `grey values ${values.slice(0, 3).join(', ')}`,
  );
});

test('an empty drawing is all black; a wrong size is refused', () => {
  assert.ok(mnistFromDrawing(new Float32Array(100), 10, 10).every((v) => v === 0));
  assert.throws(() => mnistFromDrawing(new Float32Array(10), 10, 10), /expected 10×10 values, got 10/);
});
