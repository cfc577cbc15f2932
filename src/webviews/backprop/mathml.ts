// MathML built with DOM calls (Chromium renders MathML Core natively), so equations need no
// fonts, scripts or network. Symbols arrive as the walkthrough's plain names ("z_out", "a1",
// "w7", "bOut") and are typeset here as subscripted letters.
const NS = 'http://www.w3.org/1998/Math/MathML';

export type MathNode = Element;

function el(tag: string, ...children: (MathNode | string)[]): MathNode {
  const e = document.createElementNS(NS, tag);
  for (const c of children) e.append(c);
  return e;
}

export const mi = (text: string): MathNode => el('mi', text);
export const mn = (text: string): MathNode => el('mn', text);
export const mo = (text: string): MathNode => el('mo', text);
export const mtext = (text: string): MathNode => el('mtext', text);
export const mrow = (...children: MathNode[]): MathNode => el('mrow', ...children);
export const mfrac = (num: MathNode, den: MathNode): MathNode => el('mfrac', num, den);
export const msub = (base: MathNode, sub: MathNode): MathNode => el('msub', base, sub);
export const msup = (base: MathNode, sup: MathNode): MathNode => el('msup', base, sup);
export function mspace(width = '0.5em'): MathNode {
  const e = el('mspace');
  e.setAttribute('width', width);
  return e;
}

/** Inline math; callers put each equation in its own block (block math would be centred). */
export function math(...children: MathNode[]): MathNode {
  return el('math', ...children);
}

/** "z_out" → z with subscript out, "a1" → a₁, "bOut" → b_out, "x2" → x₂; anything else as is. */
export function symbol(name: string): MathNode {
  if (name === 'z_out') return msub(mi('z'), mi('out'));
  if (name === 'bOut') return msub(mi('b'), mi('out'));
  const m = /^(\p{L})(\d+)$/u.exec(name);
  return m ? msub(mi(m[1]), mn(m[2])) : mi(name);
}

/** ∂of/∂wrt as a fraction. */
export function partial(of: string, wrt: string): MathNode {
  return mfrac(mrow(mo('∂'), symbol(of)), mrow(mo('∂'), symbol(wrt)));
}

/** Shows the minus sign as U+2212, so negative numbers do not look like hyphenated words. */
export function num(value: number, digits = 6): MathNode {
  return mn(formatNumber(value, digits));
}

export function formatNumber(value: number, digits = 6): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const a = Math.abs(value);
  const text = a >= 1e-4 && a < 1e6 ? String(Number(value.toPrecision(digits))) : value.toExponential(digits - 3);
  return text.replace('-', '−');
}

/** A number in parentheses when negative, for products such as 0.4·(−0.2). */
export function factorNumber(value: number): MathNode {
  return value < 0 ? mrow(mo('('), num(value), mo(')')) : num(value);
}

/**
 * The walkthrough's formula text ("2(ŷ − y)", "a1(1 − a1)", "0 (z2 ≤ 0: dead)") as MathML:
 * names become symbols, digits numbers, the rest operators; a trailing comment stays text.
 */
export function formula(text: string): MathNode {
  const comment = /^(.*?)\s*\((z\d+ [^)]*)\)$/u.exec(text);
  const body = comment ? comment[1] : text;
  const tokens = body.match(/z_out|bOut|\p{L}\d*|\d+(?:\.\d+)?|\S/gu) ?? [];
  const nodes = tokens.map((t) => (/^\d/.test(t) ? mn(t) : /^\p{L}/u.test(t) ? symbol(t) : mo(t)));
  if (comment) nodes.push(mspace(), mtext(`(${comment[2]})`));
  return mrow(...nodes);
}

/** Joins nodes with an operator: a · b · c. */
export function joined(nodes: MathNode[], op: string): MathNode[] {
  return nodes.flatMap((n, i) => (i === 0 ? [n] : [mo(op), n]));
}
