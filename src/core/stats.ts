export function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (n − 1); 0 for a single value. */
export function std(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

export function argmin<T>(items: T[], key: (t: T) => number): T {
  return items.reduce((best, t) => (key(t) < key(best) ? t : best));
}

export function argmax<T>(items: T[], key: (t: T) => number): T {
  return items.reduce((best, t) => (key(t) > key(best) ? t : best));
}
