// The 2-3-1 network of the backprop walkthrough, computed by hand in float64 so every
// intermediate value can be printed and checked. No tfjs here: the autodiff cross-check lives
// in backprop-autodiff.ts and is handed in, so this module also runs in a webview or a test.
// Only type imports from the schema: a runtime import would drag TypeBox into every bundle.
import type { ResolvedBackprop } from './experiment';
import type { ParameterName } from './schema';
import { seededRandom } from './random';

export type WeightName = keyof ResolvedBackprop['weights'];
export type BiasName = keyof ResolvedBackprop['biases'];
export type ParamName = ParameterName;
export type NeuronName = 'h1' | 'h2' | 'h3';

export interface Parameters {
  weights: Record<WeightName, number>;
  biases: Record<BiasName, number>;
}

/** What the forward and backward passes need: the net, one sample, the loss. */
export type NetworkSetting = Pick<
  ResolvedBackprop,
  'inputs' | 'target' | 'weights' | 'biases' | 'hiddenActivation' | 'outputActivation' | 'loss'
>;
/** What one gradient-descent step needs on top. */
export type StepSetting = NetworkSetting & Pick<ResolvedBackprop, 'learningRate' | 'update'>;

/** Wiring of the hidden layer, in the schema's naming (w1: x1→h1, w2: x2→h1, …). */
export const HIDDEN_NEURONS = [
  { neuron: 'h1', weights: ['w1', 'w2'], bias: 'b1', out: 'w7' },
  { neuron: 'h2', weights: ['w3', 'w4'], bias: 'b2', out: 'w8' },
  { neuron: 'h3', weights: ['w5', 'w6'], bias: 'b3', out: 'w9' },
] as const satisfies readonly {
  neuron: NeuronName;
  weights: readonly [WeightName, WeightName];
  bias: BiasName;
  out: WeightName;
}[];

export const WEIGHTS: readonly WeightName[] = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9'];
export const BIASES: readonly BiasName[] = ['b1', 'b2', 'b3', 'bOut'];
export const PARAMS: readonly ParamName[] = [...WEIGHTS, ...BIASES];

export function isParamName(name: string): name is ParamName {
  return (PARAMS as readonly string[]).includes(name);
}

export function getParam(p: Parameters, name: ParamName): number {
  return name.startsWith('w') ? p.weights[name as WeightName] : p.biases[name as BiasName];
}

export function withParam<T extends Parameters>(p: T, name: ParamName, value: number): T {
  return name.startsWith('w')
    ? { ...p, weights: { ...p.weights, [name]: value } }
    : { ...p, biases: { ...p.biases, [name]: value } };
}

export function copyParameters(p: Parameters): Parameters {
  return { weights: { ...p.weights }, biases: { ...p.biases } };
}

// ---- forward ------------------------------------------------------------------------------

export interface HiddenForward {
  neuron: NeuronName;
  /** z = w·x + b */
  z: number;
  /** a = activation(z) */
  a: number;
  /** ReLU with z ≤ 0: output 0 and derivative 0, so nothing upstream of it learns. */
  dead: boolean;
}

