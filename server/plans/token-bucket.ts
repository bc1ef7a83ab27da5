/**
 * A token bucket: `rate` tokens per second, holding at most `burst`. Pure (the caller passes
 * the clock), so tests move time by hand.
 *
 * A request larger than the burst is taken once the bucket is full and leaves it in debt: a
 * 10,000-record batch can pass a plan whose burst is smaller, and the debt then holds the
 * tenant to its sustained rate.
 */
export class TokenBucket {
  #tokens: number;
  #at: number;
  #rate: number;
  #burst: number;

  constructor(rate: number, burst: number, now: number) {
    this.#rate = rate;
    this.#burst = burst;
    this.#tokens = burst;
    this.#at = now;
  }

  get rate(): number {
    return this.#rate;
  }

  get burst(): number {
    return this.#burst;
  }

  /** A changed plan: the tokens held stay (capped at the new burst). */
  setLimits(rate: number, burst: number, now: number): void {
    this.#refill(now);
    this.#rate = rate;
    this.#burst = burst;
    this.#tokens = Math.min(this.#tokens, burst);
  }

  /** Takes `n` tokens and answers 0, or takes nothing and answers the seconds until it could. */
  take(n: number, now: number): number {
    this.#refill(now);
    const need = Math.min(n, this.#burst);
    if (this.#tokens >= need) {
      this.#tokens -= n;
      return 0;
    }
    return (need - this.#tokens) / this.#rate;
  }

  /** The seconds until `n` tokens could be taken (0: now), taking nothing. */
  waitFor(n: number, now: number): number {
    this.#refill(now);
    const need = Math.min(n, this.#burst);
    return this.#tokens >= need ? 0 : (need - this.#tokens) / this.#rate;
  }

  /** Gives back tokens taken for work that was then refused elsewhere. */
  giveBack(n: number): void {
    this.#tokens = Math.min(this.#burst, this.#tokens + n);
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#at) / 1000;
    this.#at = Math.max(this.#at, now);
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#rate);
  }
}
