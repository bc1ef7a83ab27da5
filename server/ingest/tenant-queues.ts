/** Anything queued for a flush: one tenant's part of one request. */
export interface TenantPart {
  readonly tenantId: string;
  readonly reports: readonly unknown[];
}

interface TenantQueue<T> {
  items: T[];
  /** Index of the first item not yet taken (no `shift` per item on a long queue). */
  head: number;
  /** Fixes not yet taken. */
  queued: number;
  /** Fixes this tenant may still take before its next turn (deficit round robin). */
  deficit: number;
}

/** The lightest weight counts as at least this fraction of the heaviest (bounds the rounds of a take). */
const minWeightRatio = 1 / 1000;

/**
 * One lane's waiting requests, a FIFO per tenant, and the weighted take that builds each flush
 * (decision 0300). When more waits than a flush should hold, `take` serves the tenants in turn by
 * deficit round robin: each round a tenant earns a quantum in proportion to its weight and takes
 * whole parts from the head of its queue while they fit in what it earned. A tenant with a long
 * backlog thus gets its weighted share of each flush, and another tenant's fixes go into the next
 * flush instead of waiting behind that backlog. Order within a tenant (so within a device) is kept.
 *
 * Pure and synchronous: the pipeline calls it with the flush's cap and the tenants' weights.
 */
export class TenantQueues<T extends TenantPart> {
  /** Insertion order is the turn order: a tenant served in a round moves to the end. */
  readonly #tenants = new Map<string, TenantQueue<T>>();
  #queued = 0;

  /** Fixes waiting, all tenants. */
  get queued(): number {
    return this.#queued;
  }

  /** Fixes waiting for one tenant. */
  queuedOf(tenantId: string): number {
    return this.#tenants.get(tenantId)?.queued ?? 0;
  }

  push(part: T): void {
    let queue = this.#tenants.get(part.tenantId);
    if (!queue) {
      queue = { items: [], head: 0, queued: 0, deficit: 0 };
      this.#tenants.set(part.tenantId, queue);
    }
    queue.items.push(part);
    queue.queued += part.reports.length;
    this.#queued += part.reports.length;
  }

  /**
   * Takes parts for one flush: everything when it holds no more than `cap` fixes (nobody is then
   * kept waiting), else about `cap` fixes shared by weight. A part is never split, so a flush may
   * pass `cap` by its last part, and a part larger than a tenant's quantum is taken once the
   * tenant has earned it over a few rounds.
   */
  take(cap: number, weightOf: (tenantId: string) => number): T[] {
    const taken: T[] = [];
    if (this.#queued <= cap) {
      for (const queue of this.#tenants.values()) for (let i = queue.head; i < queue.items.length; i += 1) taken.push(queue.items[i] as T);
      this.#tenants.clear();
      this.#queued = 0;
      return taken;
    }
    const weights = new Map<string, number>();
    let heaviest = 0;
    for (const tenantId of this.#tenants.keys()) {
      const weight = Math.max(0, weightOf(tenantId));
      weights.set(tenantId, weight);
      heaviest = Math.max(heaviest, weight);
    }
    // Per round the heaviest tenant earns an equal split of the cap; the others their fraction of it.
    const quantum = Math.max(1, cap / this.#tenants.size);
    let fixes = 0;
    while (fixes < cap && this.#tenants.size > 0) {
      for (const [tenantId, queue] of [...this.#tenants]) {
        if (fixes >= cap) break;
        const ratio = heaviest > 0 ? Math.max(minWeightRatio, (weights.get(tenantId) ?? 0) / heaviest) : 1;
        queue.deficit += quantum * ratio;
        for (let part = queue.items[queue.head]; part && part.reports.length <= queue.deficit && fixes < cap; part = queue.items[queue.head]) {
          taken.push(part);
          queue.head += 1;
          queue.deficit -= part.reports.length;
          queue.queued -= part.reports.length;
          this.#queued -= part.reports.length;
          fixes += part.reports.length;
        }
        this.#tenants.delete(tenantId);
        // An emptied queue leaves the rotation and keeps no credit (it did not wait for it).
        if (queue.head < queue.items.length) {
          if (queue.head > 64 && queue.head * 2 > queue.items.length) {
            queue.items = queue.items.slice(queue.head);
            queue.head = 0;
          }
          this.#tenants.set(tenantId, queue);
        }
      }
    }
    return taken;
  }
}