export interface ForwardPass {
  inputs: [number, number];
  target: number;
  hidden: HiddenForward[];
  zOut: number;
  yHat: number;
  loss: number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function activate(kind: NetworkSetting['hiddenActivation'] | NetworkSetting['outputActivation'], z: number): number {
  switch (kind) {
    case 'relu':
      return z > 0 ? z : 0;
    case 'sigmoid':
      return sigmoid(z);
    case 'tanh':
      return Math.tanh(z);
    case 'linear':
      return z;
  }
}

/**
 * MSE for one sample and one output is L = (ŷ − y)²: Keras's mean over outputs divides by
 * the number of outputs, which is 1 here, and there is no ½.
 */
export function lossValue(kind: NetworkSetting['loss'], yHat: number, y: number): number {
  if (kind === 'mse') return (yHat - y) ** 2;
  return -(y * Math.log(yHat) + (1 - y) * Math.log(1 - yHat));
}

export function forward(net: NetworkSetting): ForwardPass {
  const [x1, x2] = net.inputs;
  const hidden = HIDDEN_NEURONS.map(({ neuron, weights: [wa, wb], bias }) => {
    const z = net.weights[wa] * x1 + net.weights[wb] * x2 + net.biases[bias];
    return { neuron, z, a: activate(net.hiddenActivation, z), dead: net.hiddenActivation === 'relu' && z <= 0 };
  });
  const zOut = HIDDEN_NEURONS.reduce((sum, { out }, i) => sum + net.weights[out] * hidden[i].a, net.biases.bOut);
  const yHat = activate(net.outputActivation, zOut);
  return { inputs: [x1, x2], target: net.target, hidden, zOut, yHat, loss: lossValue(net.loss, yHat, net.target) };
}

// ---- backward -----------------------------------------------------------------------------

/** One link of a chain-rule product: ∂`of`/∂`wrt` = `formula` = `value`. */
export interface Factor {
  of: string;
  wrt: string;
  formula: string;
  value: number;
}

export interface Gradient {
  param: ParamName;
  /** Left to right: ∂L/∂ŷ · ∂ŷ/∂z_out · … · ∂z/∂param. */
  factors: Factor[];
  /** The product of the factors. */
  value: number;
}

export interface HiddenBackward {
  neuron: NeuronName;
  /** ∂z_out/∂a = the outgoing weight. */
  dzOutDa: Factor;
  /** ∂a/∂z, the activation's derivative. */
  dadz: Factor;
  /** ∂L/∂z of this neuron. */
  delta: number;
  dead: boolean;
}

export interface BackwardPass {
  dLdyHat: Factor;
  dyHatDzOut: Factor;
  /** ∂L/∂z_out */
  deltaOut: number;
  hidden: HiddenBackward[];
  /** In PARAMS order. */
  gradients: Gradient[];
}

function lossDerivative(net: NetworkSetting, f: ForwardPass): Factor {
  const d = f.yHat - f.target;
  return net.loss === 'mse'
    ? { of: 'L', wrt: 'ŷ', formula: '2(ŷ − y)', value: 2 * d }
    : { of: 'L', wrt: 'ŷ', formula: '(ŷ − y) / (ŷ(1 − ŷ))', value: d / (f.yHat * (1 - f.yHat)) };
}

function outputDerivative(net: NetworkSetting, f: ForwardPass): Factor {
  return net.outputActivation === 'sigmoid'
    ? { of: 'ŷ', wrt: 'z_out', formula: 'ŷ(1 − ŷ)', value: f.yHat * (1 - f.yHat) }
    : { of: 'ŷ', wrt: 'z_out', formula: '1', value: 1 };
}

function hiddenDerivative(net: NetworkSetting, h: HiddenForward, index: number): Factor {
  const n = index + 1;
  const base = { of: `a${n}`, wrt: `z${n}` };
  switch (net.hiddenActivation) {
    case 'relu':
      // The kink at z = 0 takes derivative 0, as TensorFlow does.
      return h.z > 0
        ? { ...base, formula: `1 (z${n} > 0)`, value: 1 }
        : { ...base, formula: `0 (z${n} ≤ 0: dead)`, value: 0 };
    case 'sigmoid':
      return { ...base, formula: `a${n}(1 − a${n})`, value: h.a * (1 - h.a) };
    case 'tanh':
      return { ...base, formula: `1 − a${n}²`, value: 1 - h.a * h.a };
    case 'linear':
      return { ...base, formula: '1', value: 1 };
  }
}

const product = (factors: Factor[]): number => factors.reduce((p, f) => p * f.value, 1);

export function backward(net: NetworkSetting, f: ForwardPass = forward(net)): BackwardPass {
  const dLdyHat = lossDerivative(net, f);
  const dyHatDzOut = outputDerivative(net, f);
  const head = [dLdyHat, dyHatDzOut];
  const byParam = new Map<ParamName, Gradient>();
  const add = (param: ParamName, factors: Factor[]) => byParam.set(param, { param, factors, value: product(factors) });

  const hidden = HIDDEN_NEURONS.map(({ neuron, weights: [wa, wb], bias, out }, i) => {
    const n = i + 1;
    const h = f.hidden[i];
    const dzOutDa: Factor = { of: 'z_out', wrt: `a${n}`, formula: out, value: net.weights[out] };
    const dadz = hiddenDerivative(net, h, i);
    add(out, [...head, { of: 'z_out', wrt: out, formula: `a${n}`, value: h.a }]);
    const toZ = [...head, dzOutDa, dadz];
    add(wa, [...toZ, { of: `z${n}`, wrt: wa, formula: 'x1', value: f.inputs[0] }]);
    add(wb, [...toZ, { of: `z${n}`, wrt: wb, formula: 'x2', value: f.inputs[1] }]);
    add(bias, [...toZ, { of: `z${n}`, wrt: bias, formula: '1', value: 1 }]);
    return { neuron, dzOutDa, dadz, delta: product(toZ), dead: h.dead };
  });
  add('bOut', [...head, { of: 'z_out', wrt: 'bOut', formula: '1', value: 1 }]);

  return { dLdyHat, dyHatDzOut, deltaOut: product(head), hidden, gradients: PARAMS.map((p) => byParam.get(p)!) };
}

export function gradientMap(b: BackwardPass): Record<ParamName, number> {
  return Object.fromEntries(b.gradients.map((g) => [g.param, g.value])) as Record<ParamName, number>;
}

// ---- one gradient-descent step ------------------------------------------------------------

export interface ParameterUpdate {
  param: ParamName;
  old: number;
  gradient: number;
  /** old − learningRate · gradient */
  new: number;
}

export interface StepRecord {
  /** 1-based. */
  step: number;
  forward: ForwardPass;
  backward: BackwardPass;
  /** Only the selected parameters; the others keep their values. */
  updates: ParameterUpdate[];
  lossBefore: number;
  lossAfter: number;
  after: Parameters;
}

export function selectedParams(update: readonly string[]): ParamName[] {
  const unknown = update.filter((u) => !isParamName(u));
  if (unknown.length > 0)
    throw new Error(`backprop: unknown parameter name(s) ${unknown.join(', ')}; expected some of ${PARAMS.join(', ')}`);
  return PARAMS.filter((p) => update.includes(p));
}

export function step(cfg: StepSetting, stepNumber = 1): StepRecord {
  const f = forward(cfg);
  const b = backward(cfg, f);
  const grads = gradientMap(b);
  let after: Parameters = copyParameters(cfg);
  const updates = selectedParams(cfg.update).map((param) => {
    const old = getParam(cfg, param);
    const value = old - cfg.learningRate * grads[param];
    after = withParam(after, param, value);
    return { param, old, gradient: grads[param], new: value };
  });
  const lossAfter = forward({ ...cfg, ...after }).loss;
  return { step: stepNumber, forward: f, backward: b, updates, lossBefore: f.loss, lossAfter, after };
}

// ---- verification -------------------------------------------------------------------------

/** Gradients no larger than this are compared on an absolute scale of this size. */
export const RELATIVE_DIFFERENCE_FLOOR = 1e-2;
export const FINITE_DIFFERENCE_STEP = 1e-6;
export const FINITE_DIFFERENCE_TOLERANCE = 1e-6;
export const AUTODIFF_TOLERANCE = 1e-4;

/**
 * |a − b| / max(|a|, |b|, floor). The floor keeps a tiny gradient (ŷ ≈ y, a saturated
 * sigmoid) from turning float32 rounding into a huge "relative" error.
 */
export function relativeDifference(a: number, b: number, floor = RELATIVE_DIFFERENCE_FLOOR): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
}

