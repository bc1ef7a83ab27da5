/**
 * A value computed at most once per `ttlMs` per key and shared by everyone who asks meanwhile
 * (one computation in flight per key). The operations overview's per-tenant rows use it: they
 * cost one aggregate over every unit, ingest counts move every 10 s anyway, and several
 * operators (or one paging and sorting) then read the same rows. Only provider routes use it.
 */
export class SharedRecent<K, V> {
  readonly #entries = new Map<K, { at: number; value: Promise<V> }>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { ttlMs: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  get(key: K, compute: () => Promise<V>): Promise<V> {
    const now = this.#now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.at < this.#ttlMs) return hit.value;
    const value = compute();
    this.#entries.set(key, { at: now, value });
    // A failure is not kept: the next caller computes again.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }
}
