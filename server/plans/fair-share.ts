/**
 * Fair share of a saturated ingest pipeline (decision 0200). Counts the fixes each tenant has
 * waiting (admitted, not yet answered) and how fast the pipeline answers them. The pipeline is
 * saturated when more fixes wait than it answers in `targetDelayMs`; then a tenant may hold at
 * most its weighted share of that backlog, and a request that would take it further is refused
 * (the device retries after the answer's Retry-After). A tenant sending within its share keeps
 * being admitted, so its fixes wait behind at most one target delay of other tenants' work.
 *
 * Shares apply only when two or more tenants are waiting: a lone tenant is bounded by the
 * pipeline's own limit (`maxPending`), as before plans existed.
 */
export interface FairShareOptions {
  /** The backlog a saturated pipeline should hold, as time to answer it. */
  targetDelayMs?: number;
  /** The backlog below which nothing is refused, whatever the measured throughput. */
  minBacklog?: number;
}

export class FairShare {
  readonly #pending = new Map<string, number>();
  #total = 0;
  readonly #targetDelayS: number;
  readonly #minBacklog: number;
  /** Fixes answered per second, smoothed over one-second windows. */
  #throughput = 0;
  #windowStart: number | null = null;
  #windowDone = 0;
  /** Fixes answered per second per tenant, smoothed like the total. */
  readonly #rates = new Map<string, number>();
  readonly #windowDoneOf = new Map<string, number>();

  constructor(options: FairShareOptions = {}) {
    this.#targetDelayS = (options.targetDelayMs ?? 500) / 1000;
    this.#minBacklog = options.minBacklog ?? 200;
  }

  /** Fixes waiting now, all tenants. */
  get backlog(): number {
    return this.#total;
  }

  /** The backlog beyond which shares apply. */
  get budget(): number {
    return Math.max(this.#minBacklog, this.#throughput * this.#targetDelayS);
  }

  /**
   * 0 if the request (fixes per tenant) may go in; else the seconds its over-share tenant
   * should wait. Changes nothing: `add` records an admitted request.
   */
  check(request: ReadonlyMap<string, number>, weightOf: (tenantId: string) => number): number {
    let n = 0;
    for (const count of request.values()) n += count;
    const budget = this.budget;
    if (this.#total + n <= budget) return 0;
    const waiting = new Set(this.#pending.keys());
    for (const tenantId of request.keys()) waiting.add(tenantId);
    if (waiting.size < 2) return 0;
    let weights = 0;
    for (const tenantId of waiting) weights += weightOf(tenantId);
    let wait = 0;
    for (const [tenantId, count] of request) {
      const held = this.#pending.get(tenantId) ?? 0;
      // A tenant waiting for nothing always gets one request in (any size the routes accept).
      if (held === 0) continue;
      const fraction = weightOf(tenantId) / weights;
      const share = budget * fraction;
      if (held + count <= share) continue;
      // Over its share of the backlog but answered below its share of the throughput: it is
      // not the one crowding the others out (when the server falls behind its target delay,
      // every tenant's backlog grows; max-min fairness refuses only those above their rate).
      if ((this.#rates.get(tenantId) ?? 0) < this.#throughput * fraction) continue;
      // Time for its own excess to drain at its share of the throughput.
      const drainRate = Math.max(1, this.#throughput * fraction);
      wait = Math.max(wait, (held + count - share) / drainRate);
    }
    return wait === 0 ? 0 : Math.min(30, Math.max(1, Math.ceil(wait)));
  }

  add(request: ReadonlyMap<string, number>): void {
    for (const [tenantId, count] of request) {
      this.#pending.set(tenantId, (this.#pending.get(tenantId) ?? 0) + count);
      this.#total += count;
    }
  }

  /** The request's fixes were answered (stored or failed) at `now` (ms). */
  done(request: ReadonlyMap<string, number>, now: number): void {
    for (const [tenantId, count] of request) {
      const left = (this.#pending.get(tenantId) ?? 0) - count;
      if (left > 0) this.#pending.set(tenantId, left);
      else this.#pending.delete(tenantId);
      this.#total -= count;
      this.#windowDone += count;
      this.#windowDoneOf.set(tenantId, (this.#windowDoneOf.get(tenantId) ?? 0) + count);
    }
    this.#measure(now);
  }

  #measure(now: number): void {
    if (this.#windowStart === null) {
      this.#windowStart = now;
      return;
    }
    const elapsed = (now - this.#windowStart) / 1000;
    if (elapsed < 1) return;
    const smooth = (before: number, rate: number) => (before === 0 ? rate : 0.5 * before + 0.5 * rate);
    // Smoothed: one slow flush must not halve the budget.
    this.#throughput = smooth(this.#throughput, this.#windowDone / elapsed);
    for (const tenantId of new Set([...this.#rates.keys(), ...this.#windowDoneOf.keys()])) {
      const rate = smooth(this.#rates.get(tenantId) ?? 0, (this.#windowDoneOf.get(tenantId) ?? 0) / elapsed);
      // Tenants that stopped sending fade out instead of accumulating.
      if (rate < 0.01) this.#rates.delete(tenantId);
      else this.#rates.set(tenantId, rate);
    }
    this.#windowStart = now;
    this.#windowDone = 0;
    this.#windowDoneOf.clear();
  }
}