/** Central differences (L(p + h) − L(p − h)) / 2h for every parameter, in float64. */
export function finiteDifferenceGradients(net: NetworkSetting, h = FINITE_DIFFERENCE_STEP): Record<ParamName, number> {
  const lossAt = (param: ParamName, value: number) => forward(withParam(net, param, value)).loss;
  return Object.fromEntries(
    PARAMS.map((param) => {
      const p = getParam(net, param);
      return [param, (lossAt(param, p + h) - lossAt(param, p - h)) / (2 * h)];
    }),
  ) as Record<ParamName, number>;
}

/** Provided by the trainer (tfjs) when it can: gradients by automatic differentiation. */
export interface AutodiffProvider {
  gradients(net: NetworkSetting): Record<ParamName, number>;
  /** e.g. "tf.grads on the cpu backend, float32"; asked after `gradients`. */
  describe(): string;
}

export interface GradientCheck {
  param: ParamName;
  chainRule: number;
  finiteDifference: number;
  autodiff: number | null;
  vsFiniteDifference: number;
  vsAutodiff: number | null;
  /**
   * A ReLU input this parameter feeds sits within a probe's reach of 0: a difference
   * quotient straddles the kink and is no check of the one-sided derivative there.
   */
  atKink: boolean;
}

export interface CheckSummary {
  method: string;
  tolerance: number;
  maxRelativeDifference: number;
  /** The parameter where the largest difference occurred. */
  worst: ParamName;
  ok: boolean;
}

export interface GradientVerification {
  /** Checked at the initial parameters (step 1). */
  rows: GradientCheck[];
  finiteDifference: CheckSummary;
  autodiff: CheckSummary | null;
  /** Why there is no autodiff check, when there is none. */
  autodiffMissing: string | null;
  relativeDifferenceFloor: number;
}

