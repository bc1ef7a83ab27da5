/**
 * Tenant ids as Prometheus label values, with a hard bound on how many distinct values one
 * process emits: the first `limit` tenants seen get their own label, every later one is counted
 * under `other`, and reports that reached no tenant under `none`. A label value, once given,
 * never changes (a counter cannot move between series), so the bound is "first come", not "top
 * N"; with the default of 100 a metric labelled by tenant has at most 102 tenant series per
 * process (decision 0211). Ids, not names: names change and belong to the tenant.
 */
export class TenantLabels {
  private readonly given = new Set<string>();
  private readonly limit: number;

  constructor(limit = 100) {
    if (!Number.isInteger(limit) || limit < 0) throw new Error(`tenant label limit must be a whole number ≥ 0, got ${limit}`);
    this.limit = limit;
  }

  label(tenantId: string | null): string {
    if (tenantId === null) return 'none';
    if (this.given.has(tenantId)) return tenantId;
    if (this.given.size >= this.limit) return 'other';
    this.given.add(tenantId);
    return tenantId;
  }

  /** How many tenants have a label of their own (the bound's use, for the metrics page). */
  get size(): number {
    return this.given.size;
  }
}
