// One animation frame for every part of a page that redraws. A live sweep brings several
// messages per epoch, and each part (curves, header and table, gradient flow) coalescing on its
// own would still cost a frame per part; here they share one, however many ask.
const queued = new Map<object, () => void>();
let requested = false;

/** Runs `draw` in the next frame; asked again with the same `key` before then, it runs once (the last `draw`). */
export function inNextFrame(key: object, draw: () => void): void {
  queued.set(key, draw);
  if (requested) return;
  requested = true;
  requestAnimationFrame(() => {
    requested = false;
    const draws = [...queued.values()];
    queued.clear();
    for (const d of draws) d();
  });
}

/** Drops what `key` asked for (it drew already, at once). */
export function cancelNextFrame(key: object): void {
  queued.delete(key);
}
