/**
 * "Now" for relative times on live views ("just now", "3 min ago"), as an external store: one
 * timer, running only while something subscribes, however many rows read it. A row re-renders on
 * a tick only when its own text changed (its selector compares), not because the clock moved.
 */
export class LiveClock {
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly tickMs: number;
  private readonly read: () => number;
  now: number;

  /** `read` is the wall clock (tests pass their own with fake timers). */
  constructor(tickMs: number, read: () => number = Date.now) {
    this.tickMs = tickMs;
    this.read = read;
    this.now = read();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (!this.timer) {
      // Time went on while nobody watched: the first reader after a pause sees the real time.
      this.now = this.read();
      this.timer = setInterval(this.tick, this.tickMs);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  };

  private tick = (): void => {
    this.now = this.read();
    for (const listener of [...this.listeners]) listener();
  };
}
