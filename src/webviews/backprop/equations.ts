// The derivation written out in MathML, one block per stage: forward (every z, a, ŷ, L),
// backward (every ∂L/∂θ as its chain of factors, symbolically and with numbers), update.
import * as l10n from '@vscode/l10n';
import type { ResolvedBackprop } from '../../core/experiment';
import { HIDDEN_NEURONS, type StepRecord } from '../../core/backprop-walkthrough';
import {
  factorNumber,
  formula,
  joined,
  math,
  mfrac,
  mi,
  mn,
  mo,
  mrow,
  mspace,
  msub,
  msup,
  mtext,
  num,
  partial,
  symbol,
  type MathNode,
} from './mathml';

const eq = (...parts: MathNode[]): MathNode => math(mrow(...joined(parts, '=')));

function activationOf(
  kind: ResolvedBackprop['hiddenActivation'] | ResolvedBackprop['outputActivation'],
  arg: MathNode,
): MathNode {
  switch (kind) {
    case 'relu':
      return mrow(mi('max'), mo('('), mn('0'), mo(','), arg, mo(')'));
    case 'sigmoid':
      return mrow(mi('σ'), mo('('), arg, mo(')'));
    case 'tanh':
      return mrow(mi('tanh'), mo('('), arg, mo(')'));
    case 'linear':
      return arg;
  }
}

function beforeValue(s: StepRecord, p: string): number {
  const u = s.updates.find((x) => x.param === p);
  if (u) return u.old;
  return p.startsWith('w')
    ? s.after.weights[p as keyof StepRecord['after']['weights']]
    : s.after.biases[p as keyof StepRecord['after']['biases']];
}

export function forwardEquations(s: StepRecord, c: ResolvedBackprop): MathNode[] {
  const f = s.forward;
  const out: MathNode[] = [];
  HIDDEN_NEURONS.forEach(({ weights: [wa, wb], bias }, i) => {
    const n = i + 1;
    const h = f.hidden[i];
    out.push(
      eq(
        symbol(`z${n}`),
        mrow(symbol(wa), symbol('x1'), mo('+'), symbol(wb), symbol('x2'), mo('+'), symbol(bias)),
        mrow(
          factorNumber(beforeValue(s, wa)),
          mo('·'),
          factorNumber(f.inputs[0]),
          mo('+'),
          factorNumber(beforeValue(s, wb)),
          mo('·'),
          factorNumber(f.inputs[1]),
          mo('+'),
          factorNumber(beforeValue(s, bias)),
        ),
        num(h.z),
      ),
      eq(symbol(`a${n}`), activationOf(c.hiddenActivation, symbol(`z${n}`)), num(h.a)),
    );
    if (h.dead) out.push(math(mtext(l10n.t('h{0} is dead: z{0} ≤ 0, so a{0} = 0 and ∂a{0}/∂z{0} = 0.', n))));
  });
  const terms = HIDDEN_NEURONS.map(({ out: w }, i) => mrow(symbol(w), symbol(`a${i + 1}`)));
  const values = HIDDEN_NEURONS.map(({ out: w }, i) =>
    mrow(factorNumber(beforeValue(s, w)), mo('·'), factorNumber(f.hidden[i].a)),
  );
  out.push(
    eq(
      symbol('z_out'),
      mrow(...joined([...terms, symbol('bOut')], '+')),
      mrow(...joined([...values, factorNumber(beforeValue(s, 'bOut'))], '+')),
      num(f.zOut),
    ),
    eq(mi('ŷ'), activationOf(c.outputActivation, symbol('z_out')), num(f.yHat)),
  );
  if (c.loss === 'mse') {
    out.push(
      eq(
        mi('L'),
        msup(mrow(mo('('), mi('ŷ'), mo('−'), mi('y'), mo(')')), mn('2')),
        msup(mrow(mo('('), num(f.yHat), mo('−'), num(f.target), mo(')')), mn('2')),
        num(f.loss),
      ),
    );
  } else {
    out.push(
      eq(
        mi('L'),
        mrow(
          mo('−'),
          mo('['),
          mi('y'),
          mi('ln'),
          mi('ŷ'),
          mo('+'),
          mrow(mo('('), mn('1'), mo('−'), mi('y'), mo(')')),
          mi('ln'),
          mrow(mo('('), mn('1'), mo('−'), mi('ŷ'), mo(')')),
          mo(']'),
        ),
        num(f.loss),
      ),
    );
  }
  return out;
}

export function backwardEquations(s: StepRecord): MathNode[] {
  const b = s.backward;
  const shared = [b.dLdyHat, b.dyHatDzOut, ...b.hidden.flatMap((h) => [h.dzOutDa, h.dadz])];
  const out = shared.map((f) => eq(partial(f.of, f.wrt), formula(f.formula), num(f.value)));
  for (const g of b.gradients) {
    out.push(
      eq(
        partial('L', g.param),
        mrow(
          ...joined(
            g.factors.map((f) => partial(f.of, f.wrt)),
            '·',
          ),
        ),
        mrow(
          ...joined(
            g.factors.map((f) => factorNumber(f.value)),
            '·',
          ),
        ),
        num(g.value),
      ),
    );
  }
  return out;
}

export function updateEquations(s: StepRecord, c: ResolvedBackprop): MathNode[] {
  const out = s.updates.map((u) =>
    math(
      mrow(
        ...joined(
          [
            mrow(
              msub(symbol(u.param), mtext('new')),
              mo('='),
              symbol(u.param),
              mo('−'),
              mi('η'),
              partial('L', u.param),
            ),
            mrow(num(u.old), mo('−'), num(c.learningRate), mo('·'), factorNumber(u.gradient)),
            num(u.new),
          ],
          '=',
        ),
      ),
    ),
  );
  out.push(math(mrow(mi('L'), mo(':'), num(s.lossBefore), mo('→'), num(s.lossAfter))));
  return out;
}

/** A caption explaining the loss convention, because ½(ŷ − y)² is just as common in textbooks. */
export function lossConvention(c: ResolvedBackprop): { text: string; math: MathNode } {
  // A function, not a node: a DOM node used twice would be moved, not copied.
  const diff = () => mrow(mo('('), mi('ŷ'), mo('−'), mi('y'), mo(')'));
  return c.loss === 'mse'
    ? {
        // The formula follows the text: the sentence leads into it.
        text: `${l10n.t('Loss: mean squared error for one sample and one output, as Keras computes it (the mean over outputs, here one; no ½), so')} `,
        math: math(
          mrow(mi('L'), mo('='), msup(diff(), mn('2')), mo(','), mspace(), partial('L', 'ŷ'), mo('='), mn('2'), diff()),
        ),
      }
    : {
        text: `${l10n.t('Loss: binary cross-entropy; with a sigmoid output the two derivatives cancel to')} `,
        math: math(
          mrow(
            partial('L', 'z_out'),
            mo('='),
            mfrac(mrow(mi('ŷ'), mo('−'), mi('y')), mrow(mi('ŷ'), mrow(mo('('), mn('1'), mo('−'), mi('ŷ'), mo(')')))),
            mo('·'),
            mi('ŷ'),
            mrow(mo('('), mn('1'), mo('−'), mi('ŷ'), mo(')')),
            mo('='),
            mi('ŷ'),
            mo('−'),
            mi('y'),
          ),
        ),
      };
}