function kinkedParams(net: NetworkSetting, f: ForwardPass): Set<ParamName> {
  const out = new Set<ParamName>();
  if (net.hiddenActivation !== 'relu') return out;
  // Float32 rounding moves z by ~1e-7·scale, a finite-difference probe by h·|x|.
  const reach = Math.max(FINITE_DIFFERENCE_STEP, 1e-6) * (1 + Math.abs(net.inputs[0]) + Math.abs(net.inputs[1]));
  HIDDEN_NEURONS.forEach(({ weights: [wa, wb], bias, out: wOut }, i) => {
    if (Math.abs(f.hidden[i].z) <= reach) [wa, wb, bias, wOut].forEach((p) => out.add(p));
  });
  return out;
}

function summarise(
  rows: GradientCheck[],
  pick: (r: GradientCheck) => number,
  method: string,
  tolerance: number,
): CheckSummary {
  const considered = rows.filter((r) => !r.atKink);
  let worst: GradientCheck = considered[0] ?? rows[0];
  for (const r of considered) if (pick(r) > pick(worst)) worst = r;
  const max = considered.length === 0 ? 0 : pick(worst);
  return { method, tolerance, maxRelativeDifference: max, worst: worst.param, ok: max <= tolerance };
}

export function verifyGradients(net: NetworkSetting, autodiff?: AutodiffProvider): GradientVerification {
  const f = forward(net);
  const chain = gradientMap(backward(net, f));
  const fd = finiteDifferenceGradients(net);
  let ad: Record<ParamName, number> | null = null;
  let autodiffMissing: string | null = autodiff
    ? null
    : 'no automatic differentiation was available (run in the trainer to get the tf.grads check)';
  if (autodiff) {
    try {
      ad = autodiff.gradients(net);
    } catch (e) {
      autodiffMissing = `tf.grads failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const kinked = kinkedParams(net, f);
  const rows: GradientCheck[] = PARAMS.map((param) => ({
    param,
    chainRule: chain[param],
    finiteDifference: fd[param],
    autodiff: ad ? ad[param] : null,
    vsFiniteDifference: relativeDifference(chain[param], fd[param]),
    vsAutodiff: ad ? relativeDifference(chain[param], ad[param]) : null,
    atKink: kinked.has(param),
  }));
  return {
    rows,
    finiteDifference: summarise(
      rows,
      (r) => r.vsFiniteDifference,
      `central differences, h = ${FINITE_DIFFERENCE_STEP}, float64`,
      FINITE_DIFFERENCE_TOLERANCE,
    ),
    autodiff:
      ad && autodiff ? summarise(rows, (r) => r.vsAutodiff ?? 0, autodiff.describe(), AUTODIFF_TOLERANCE) : null,
    autodiffMissing,
    relativeDifferenceFloor: RELATIVE_DIFFERENCE_FLOOR,
  };
}

// ---- symmetry -----------------------------------------------------------------------------

export interface SymmetryRun {
  label: string;
  initial: Parameters;
  /** Every parameter's value before step 1 and after each step (length steps + 1). */
  series: Record<ParamName, number[]>;
  losses: number[];
  /** Largest difference between two hidden neurons' (w_x1, w_x2, b, w_out), per entry of `series`. */
  spread: number[];
  /** Largest difference between two hidden neurons' gradients, per step. */
  gradientSpread: number[];
}

export interface SymmetryDemo {
  steps: number;
  seed: number;
  learningRate: number;
  identical: SymmetryRun;
  random: SymmetryRun;
  /** Whether the identical run kept all three hidden neurons exactly equal. */
  identicalStaysIdentical: boolean;
  /** Whether the random run's neurons are (and stay) different. */
  randomDiverges: boolean;
  /** Where the identical starting values came from. */
  origin: string;
}

function neuronVector(p: Record<ParamName, number>, i: number): number[] {
  const n = HIDDEN_NEURONS[i];
  return [p[n.weights[0]], p[n.weights[1]], p[n.bias], p[n.out]];
}

/** Largest |difference| between corresponding entries of any two hidden neurons. */
export function hiddenSpread(values: Record<ParamName, number>): number {
  const v = [0, 1, 2].map((i) => neuronVector(values, i));
  let max = 0;
  for (let i = 0; i < 3; i++)
    for (let j = i + 1; j < 3; j++) for (let k = 0; k < 4; k++) max = Math.max(max, Math.abs(v[i][k] - v[j][k]));
  return max;
}

export function flatten(p: Parameters): Record<ParamName, number> {
  return { ...p.weights, ...p.biases };
}

export function isSymmetric(p: Parameters): boolean {
  return hiddenSpread(flatten(p)) === 0;
}

/** Copies h1's incoming weights, bias and outgoing weight to h2 and h3. */
export function symmetrise(p: Parameters): Parameters {
  const w = p.weights;
  return {
    weights: { ...w, w3: w.w1, w5: w.w1, w4: w.w2, w6: w.w2, w8: w.w7, w9: w.w7 },
    biases: { ...p.biases, b2: p.biases.b1, b3: p.biases.b1 },
  };
}

/** Weights uniform in [−1, 1), biases 0 — a plain random start, reproducible by seed. */
export function randomParameters(seed: number): Parameters {
  const next = seededRandom(seed);
  const weights = Object.fromEntries(WEIGHTS.map((w) => [w, 2 * next() - 1])) as Record<WeightName, number>;
  return { weights, biases: { b1: 0, b2: 0, b3: 0, bOut: 0 } };
}

function train(
  net: NetworkSetting,
  learningRate: number,
  initial: Parameters,
  steps: number,
  label: string,
): SymmetryRun {
  const series = Object.fromEntries(PARAMS.map((p) => [p, [] as number[]])) as Record<ParamName, number[]>;
  const losses: number[] = [];
  const spread: number[] = [];
  const gradientSpread: number[] = [];
  let params = copyParameters(initial);
  const record = (loss: number) => {
    const flat = flatten(params);
    for (const p of PARAMS) series[p].push(flat[p]);
    spread.push(hiddenSpread(flat));
    losses.push(loss);
  };
  for (let s = 1; s <= steps; s++) {
    const r = step({ ...net, ...params, learningRate, update: [...PARAMS] }, s);
    if (s === 1) record(r.lossBefore);
    gradientSpread.push(hiddenSpread(gradientMap(r.backward)));
    params = r.after;
    record(r.lossAfter);
  }
  return { label, initial: copyParameters(initial), series, losses, spread, gradientSpread };
}

/**
 * Trains every parameter twice from two starts: three identical hidden neurons (they get
 * identical gradients, so no number of steps can tell them apart) and a seeded random start.
 */
export function symmetryDemo(
  cfg: NetworkSetting & Pick<ResolvedBackprop, 'learningRate'>,
  steps: number,
  seed = 42,
): SymmetryDemo {
  const own = copyParameters(cfg);
  const symmetric = isSymmetric(own);
  const identicalStart = symmetric ? own : symmetrise(own);
  const identical = train(cfg, cfg.learningRate, identicalStart, steps, 'identical start');
  const random = train(cfg, cfg.learningRate, randomParameters(seed), steps, `random start (seed ${seed})`);
  return {
    steps,
    seed,
    learningRate: cfg.learningRate,
    identical,
    random,
    identicalStaysIdentical: identical.spread.every((s) => s === 0) && identical.gradientSpread.every((s) => s === 0),
    randomDiverges: random.spread.every((s) => s > 0),
    origin: symmetric
      ? 'the experiment’s own weights and biases (its hidden neurons already start identical)'
      : 'the experiment’s h1 values (w1, w2, b1, w7) copied to h2 and h3',
  };
}

// ---- the whole walkthrough ----------------------------------------------------------------

/** Steps kept with every factor; later steps keep only their loss and final parameters. */
export const DETAILED_STEPS = 20;
export const SYMMETRY_STEPS = { min: 20, max: 500 };

/** What one walkthrough run records (run.json's `backprop`). */
export interface BackpropRecord {
  config: ResolvedBackprop;
  /** The first DETAILED_STEPS steps with every intermediate value. */
  steps: StepRecord[];
  /** Loss before step 1 and after each step (length config.steps + 1). */
  losses: number[];
  /** Parameters after the last step. */
  final: Parameters;
  /** Chain rule vs finite differences (and vs tf.grads when the trainer ran it). */
  verification: GradientVerification;
  symmetry?: SymmetryDemo;
}

export function runWalkthrough(cfg: ResolvedBackprop, autodiff?: AutodiffProvider): BackpropRecord {
  const steps: StepRecord[] = [];
  const losses: number[] = [];
  let params = copyParameters(cfg);
  for (let s = 1; s <= cfg.steps; s++) {
    const r = step({ ...cfg, ...params }, s);
    if (s === 1) losses.push(r.lossBefore);
    losses.push(r.lossAfter);
    if (s <= DETAILED_STEPS) steps.push(r);
    params = r.after;
  }
  const symmetrySteps = Math.min(Math.max(cfg.steps, SYMMETRY_STEPS.min), SYMMETRY_STEPS.max);
  return {
    config: cfg,
    steps,
    losses,
    final: params,
    verification: verifyGradients(cfg, autodiff),
    symmetry: symmetryDemo(cfg, symmetrySteps),
  };
}
