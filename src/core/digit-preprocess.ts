// A digit drawn by hand turned into an MNIST image the way MNIST's own were made (LeCun et al.):
// the ink's bounding box scaled, aspect ratio kept, to fit a 20 × 20 box with anti-aliasing (each
// output pixel is the ink's average over the area it covers), then placed in 28 × 28 so that
// its centre of mass falls on the centre. Without this a net trained on MNIST misreads digits
// drawn off-centre or at another size.

export const MNIST_SIDE = 28;
export const MNIST_BOX = 20;

/**
 * `ink` is width × height coverage in [0, 1], row-major (a canvas's alpha). Returns 28 × 28
 * grey bytes 0–255 (white ink on black, as MNIST), all zero for an empty drawing.
 */
export function mnistFromDrawing(ink: ArrayLike<number>, width: number, height: number): Uint8Array {
  if (ink.length !== width * height)
    throw new Error(`mnistFromDrawing: expected ${width}×${height} values, got ${ink.length}`);
  const out = new Uint8Array(MNIST_SIDE * MNIST_SIDE);
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (ink[y * width + x] > 0) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  if (x1 < 0) return out;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = MNIST_BOX / Math.max(bw, bh);
  // One scale for both axes; a side that ends inside a pixel leaves that pixel partly covered.
  const tw = Math.max(1, Math.ceil(bw * scale - 1e-9));
  const th = Math.max(1, Math.ceil(bh * scale - 1e-9));
  const box = areaResample(ink, width, x0, y0, bw, bh, 1 / scale, tw, th);

  // Centre of mass of the 20×20 image, moved (by whole pixels, as MNIST did) to (14, 14).
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < th; y++)
    for (let x = 0; x < tw; x++) {
      const v = box[y * tw + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  const dx = Math.round(MNIST_SIDE / 2 - mx / mass);
  const dy = Math.round(MNIST_SIDE / 2 - my / mass);
  for (let y = 0; y < th; y++)
    for (let x = 0; x < tw; x++) {
      const ox = x + dx;
      const oy = y + dy;
      if (ox < 0 || oy < 0 || ox >= MNIST_SIDE || oy >= MNIST_SIDE) continue;
      out[oy * MNIST_SIDE + ox] = Math.round(Math.min(1, Math.max(0, box[y * tw + x])) * 255);
    }
  return out;
}

/** The mean of the source over each target pixel's footprint, partial source pixels weighted by overlap. */
function areaResample(
  src: ArrayLike<number>,
  stride: number,
  x0: number,
  y0: number,
  bw: number,
  bh: number,
  step: number,
  tw: number,
  th: number,
): Float64Array {
  const out = new Float64Array(tw * th);
  const sx = step;
  const sy = step;
  for (let ty = 0; ty < th; ty++) {
    const ya = ty * sy;
    const yb = ya + sy;
    for (let tx = 0; tx < tw; tx++) {
      const xa = tx * sx;
      const xb = xa + sx;
      let sum = 0;
      for (let y = Math.floor(ya); y < Math.min(bh, Math.ceil(yb)); y++) {
        const wy = Math.min(yb, y + 1) - Math.max(ya, y);
        for (let x = Math.floor(xa); x < Math.min(bw, Math.ceil(xb)); x++) {
          const wx = Math.min(xb, x + 1) - Math.max(xa, x);
          sum += wx * wy * src[(y0 + y) * stride + x0 + x];
        }
      }
      out[ty * tw + tx] = sum / (sx * sy);
    }
  }
  return out;
}

/** The centre of mass of a 28 × 28 image, in pixel coordinates (pixel centres at +0.5). */
export function centreOfMass(pixels: ArrayLike<number>, side = MNIST_SIDE): { x: number; y: number } | null {
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const v = pixels[y * side + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  return mass > 0 ? { x: mx / mass, y: my / mass } : null;
}
