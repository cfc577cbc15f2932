// The test images kept in run.json are 28×28 grey bytes in base64 (see PredictionSample).

/** Decodes base64 28×28 pixels (row-major bytes); throws on a wrong length. */
export function decodePixels(base64: string, size = 28): Uint8Array {
  const bin = atob(base64);
  if (bin.length !== size * size) throw new Error(`expected ${size * size} pixels, got ${bin.length}`);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
