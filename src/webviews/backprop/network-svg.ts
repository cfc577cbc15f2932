// The 2-3-1 network as an SVG diagram: weights on the edges, values on the nodes. What is
// written depends on the stage, so the reader sees the derivation unfold: the forward pass
// fills the nodes, the backward pass adds ∂L/∂w to every edge, the update shows old → new.
// Colours are CSS classes resolved against --vscode-* variables in media/backprop.css.
import type { Stage } from '../../extension/panels/backprop/contract';
import { formatNumber } from './mathml';
import { HIDDEN_NEURONS, type ParamName, type StepRecord } from '../../core/backprop-walkthrough';

const NS = 'http://www.w3.org/2000/svg';
const R = 24;

interface Point {
  x: number;
  y: number;
}

const INPUTS: Point[] = [
  { x: 70, y: 130 },
  { x: 70, y: 250 },
];
const HIDDEN: Point[] = [
  { x: 330, y: 50 },
  { x: 330, y: 190 },
  { x: 330, y: 330 },
];
const OUTPUT: Point = { x: 590, y: 190 };
const WIDTH = 720;
const HEIGHT = 440;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const along = (a: Point, b: Point, t: number): Point => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });

/** Text lines stacked at a point; the halo class keeps them legible over edges. */
function label(at: Point, lines: { text: string; cls?: string }[], anchor: 'start' | 'middle' | 'end' = 'middle'): SVGTextElement {
  const t = svg('text', { x: at.x, y: at.y, 'text-anchor': anchor, class: 'bp-label' });
  lines.forEach((line, i) => {
    const span = svg('tspan', { x: at.x, dy: i === 0 ? 0 : '1.2em' }, line.text);
    if (line.cls) span.setAttribute('class', line.cls);
    t.append(span);
  });
  return t;
}

function node(at: Point, name: string, cls: string): SVGGElement {
  const g = svg('g', { class: `bp-node ${cls}` });
  g.append(svg('circle', { cx: at.x, cy: at.y, r: R }), svg('text', { x: at.x, y: at.y + 5, 'text-anchor': 'middle', class: 'bp-node-name' }, name));
  return g;
}

export interface NetworkView {
  step: StepRecord;
  stage: Stage;
  /** Parameters gradient descent changes in this walkthrough. */
  updated: readonly string[];
}

/** Two lines at most per edge (value, gradient): six input edges share little room. */
function edgeLines(v: NetworkView, param: ParamName, value: number): { text: string; cls?: string }[] {
  const u = v.stage === 'update' ? v.step.updates.find((x) => x.param === param) : undefined;
  const lines: { text: string; cls?: string }[] = [
    u ? { text: `${param}: ${formatNumber(value, 4)} → ${formatNumber(u.new, 4)}`, cls: 'bp-new' } : { text: `${param} = ${formatNumber(value, 4)}` },
  ];
  if (v.stage === 'backward' || v.stage === 'update') {
    const g = v.step.backward.gradients.find((x) => x.param === param)!;
    lines.push({ text: `∂L/∂${param} = ${formatNumber(g.value, 4)}`, cls: g.value === 0 ? 'bp-zero' : 'bp-grad' });
  }
  return lines;
}

