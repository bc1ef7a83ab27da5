/**
 * Fair share of a saturated ingest pipeline (decisions 0200 and 0300). Counts the fixes each
 * tenant has waiting (admitted, not yet answered) and how fast the pipeline answers them. The
 * pipeline is saturated when more fixes wait than it answers in `targetDelayMs`; then each tenant
 * may hold at most its weighted share of that backlog, and a request that would take it further
 * is refused (the device retries after the answer's Retry-After). Only the tenant over its own
 * bound is refused: the others keep being admitted, and the pipeline's weighted flushes keep
 * their fixes from waiting behind its backlog.
 *
 * A lone tenant may hold up to `loneBacklog` (half the pipeline's own limit by default), so a
 * tenant arriving next always finds room below that limit instead of its 503.
 *
 * Every check is O(1) — a few Map lookups — because the routes ask before parsing each report
 * of a tenant that is being refused (the early refusal).
 */
export interface FairShareOptions {
  /** The backlog a saturated pipeline should hold, as time to answer it. */
  targetDelayMs?: number;
  /** The backlog below which nothing is refused, whatever the measured throughput. */
  minBacklog?: number;
  /** The most a tenant may hold while no other tenant waits. */
  loneBacklog?: number;
}

/** Retry-After bounds (seconds): at least one, and never so long a device gives up. */
const maxRetryAfter = 30;
/**
 * The most the measured answer floor adds to the budget (ms): past it a slow pipeline is called
 * saturated again, so a floor inflated by queueing cannot grow the backlog without bound.
 */
const maxFloorMs = 2000;

export class FairShare {
  readonly #pending = new Map<string, number>();
  #total = 0;
  /** The weight of each tenant with fixes waiting, as of its last admitted request. */
  readonly #weights = new Map<string, number>();
  #weightSum = 0;
  readonly #targetDelayS: number;
  readonly #minBacklog: number;
  readonly #loneBacklog: number;
  /** Fixes answered per second, smoothed over one-second windows. */
  #throughput = 0;
  #windowStart: number | null = null;
  #windowDone = 0;
  /** Fixes answered per second per tenant, smoothed like the total. */
  readonly #rates = new Map<string, number>();
  readonly #windowDoneOf = new Map<string, number>();
  /**
   * The pipeline's own answer time (ms): the quickest answer of each one-second window, smoothed.
   * Every admitted fix is held at least this long (its flush, and the one running before it), so
   * a pipeline answering T fixes/s holds T × floor without any queue at all (Little's law).
   */
  #floorMs = 0;
  #windowFloorMs = Infinity;

  constructor(options: FairShareOptions = {}) {
    this.#targetDelayS = (options.targetDelayMs ?? 500) / 1000;
    this.#minBacklog = options.minBacklog ?? 200;
    this.#loneBacklog = options.loneBacklog ?? 10_000;
  }

  /** Fixes waiting now, all tenants. */
  get backlog(): number {
    return this.#total;
  }

  /** Fixes waiting now for one tenant. */
  backlogOf(tenantId: string): number {
    return this.#pending.get(tenantId) ?? 0;
  }

  /**
   * The backlog beyond which shares apply: what the pipeline holds while answering at its measured
   * throughput with `targetDelayMs` of queueing on top of its own answer time. Without the answer
   * time, a pipeline whose flushes take longer than `targetDelayMs` (a loaded machine, a slow
   * database) looked saturated at any rate, refused every tenant down to `minBacklog` per answer
   * time and stayed idle (bench:fairness, decision 0395).
   */
  get budget(): number {
    return Math.max(this.#minBacklog, this.#throughput * (this.#targetDelayS + Math.min(maxFloorMs, this.#floorMs) / 1000));
  }

  /** The measured answer floor (ms; 0 until measured). */
  get floorMs(): number {
    return this.#floorMs;
  }

  /**
   * 0 if the request (fixes per tenant) may go in; else the seconds its over-share tenant
   * should wait. Changes nothing: `add` records an admitted request.
   */
  check(request: ReadonlyMap<string, number>, weightOf: (tenantId: string) => number): number {
    let n = 0;
    let newWeights = 0;
    let waiting = this.#pending.size;
    for (const [tenantId, count] of request) {
      n += count;
      if (this.#pending.has(tenantId)) continue;
      newWeights += weightOf(tenantId);
      waiting += 1;
    }
    let wait = 0;
    for (const [tenantId, count] of request) wait = Math.max(wait, this.#wait(tenantId, count, n, newWeights, waiting));
    return wait;
  }

  /** `check` for `n` fixes of one tenant. */
  waitOf(tenantId: string, n: number): number {
    return this.#wait(tenantId, n, n, 0, this.#pending.size);
  }

  /**
   * The tenant's wait if it adds `count` fixes within a request of `n` (all tenants), after
   * which `waiting` tenants wait, `newWeights` of them not waiting yet.
   */
  #wait(tenantId: string, count: number, n: number, newWeights: number, waiting: number): number {
    const held = this.#pending.get(tenantId) ?? 0;
    // A tenant waiting for nothing always gets one request in (any size the routes accept).
    if (held === 0) return 0;
    const drain = (excess: number, rate: number) => Math.min(maxRetryAfter, Math.max(1, Math.ceil(excess / Math.max(1, rate))));
    if (waiting < 2) return held + count <= this.#loneBacklog ? 0 : drain(held + count - this.#loneBacklog, this.#throughput);
    const budget = this.budget;
    if (this.#total + n <= budget) return 0;
    const fraction = (this.#weights.get(tenantId) ?? 0) / (this.#weightSum + newWeights || 1);
    const share = budget * fraction;
    if (held + count <= share) return 0;
    // Over its share of the backlog but answered below its share of the throughput: it is not
    // the one crowding the others out (when the server falls behind its target delay, every
    // tenant's backlog grows; max-min fairness refuses only those above their rate).
    if ((this.#rates.get(tenantId) ?? 0) < this.#throughput * fraction) return 0;
    // Time for its own excess to drain at its share of the throughput.
    return drain(held + count - share, this.#throughput * fraction);
  }

  add(request: ReadonlyMap<string, number>, weightOf: (tenantId: string) => number): void {
    for (const [tenantId, count] of request) {
      this.#pending.set(tenantId, (this.#pending.get(tenantId) ?? 0) + count);
      this.#total += count;
      // The current plan: a changed weight applies from the tenant's next admitted request.
      const weight = Math.max(0, weightOf(tenantId));
      this.#weightSum += weight - (this.#weights.get(tenantId) ?? 0);
      this.#weights.set(tenantId, weight);
    }
  }

  /** The request's fixes were answered (stored or failed) at `now` (ms), `answeredInMs` after they were admitted. */
  done(request: ReadonlyMap<string, number>, now: number, answeredInMs?: number): void {
    if (answeredInMs !== undefined) this.#windowFloorMs = Math.min(this.#windowFloorMs, answeredInMs);
    for (const [tenantId, count] of request) {
      const left = (this.#pending.get(tenantId) ?? 0) - count;
      if (left > 0) this.#pending.set(tenantId, left);
      else {
        this.#pending.delete(tenantId);
        this.#weightSum -= this.#weights.get(tenantId) ?? 0;
        this.#weights.delete(tenantId);
      }
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
    if (this.#windowFloorMs !== Infinity) this.#floorMs = smooth(this.#floorMs, this.#windowFloorMs);
    this.#windowFloorMs = Infinity;
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
