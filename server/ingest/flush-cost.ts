/**
 * A lane's flush duration as a fixed cost plus a cost per fix (decision 0440, after 0395's
 * finding): a flush pays round trips (BEGIN, settings, alerts, trips, COMMIT) whatever its size,
 * and on a loaded machine those dominate. Sizing a flush by the lane's *average* rate (fixes per
 * ms of whole flushes) then counts the fixed cost as per-fix work, and the cap collapses to the
 * minimum exactly when a larger flush would cost almost nothing more.
 *
 * A least-squares line through (fixes, ms) of the recent flushes, with exponential forgetting
 * (each flush weighs `decay` times the one after it). It is only refit while the recent sizes
 * vary: when every flush is full (the same size), the fixed and the per-fix part cannot be told
 * apart, so the last fit is kept — refitting on noise there would move the cap, which moves the
 * sizes, which feeds the fit (the positive feedback to avoid). Before any fit the cap is the
 * average rate's, except that a lane whose flushes are all alike (all at the cap) takes twice
 * the largest once, so that two sizes can be told apart. A negative fixed cost is read as none
 * (the average rate); a negative slope (bigger flushes were quicker: noise) changes nothing.
 */
export class FlushCost {
  readonly #decay: number;
  #w = 0;
  #x = 0;
  #y = 0;
  #xx = 0;
  #xy = 0;
  /** The largest recent flush (decays like the fit's memory). */
  #largest = 0;
  /** The last credible fit, ms. */
  #fixedMs = 0;
  #perFixMs = 0;
  #fitted = false;
  /** No fit yet and the recent sizes alike: the next full flush takes twice the largest, to tell the costs apart. */
  #probing = false;

  /** `decay`: the weight of the previous flushes against the new one (0.9: about ten flushes of memory). */
  constructor(decay = 0.9) {
    this.#decay = decay;
  }

  /** Fixed cost of a flush, ms (0 until a fit). */
  get fixedMs(): number {
    return this.#fixedMs;
  }

  /** Cost of one more fix in a flush, ms (0 until anything was measured). */
  get perFixMs(): number {
    return this.#perFixMs;
  }

  /** A flush applied `fixes` in `ms`. */
  add(fixes: number, ms: number): void {
    if (fixes <= 0 || !(ms > 0)) return;
    const d = this.#decay;
    this.#largest = Math.max(fixes, d * this.#largest);
    this.#w = d * this.#w + 1;
    this.#x = d * this.#x + fixes;
    this.#y = d * this.#y + ms;
    this.#xx = d * this.#xx + fixes * fixes;
    this.#xy = d * this.#xy + fixes * ms;
    this.#fit();
  }

  /**
   * How many fixes a flush may take so that its per-fix work is about `targetMs` on top of its
   * fixed cost; Infinity until anything was measured (a quiet lane takes everything). At most
   * twice the largest recent flush: a slope fitted on noise near zero must not open the cap at
   * once; a real one still reaches it, doubling flush by flush.
   */
  capFor(targetMs: number, minFlush: number): number {
    if (this.#perFixMs <= 0) return Infinity;
    const byCost = Math.round(targetMs / this.#perFixMs);
    const twiceLargest = 2 * Math.round(this.#largest);
    return Math.max(minFlush, this.#probing ? Math.max(byCost, twiceLargest) : Math.min(byCost, twiceLargest));
  }

  #fit(): void {
    const meanX = this.#x / this.#w;
    const meanY = this.#y / this.#w;
    const varX = this.#xx / this.#w - meanX * meanX;
    // Sizes that vary by less than a tenth of their mean cannot separate the two costs.
    const slope = varX >= (0.1 * meanX) ** 2 ? (this.#xy / this.#w - meanX * meanY) / varX : 0;
    this.#probing = false;
    if (slope > 0) {
      const fixed = meanY - slope * meanX;
      // A negative fixed cost is noise around none: every ms is per-fix work (the average rate).
      this.#fixedMs = Math.max(0, fixed);
      this.#perFixMs = fixed >= 0 ? slope : meanY / meanX;
      this.#fitted = true;
    } else if (!this.#fitted) {
      // Nothing credible yet: the average rate, and the next full flush is larger, so sizes vary.
      this.#perFixMs = meanY / meanX;
      this.#probing = true;
    }
    // Otherwise (sizes alike, or bigger flushes were quicker: noise) the last fit stands.
  }
}
