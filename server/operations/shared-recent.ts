/**
 * A value computed at most once per `ttlMs` per key and shared by everyone who asks meanwhile
 * (one computation in flight per key). The operations overview's per-tenant rows use it: they
 * cost one aggregate over every unit, ingest counts move every 10 s anyway, and several
 * operators (or one paging and sorting) then read the same rows. Only provider routes use it.
 *
 * With `keepWarmMs`, a key read within that long is recomputed in the background as its value
 * expires, and readers keep getting the previous value (at most twice `ttlMs` old) until the new
 * one is ready: a provider watching the overview never waits for the aggregate (decision 0370).
 * Only the `keepWarmKeys` keys read last are kept warm (each costs one computation per `ttlMs`),
 * and nobody reading for `keepWarmMs` stops it: an unwatched overview costs nothing.
 */
interface Entry<V> {
  /** The last value that arrived, and when its computation started (its age). */
  settled?: { at: number; value: V };
  /** The computation under way, if any. */
  running?: Promise<V>;
  lastReadAt: number;
  /** The last reader's way to compute: a background recomputation runs as the last reader. */
  compute: () => Promise<V>;
  timer?: ReturnType<typeof setTimeout>;
}

export class SharedRecent<K, V> {
  readonly #entries = new Map<K, Entry<V>>();
  readonly #ttlMs: number;
  readonly #keepWarmMs: number;
  readonly #keepWarmKeys: number;
  readonly #now: () => number;
  #closed = false;

  constructor(options: { ttlMs: number; keepWarmMs?: number; keepWarmKeys?: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#keepWarmMs = options.keepWarmMs ?? 0;
    this.#keepWarmKeys = options.keepWarmKeys ?? 2;
    this.#now = options.now ?? Date.now;
  }

  get(key: K, compute: () => Promise<V>): Promise<V> {
    const now = this.#now();
    const entry = this.#entries.get(key) ?? { lastReadAt: now, compute };
    // Re-inserted: the map's order is the order of last reads (the newest last).
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    entry.lastReadAt = now;
    entry.compute = compute;
    const { settled } = entry;
    if (settled && now - settled.at < this.#ttlMs) return Promise.resolve(settled.value);
    if (entry.running) {
      // Kept warm: the recomputation started as the value expired; the previous value (at most
      // twice the lifetime old) answers meanwhile. Otherwise wait for the running one.
      if (settled && this.#keepWarmMs > 0 && now - settled.at < 2 * this.#ttlMs) return Promise.resolve(settled.value);
      return entry.running;
    }
    return this.#compute(key, entry);
  }

  /** Stops every background recomputation (the server is closing). */
  close(): void {
    this.#closed = true;
    for (const entry of this.#entries.values()) clearTimeout(entry.timer);
  }

  #compute(key: K, entry: Entry<V>): Promise<V> {
    const at = this.#now();
    const running = entry.compute();
    entry.running = running;
    running.then(
      (value) => {
        entry.settled = { at, value };
        entry.running = undefined;
        this.#keepWarm(key, entry);
      },
      () => {
        // A failure is not kept: the next caller computes again (and sees the error).
        entry.running = undefined;
        if (!entry.settled) this.#entries.delete(key);
      },
    );
    return running;
  }

  #keepWarm(key: K, entry: Entry<V>): void {
    clearTimeout(entry.timer);
    if (!this.#watched(key, entry)) return;
    const dueIn = Math.max(0, (entry.settled?.at ?? 0) + this.#ttlMs - this.#now());
    entry.timer = setTimeout(() => {
      // Readers keep the previous value meanwhile; a failed recomputation leaves the previous
      // value to expire, after which the next reader computes (and sees the error) itself.
      if (!entry.running && this.#watched(key, entry)) void this.#compute(key, entry).catch(() => undefined);
    }, dueIn);
    // A background recomputation never keeps the process alive.
    entry.timer.unref?.();
  }

  /** Read lately, and among the keys read last. */
  #watched(key: K, entry: Entry<V>): boolean {
    if (this.#closed || this.#keepWarmMs <= 0 || this.#now() - entry.lastReadAt >= this.#keepWarmMs) return false;
    return [...this.#entries.keys()].slice(-this.#keepWarmKeys).includes(key);
  }
}
