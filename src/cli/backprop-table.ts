// The backprop derivation as plain-text tables for the terminal: the same numbers the panel
// shows, laid out the way one would write them on paper (forward, backward, update, check).
import type { BackpropRecord } from '../core/record';
import { HIDDEN_NEURONS, type StepRecord } from '../core/backprop-walkthrough';

type Align = 'l' | 'r';

/** Columns padded to their widest cell; numbers right-aligned so the decimals line up. */
export function textTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const widths = headers.map((h, c) => Math.max([...h].length, ...rows.map((r) => [...(r[c] ?? '')].length)));
  const pad = (cell: string, c: number) => {
    const fill = ' '.repeat(widths[c] - [...cell].length);
    return (align[c] ?? 'l') === 'r' ? fill + cell : cell + fill;
  };
  const line = (cells: string[]) => '  ' + cells.map(pad).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

export function num(value: number, digits = 6): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === 0) return '0';
  const a = Math.abs(value);
  return a >= 1e-4 && a < 1e6 ? String(Number(value.toPrecision(digits))) : value.toExponential(digits - 3);
}

const paren = (v: number) => (v < 0 ? `(${num(v)})` : num(v));

const ACTIVATION_TEXT = {
  relu: 'ReLU(z) = max(0, z)',
  sigmoid: 'σ(z) = 1 / (1 + e^−z)',
  tanh: 'tanh(z)',
  linear: 'z',
} as const;

const LOSS = {
  mse: { formula: 'L = (ŷ − y)²', note: 'Keras MSE: the mean over outputs, and there is one output; no ½' },
  bce: { formula: 'L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)]', note: 'binary cross-entropy' },
} as const;

const lossText = (loss: 'mse' | 'bce'): string => `${LOSS[loss].formula}  (${LOSS[loss].note})`;

const diff = (d: number): string => (d === 0 ? '0' : d.toExponential(1));

function forwardSection(s: StepRecord, r: BackpropRecord): string {
  const c = r.config;
  const [x1, x2] = s.forward.inputs;
  const before = (p: string) =>
    s.updates.find((u) => u.param === p)?.old ??
    (p.startsWith('w') ? s.after.weights[p as 'w1'] : s.after.biases[p as 'b1']);
  const rows = HIDDEN_NEURONS.map(({ neuron, weights: [wa, wb], bias }, i) => {
    const h = s.forward.hidden[i];
    return [
      neuron,
      `${wa}·x1 + ${wb}·x2 + ${bias}`,
      `${paren(before(wa))}·${paren(x1)} + ${paren(before(wb))}·${paren(x2)} + ${paren(before(bias))}`,
      num(h.z),
      num(h.a),
      h.dead ? 'dead ReLU: z ≤ 0, output 0, derivative 0' : '',
    ];
  });
  const zOutTerms = HIDDEN_NEURONS.map(({ out }, i) => `${paren(before(out))}·${paren(s.forward.hidden[i].a)}`).join(
    ' + ',
  );
  return [
    `Step ${s.step} — forward pass   (hidden: ${ACTIVATION_TEXT[c.hiddenActivation]}; output: ${ACTIVATION_TEXT[c.outputActivation]})`,
    textTable(['neuron', 'z = w·x + b', 'with values', 'z', 'a', ''], rows, ['l', 'l', 'l', 'r', 'r', 'l']),
    `  z_out = w7·a1 + w8·a2 + w9·a3 + bOut = ${zOutTerms} + ${paren(before('bOut'))} = ${num(s.forward.zOut)}`,
    `  ŷ = ${c.outputActivation === 'sigmoid' ? 'σ(z_out)' : 'z_out'} = ${num(s.forward.yHat)}      y = ${num(s.forward.target)}`,
    `  ${LOSS[c.loss].formula} = ${num(s.forward.loss)}`,
  ].join('\n');
}

function backwardSection(s: StepRecord): string {
  const b = s.backward;
  const shared = [b.dLdyHat, b.dyHatDzOut, ...b.hidden.flatMap((h) => [h.dzOutDa, h.dadz])];
  const sharedRows = shared.map((f) => [`∂${f.of}/∂${f.wrt}`, f.formula, num(f.value)]);
  const rows = b.gradients.map((g) => [
    `∂L/∂${g.param}`,
    g.factors.map((f) => `∂${f.of}/∂${f.wrt}`).join(' · '),
    g.factors.map((f) => paren(f.value)).join(' · '),
    num(g.value),
  ]);
  return [
    `Step ${s.step} — backward pass (chain rule)`,
    textTable(['factor', 'formula', 'value'], sharedRows, ['l', 'l', 'r']),
    '',
    textTable(['gradient', 'factors', 'values', '= product'], rows, ['l', 'l', 'l', 'r']),
  ].join('\n');
}

