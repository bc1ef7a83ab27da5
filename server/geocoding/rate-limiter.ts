/** Time as the limiter sees it; tests pass a fake one. */
export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: LimiterClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** The queue is full: the caller answers from elsewhere instead of waiting minutes. */
export class RateLimited extends Error {}

/**
 * Starts tasks no faster than `perSecond` (a service's usage policy: public Nominatim allows
 * 1 request/s), one after another in arrival order. At most `maxQueue` tasks wait; more are
 * refused with RateLimited at once, so a burst of 500 points cannot queue 8 minutes of work.
 */
export class RateLimiter {
  #perSecond: number;
  readonly #maxQueue: number;
  readonly #clock: LimiterClock;
  #nextStart = 0;
  #waiting = 0;

  constructor(perSecond: number, maxQueue: number, clock: LimiterClock = realClock) {
    this.#perSecond = perSecond;
    this.#maxQueue = maxQueue;
    this.#clock = clock;
  }

  set perSecond(value: number) {
    this.#perSecond = value;
  }

  get waiting(): number {
    return this.#waiting;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#waiting >= this.#maxQueue) throw new RateLimited(`more than ${this.#maxQueue} requests waiting`);
    const now = this.#clock.now();
    const start = Math.max(now, this.#nextStart);
    this.#nextStart = start + 1000 / this.#perSecond;
    this.#waiting++;
    try {
      if (start > now) await this.#clock.sleep(start - now);
    } finally {
      this.#waiting--;
    }
    return task();
  }
}
