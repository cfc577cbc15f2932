import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  besideSegment,
  boxesOverlap,
  isClear,
  placeLabels,
  segmentHitsBox,
  textSize,
} from '../../src/webviews/backprop/label-layout';

test('a segment hits a box it crosses, not one beside it', () => {
  const box = { x: 10, y: 10, w: 20, h: 10 };
  assert.equal(segmentHitsBox({ a: { x: 0, y: 0 }, b: { x: 40, y: 40 } }, box), true);
  assert.equal(segmentHitsBox({ a: { x: 0, y: 0 }, b: { x: 40, y: 0 } }, box), false);
  assert.equal(segmentHitsBox({ a: { x: 20, y: 0 }, b: { x: 20, y: 5 } }, box), false, 'ends before the box');
  assert.equal(boxesOverlap(box, { x: 29, y: 19, w: 5, h: 5 }), true);
  assert.equal(boxesOverlap(box, { x: 31, y: 10, w: 5, h: 5 }), false);
});

test('labels are placed beside their edge, clear of every edge and of each other', () => {
  const segments = [
    { a: { x: 0, y: 0 }, b: { x: 300, y: 200 } },
    { a: { x: 0, y: 200 }, b: { x: 300, y: 0 } },
  ];
  const o = { segments, circles: [], bounds: { x: 0, y: 0, w: 300, h: 200 } };
  const placed = placeLabels(
    segments.flatMap((s, i) =>
      [0, 1].map((k) => ({
        id: `e${i}${k}`,
        texts: [[`label ${i}${k} = 0.1234`], [`e${i}`]],
        spots: (size: { w: number; h: number }) => besideSegment(s, size, [0.25, 0.5, 0.75]),
      })),
    ),
    o,
  );
  assert.equal(placed.length, 4);
  placed.forEach((p, i) => {
    assert.equal(
      isClear(
        p.box,
        o,
        placed.slice(0, i).map((q) => q.box),
      ),
      true,
      p.id,
    );
  });
  assert.ok(textSize(['x']).w > 0);
});