/** The diagram for one step at one stage; a fresh element each time (it is small). */
export function networkSvg(v: NetworkView): SVGSVGElement {
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', class: 'bp-network', 'aria-label': 'The 2-3-1 network with its weights and values' });
  const { forward: f } = v.step;
  const before: Record<string, number> = Object.fromEntries(v.step.updates.map((u) => [u.param, u.old]));
  // Every parameter's value before this step: updated ones from `updates`, the rest unchanged in `after`.
  const value = (p: ParamName): number =>
    p in before ? before[p] : p.startsWith('w') ? v.step.after.weights[p as keyof typeof v.step.after.weights] : v.step.after.biases[p as keyof typeof v.step.after.biases];
  const showValues = v.stage !== 'start';
  const edges = svg('g', { class: 'bp-edges' });
  const labels = svg('g', { class: 'bp-labels' });

  HIDDEN_NEURONS.forEach(({ weights: [wa, wb], out }, i) => {
    const dead = showValues && f.hidden[i].dead;
    [wa, wb].forEach((w, k) => {
      const cls = `bp-edge${v.updated.includes(w) ? ' bp-selected' : ''}${dead ? ' bp-dead' : ''}`;
      edges.append(svg('line', { x1: INPUTS[k].x, y1: INPUTS[k].y, x2: HIDDEN[i].x, y2: HIDDEN[i].y, class: cls }));
      // Labels sit near the hidden neuron, where the six input edges are spread furthest apart.
      const at = along(INPUTS[k], HIDDEN[i], 0.6);
      labels.append(label({ x: at.x, y: at.y - 6 }, edgeLines(v, w, value(w))));
    });
    const cls = `bp-edge${v.updated.includes(out) ? ' bp-selected' : ''}${dead ? ' bp-dead' : ''}`;
    edges.append(svg('line', { x1: HIDDEN[i].x, y1: HIDDEN[i].y, x2: OUTPUT.x, y2: OUTPUT.y, class: cls }));
    const at = along(HIDDEN[i], OUTPUT, 0.45);
    labels.append(label({ x: at.x, y: at.y - 8 }, edgeLines(v, out, value(out))));
  });

  const nodes = svg('g', { class: 'bp-nodes' });
  INPUTS.forEach((p, k) => {
    nodes.append(node(p, `x${k + 1}`, 'bp-input'));
    labels.append(label({ x: p.x, y: p.y + R + 16 }, [{ text: `x${k + 1} = ${formatNumber(f.inputs[k], 4)}` }]));
  });
  HIDDEN_NEURONS.forEach(({ neuron, bias }, i) => {
    const h = f.hidden[i];
    nodes.append(node(HIDDEN[i], neuron, showValues && h.dead ? 'bp-hidden bp-dead' : 'bp-hidden'));
    const lines: { text: string; cls?: string }[] = [{ text: `${bias} = ${formatNumber(value(bias), 4)}`, cls: 'bp-muted' }];
    if (showValues) lines.push({ text: `z = ${formatNumber(h.z, 4)}, a = ${formatNumber(h.a, 4)}` });
    if (showValues && h.dead) lines.push({ text: 'dead ReLU (z ≤ 0)', cls: 'bp-warn' });
    if (v.stage === 'backward' || v.stage === 'update') lines.push({ text: `∂L/∂z = ${formatNumber(v.step.backward.hidden[i].delta, 4)}`, cls: 'bp-grad' });
    labels.append(label({ x: HIDDEN[i].x, y: HIDDEN[i].y + R + 14 }, lines));
  });
  nodes.append(node(OUTPUT, 'ŷ', 'bp-output'));
  const outLines: { text: string; cls?: string }[] = [{ text: `bOut = ${formatNumber(value('bOut'), 4)}`, cls: 'bp-muted' }, { text: `y = ${formatNumber(f.target, 4)}` }];
  if (showValues) outLines.push({ text: `z_out = ${formatNumber(f.zOut, 4)}` }, { text: `ŷ = ${formatNumber(f.yHat, 4)}` }, { text: `L = ${formatNumber(f.loss, 4)}` });
  if (v.stage === 'backward' || v.stage === 'update') outLines.push({ text: `∂L/∂z_out = ${formatNumber(v.step.backward.deltaOut, 4)}`, cls: 'bp-grad' });
  if (v.stage === 'update') outLines.push({ text: `L after = ${formatNumber(v.step.lossAfter, 4)}`, cls: 'bp-new' });
  labels.append(label({ x: OUTPUT.x, y: OUTPUT.y + R + 16 }, outLines));

  root.append(edges, nodes, labels);
  return root;
}
