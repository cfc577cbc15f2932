// The 2-3-1 network as an SVG diagram: weights on the edges, values on the nodes. What is
// written depends on the stage, so the reader sees the derivation unfold: the forward pass
// fills the nodes, the backward pass adds ∂L/∂w to every edge, the update shows old → new.
// Colours are CSS classes resolved against --vscode-* variables in media/backprop.css.
import * as l10n from '@vscode/l10n';
import type { Stage } from '../../extension/panels/backprop/contract';
import { svg } from '../shared/dom';
import { formatNumber } from './mathml';
import {
  aroundNode,
  besideSegment,
  FONT_SIZE,
  LINE_HEIGHT,
  placeLabels,
  type Box,
  type Circle,
  type LabelRequest,
  type Point,
  type Segment,
} from './label-layout';
import { HIDDEN_NEURONS, type ParamName, type StepRecord } from '../../core/backprop-walkthrough';

const R = 24;

const INPUTS: Point[] = [
  { x: 90, y: 220 },
  { x: 90, y: 400 },
];
// Room above the top neuron and below the bottom one: their labels go where no edge runs.
const HIDDEN: Point[] = [
  { x: 480, y: 120 },
  { x: 480, y: 310 },
  { x: 480, y: 500 },
];
const OUTPUT: Point = { x: 870, y: 310 };
const WIDTH = 960;
const HEIGHT = 640;
/** Positions along an edge tried for its label, from the middle outwards. */
const ALONG = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82, 0.12, 0.88];

/** Text lines in the box the layout gave them (centred; the first baseline one ascent down). */
function label(box: Box, lines: readonly { text: string; cls?: string }[], id: string): SVGTextElement {
  const x = box.x + box.w / 2;
  const t = svg('text', { x, y: box.y + FONT_SIZE + 1, 'text-anchor': 'middle', class: 'bp-label', 'data-label': id });
  lines.forEach((line, i) => {
    const span = svg('tspan', { x, dy: i === 0 ? 0 : `${LINE_HEIGHT}em` }, line.text);
    if (line.cls) span.setAttribute('class', line.cls);
    t.append(span);
  });
  return t;
}

function node(at: Point, name: string, cls: string): SVGGElement {
  const g = svg('g', { class: `bp-node ${cls}` });
  g.append(
    svg('circle', { cx: at.x, cy: at.y, r: R }),
    svg('text', { x: at.x, y: at.y + 5, 'text-anchor': 'middle', class: 'bp-node-name' }, name),
  );
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
    u
      ? { text: `${param}: ${formatNumber(value, 4)} → ${formatNumber(u.new, 4)}`, cls: 'bp-new' }
      : { text: `${param} = ${formatNumber(value, 4)}` },
  ];
  if (v.stage === 'backward' || v.stage === 'update') {
    const g = v.step.backward.gradients.find((x) => x.param === param)!;
    lines.push({ text: `∂L/∂${param} = ${formatNumber(g.value, 4)}`, cls: g.value === 0 ? 'bp-zero' : 'bp-grad' });
  }
  return lines;
}

type Line = { text: string; cls?: string };

