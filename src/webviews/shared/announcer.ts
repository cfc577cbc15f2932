// Polite screen-reader announcements of live progress. A run reports progress many times a
// second; reading each would drown everything else, so messages are throttled: at most one per
// interval, the newest winning, and a final state is always read at once.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class Throttled {
  private lastAt = -Infinity;
  private pending: string | null = null;
  private timer: unknown = null;
  private lastText = '';

  constructor(
    private readonly write: (text: string) => void,
    private readonly intervalMs = 10_000,
    private readonly clock: Clock = realClock,
  ) {}

  /** A progress message: read now if the interval has passed, else the newest one later. */
  say(text: string): void {
    if (text === this.lastText) return;
    const wait = this.lastAt + this.intervalMs - this.clock.now();
    if (wait <= 0) {
      this.emit(text);
      return;
    }
    this.pending = text;
    if (this.timer === null) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        const p = this.pending;
        this.pending = null;
        if (p !== null) this.emit(p);
      }, wait);
    }
  }

  /** A final state (done, failed, cancelled): read at once, dropping what was waiting. */
  sayNow(text: string): void {
    this.cancel();
    if (text !== this.lastText) this.emit(text);
  }

  cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private emit(text: string): void {
    this.lastAt = this.clock.now();
    this.lastText = text;
    this.write(text);
  }
}

/** A visually hidden role=status region and a throttle writing into it. */
export function liveRegion(id: string, intervalMs?: number): { element: HTMLElement; announcer: Throttled } {
  const element = document.createElement('div');
  element.id = id;
  element.className = 'visually-hidden';
  element.setAttribute('role', 'status');
  element.setAttribute('aria-live', 'polite');
  element.setAttribute('aria-atomic', 'true');
  return { element, announcer: new Throttled((text) => (element.textContent = text), intervalMs) };
}
