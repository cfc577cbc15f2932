// Where the network diagram's labels go: each label takes the first of its candidate spots
// that keeps clear of every edge, every node and every label already placed, so no text sits
// on a line or on other text. The diagram is an SVG scaled as a whole (viewBox), so a layout
// that is clear at one panel width is clear at all of them. Pure geometry, no DOM.

export interface Point {
  x: number;
  y: number;
}
/** A rectangle by its top-left corner. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface Segment {
  a: Point;
  b: Point;
}
export interface Circle {
  c: Point;
  r: number;
}

export const FONT_SIZE = 11;
export const LINE_HEIGHT = 1.25;
/** Clearance kept around text, in diagram units. */
export const MARGIN = 3;

/** A generous box for lines of text: tabular digits and most letters are under 0.62 em wide. */
export function textSize(lines: readonly string[]): { w: number; h: number } {
  const longest = Math.max(0, ...lines.map((l) => l.length));
  return { w: Math.ceil(longest * FONT_SIZE * 0.62) + 2, h: Math.ceil(lines.length * FONT_SIZE * LINE_HEIGHT) + 2 };
}

function grow(b: Box, m: number): Box {
  return { x: b.x - m, y: b.y - m, w: b.w + 2 * m, h: b.h + 2 * m };
}

export function boxesOverlap(p: Box, q: Box): boolean {
  return p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;
}

/** Liang–Barsky: does the segment pass through the box? */
export function segmentHitsBox(s: Segment, b: Box): boolean {
  const dx = s.b.x - s.a.x;
  const dy = s.b.y - s.a.y;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, s.a.x - b.x],
    [dx, b.x + b.w - s.a.x],
    [-dy, s.a.y - b.y],
    [dy, b.y + b.h - s.a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

export function circleHitsBox(c: Circle, b: Box): boolean {
  const nx = Math.max(b.x, Math.min(c.c.x, b.x + b.w));
  const ny = Math.max(b.y, Math.min(c.c.y, b.y + b.h));
  return (c.c.x - nx) ** 2 + (c.c.y - ny) ** 2 < c.r ** 2;
}

export interface Obstacles {
  segments: readonly Segment[];
  circles: readonly Circle[];
  bounds: Box;
}

export function isClear(box: Box, o: Obstacles, placed: readonly Box[]): boolean {
  const b = grow(box, MARGIN);
  if (
    box.x < o.bounds.x ||
    box.y < o.bounds.y ||
    box.x + box.w > o.bounds.x + o.bounds.w ||
    box.y + box.h > o.bounds.y + o.bounds.h
  )
    return false;
  return (
    !o.segments.some((s) => segmentHitsBox(s, b)) &&
    !o.circles.some((c) => circleHitsBox(c, b)) &&
    !placed.some((p) => boxesOverlap(b, p))
  );
}

/** Spots beside a segment (both sides, from its middle outwards), clear of the line itself. */
export function besideSegment(s: Segment, size: { w: number; h: number }, ts: readonly number[]): Point[] {
  const dx = s.b.x - s.a.x;
  const dy = s.b.y - s.a.y;
  const len = Math.hypot(dx, dy) || 1;
  const n = { x: -dy / len, y: dx / len };
  // Distance from the line to the centre of a box that just touches it, plus clearance.
  const d = Math.abs(n.x) * (size.w / 2) + Math.abs(n.y) * (size.h / 2) + MARGIN + 2;
  const out: Point[] = [];
  // Right beside the line first; a little further out only where that is taken.
  for (const extra of [0, 10, 22]) {
    for (const t of ts) {
      for (const side of [-1, 1])
        out.push({ x: s.a.x + dx * t + side * n.x * (d + extra), y: s.a.y + dy * t + side * n.y * (d + extra) });
    }
  }
  return out;
}

/** Spots around a node: below, above, right, left, then the corners. */
export function aroundNode(c: Circle, size: { w: number; h: number }): Point[] {
  const out: Point[] = [];
  for (const extra of [0, 14, 30]) {
    const gap = c.r + MARGIN + 3 + extra;
    const dx = size.w / 2 + gap;
    const dy = size.h / 2 + gap;
    out.push(
      { x: c.c.x, y: c.c.y + dy },
      { x: c.c.x, y: c.c.y - dy },
      { x: c.c.x + dx, y: c.c.y },
      { x: c.c.x - dx, y: c.c.y },
      { x: c.c.x + dx, y: c.c.y + dy },
      { x: c.c.x - dx, y: c.c.y + dy },
      { x: c.c.x + dx, y: c.c.y - dy },
      { x: c.c.x - dx, y: c.c.y - dy },
    );
  }
  return out;
}

export interface LabelRequest {
  id: string;
  /** Preferred text first; shorter fallbacks after (the full text is also in the table). */
  texts: readonly (readonly string[])[];
  /** Centre points to try, for a box of the given size. */
  spots: (size: { w: number; h: number }) => Point[];
}

export interface PlacedLabel {
  id: string;
  lines: readonly string[];
  box: Box;
}

/** Places the requests in order; a label with no clear spot for any of its texts is left out. */
export function placeLabels(requests: readonly LabelRequest[], o: Obstacles): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const boxes: Box[] = [];
  for (const r of requests) {
    let done = false;
    for (const lines of r.texts) {
      const size = textSize(lines);
      for (const c of r.spots(size)) {
        const box = { x: c.x - size.w / 2, y: c.y - size.h / 2, w: size.w, h: size.h };
        if (isClear(box, o, boxes)) {
          placed.push({ id: r.id, lines, box });
          boxes.push(box);
          done = true;
          break;
        }
      }
      if (done) break;
    }
  }
  return placed;
}