/** The diagram for one step at one stage; a fresh element each time (it is small). */
export function networkSvg(v: NetworkView): SVGSVGElement {
  const root = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: 'img',
    class: 'bp-network',
    'aria-label': l10n.t('The 2-3-1 network with its weights and values'),
  });
  const { forward: f } = v.step;
  const before: Record<string, number> = Object.fromEntries(v.step.updates.map((u) => [u.param, u.old]));
  // Every parameter's value before this step: updated ones from `updates`, the rest unchanged in `after`.
  const value = (p: ParamName): number =>
    p in before
      ? before[p]
      : p.startsWith('w')
        ? v.step.after.weights[p as keyof typeof v.step.after.weights]
        : v.step.after.biases[p as keyof typeof v.step.after.biases];
  const showValues = v.stage !== 'start';
  const edges = svg('g', { class: 'bp-edges' });
  const segments: Segment[] = [];
  const edgeLabels: { param: ParamName; segment: Segment }[] = [];

  HIDDEN_NEURONS.forEach(({ weights: [wa, wb], out }, i) => {
    const dead = showValues && f.hidden[i].dead;
    const edge = (from: Point, to: Point, param: ParamName) => {
      const cls = `bp-edge${v.updated.includes(param) ? ' bp-selected' : ''}${dead ? ' bp-dead' : ''}`;
      edges.append(svg('line', { x1: from.x, y1: from.y, x2: to.x, y2: to.y, class: cls, 'data-param': param }));
      const segment = { a: from, b: to };
      segments.push(segment);
      edgeLabels.push({ param, segment });
    };
    [wa, wb].forEach((w, k) => edge(INPUTS[k], HIDDEN[i], w));
    edge(HIDDEN[i], OUTPUT, out);
  });

  const nodes = svg('g', { class: 'bp-nodes' });
  const circles: Circle[] = [];
  const nodeLabels: { id: string; at: Point; lines: Line[] }[] = [];
  INPUTS.forEach((p, k) => {
    nodes.append(node(p, `x${k + 1}`, 'bp-input'));
    circles.push({ c: p, r: R });
    nodeLabels.push({ id: `x${k + 1}`, at: p, lines: [{ text: `x${k + 1} = ${formatNumber(f.inputs[k], 4)}` }] });
  });
  HIDDEN_NEURONS.forEach(({ neuron, bias }, i) => {
    const h = f.hidden[i];
    nodes.append(node(HIDDEN[i], neuron, showValues && h.dead ? 'bp-hidden bp-dead' : 'bp-hidden'));
    circles.push({ c: HIDDEN[i], r: R });
    const lines: Line[] = [{ text: `${bias} = ${formatNumber(value(bias), 4)}`, cls: 'bp-muted' }];
    if (showValues) lines.push({ text: `z = ${formatNumber(h.z, 4)}, a = ${formatNumber(h.a, 4)}` });
    if (showValues && h.dead) lines.push({ text: l10n.t('dead ReLU (z ≤ 0)'), cls: 'bp-warn' });
    if (v.stage === 'backward' || v.stage === 'update')
      lines.push({ text: `∂L/∂z = ${formatNumber(v.step.backward.hidden[i].delta, 4)}`, cls: 'bp-grad' });
    nodeLabels.push({ id: neuron, at: HIDDEN[i], lines });
  });
  nodes.append(node(OUTPUT, 'ŷ', 'bp-output'));
  circles.push({ c: OUTPUT, r: R });
  const outLines: Line[] = [
    { text: `bOut = ${formatNumber(value('bOut'), 4)}`, cls: 'bp-muted' },
    { text: `y = ${formatNumber(f.target, 4)}` },
  ];
  if (showValues)
    outLines.push(
      { text: `z_out = ${formatNumber(f.zOut, 4)}` },
      { text: `ŷ = ${formatNumber(f.yHat, 4)}` },
      { text: `L = ${formatNumber(f.loss, 4)}` },
    );
  if (v.stage === 'backward' || v.stage === 'update')
    outLines.push({ text: `∂L/∂z_out = ${formatNumber(v.step.backward.deltaOut, 4)}`, cls: 'bp-grad' });
  if (v.stage === 'update') outLines.push({ text: `L after = ${formatNumber(v.step.lossAfter, 4)}`, cls: 'bp-new' });
  nodeLabels.push({ id: 'ŷ', at: OUTPUT, lines: outLines });

  // Node labels first, then the output-side edges (fewer lines cross there), then the rest. An
  // edge label that finds no clear spot shrinks to the weight's name; the values are all in the
  // table beside the diagram as well.
  const styled = new Map<string, Line[]>();
  const requests: LabelRequest[] = [];
  for (const n of nodeLabels) {
    styled.set(n.id, n.lines);
    requests.push({
      id: n.id,
      texts: [n.lines.map((l) => l.text)],
      spots: (size) => aroundNode({ c: n.at, r: R }, size),
    });
  }
  const ordered = [
    ...edgeLabels.filter((e) => e.segment.b === OUTPUT),
    ...edgeLabels.filter((e) => e.segment.b !== OUTPUT),
  ];
  for (const e of ordered) {
    const lines = edgeLines(v, e.param, value(e.param));
    styled.set(e.param, lines);
    requests.push({
      id: e.param,
      texts: [lines.map((l) => l.text), [e.param]],
      spots: (size) => besideSegment(e.segment, size, ALONG),
    });
  }
  const labels = svg('g', { class: 'bp-labels' });
  for (const p of placeLabels(requests, { segments, circles, bounds: { x: 0, y: 0, w: WIDTH, h: HEIGHT } })) {
    const full = styled.get(p.id) ?? [];
    const shrunk = p.lines[0] !== full[0]?.text;
    const text = label(p.box, shrunk ? p.lines.map((t) => ({ text: t, cls: 'bp-muted' })) : full, p.id);
    // A label cut to its name keeps its values as the hover text.
    if (shrunk) text.append(svg('title', {}, full.map((l) => l.text).join('\n')));
    labels.append(text);
  }

  root.append(edges, nodes, labels);
  return root;
}