function updateSection(s: StepRecord, r: BackpropRecord): string {
  const lr = r.config.learningRate;
  const rows = s.updates.map((u) => [
    u.param,
    num(u.old),
    num(u.gradient),
    `${num(u.old)} − ${num(lr)}·${paren(u.gradient)}`,
    num(u.new),
  ]);
  return [
    `Step ${s.step} — update  (θ ← θ − η·∂L/∂θ, η = ${num(lr)}; updating ${r.config.update.join(', ')}: ${r.config.updateReason})`,
    textTable(['param', 'old', '∂L/∂θ', 'old − η·∂L/∂θ', 'new'], rows, ['l', 'r', 'r', 'l', 'r']),
    `  loss ${num(s.lossBefore)} → ${num(s.lossAfter)}  (${s.lossAfter < s.lossBefore ? 'lower' : 'not lower'})`,
  ].join('\n');
}

function lossSection(r: BackpropRecord): string {
  const n = r.losses.length - 1;
  // A long run keeps the table readable: the first 10 steps, then every tenth part, then the last.
  const shown = new Set<number>([0, n]);
  for (let i = 1; i <= Math.min(10, n); i++) shown.add(i);
  for (let i = 0; i <= n; i += Math.max(1, Math.ceil(n / 10))) shown.add(i);
  const rows = [...shown].sort((a, b) => a - b).map((i) => [i === 0 ? 'start' : String(i), num(r.losses[i])]);
  return [`Loss over ${n} steps`, textTable(['after step', 'loss'], rows, ['r', 'r'])].join('\n');
}

function verificationSection(r: BackpropRecord): string {
  const v = r.verification;
  const rows = v.rows.map((row) => [
    row.param,
    num(row.chainRule),
    num(row.finiteDifference),
    diff(row.vsFiniteDifference),
    row.autodiff === null ? '—' : num(row.autodiff),
    row.vsAutodiff === null ? '—' : diff(row.vsAutodiff),
    row.atKink ? 'at the ReLU kink: not compared' : '',
  ]);
  const verdict = (c: NonNullable<typeof v.autodiff>) =>
    `${c.ok ? 'OK' : 'MISMATCH'}: max relative difference ${c.maxRelativeDifference.toExponential(2)} (at ${c.worst}) vs tolerance ${c.tolerance} — ${c.method}`;
  return [
    'Verification at the initial parameters (relative difference |a − b| / max(|a|, |b|, ' +
      v.relativeDifferenceFloor +
      '))',
    textTable(['param', 'chain rule', 'finite diff.', 'rel. diff', 'tf.grads', 'rel. diff', ''], rows, [
      'l',
      'r',
      'r',
      'r',
      'r',
      'r',
      'l',
    ]),
    '  finite differences: ' + verdict(v.finiteDifference),
    '  autodiff: ' + (v.autodiff ? verdict(v.autodiff) : `not run — ${v.autodiffMissing ?? 'unavailable'}`),
  ].join('\n');
}

function symmetrySection(r: BackpropRecord): string {
  const s = r.symmetry;
  if (!s) return '';
  const last = (a: number[]) => a[a.length - 1];
  return [
    `Symmetry (${s.steps} steps of plain gradient descent on all parameters, η = ${num(s.learningRate)})`,
    textTable(
      ['start', 'largest difference between hidden neurons', 'between their gradients', 'loss at the end'],
      [
        [
          'identical',
          num(Math.max(...s.identical.spread)),
          num(Math.max(...s.identical.gradientSpread)),
          num(last(s.identical.losses)),
        ],
        [
          s.random.label,
          `${num(s.random.spread[0])} → ${num(last(s.random.spread))}`,
          num(Math.max(...s.random.gradientSpread)),
          num(last(s.random.losses)),
        ],
      ],
      ['l', 'r', 'r', 'r'],
    ),
    `  identical start: ${s.origin}`,
    s.identicalStaysIdentical
      ? '  Identical neurons get identical gradients and stay identical: three hidden neurons act as one. Random initialisation breaks the symmetry.'
      : '  The identical start did not stay identical — unexpected; please report it.',
  ].join('\n');
}

export function formatBackpropTable(record: BackpropRecord): string {
  const c = record.config;
  const first = record.steps[0];
  const parts = [
    `Backprop walkthrough: 2 inputs → 3 hidden (${c.hiddenActivation}) → 1 output (${c.outputActivation}); ${lossText(c.loss)}`,
    `x = (${c.inputs.map((x) => num(x)).join(', ')}), y = ${num(c.target)}, η = ${num(c.learningRate)}, ${c.steps} step${c.steps === 1 ? '' : 's'}; update ${c.update.join(', ')} — ${c.updateReason}`,
    forwardSection(first, record),
    backwardSection(first),
    updateSection(first, record),
  ];
  if (record.losses.length > 2) parts.push(lossSection(record));
  parts.push(verificationSection(record));
  const sym = symmetrySection(record);
  if (sym) parts.push(sym);
  return parts.join('\n\n');
}
