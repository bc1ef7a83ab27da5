import { loadMonitoringSettings } from '../alerts/monitoring-settings.ts';
import type { FleetDb } from '../db/fleet-db.ts';

const dayMs = 86_400_000;

/**
 * Each tenant's retention, for refusing fixes it would delete on arrival (issue 15 R6): the
 * retention job deletes positions older than `retentionDays`, so such a fix was answered
 * "stored" and then vanished. Read under the tenant's RLS, kept a minute (a changed retention
 * applies within that).
 */
export class RetentionLimits {
  private readonly cache = new Map<string, { days: number; at: number }>();
  /** Lookups under way: requests arriving while one runs wait for it instead of starting their own. */
  private readonly loading = new Map<string, Promise<number>>();
  private readonly db: FleetDb;
  private readonly ttlMs: number;

  constructor(db: FleetDb, options: { ttlMs?: number } = {}) {
    this.db = db;
    this.ttlMs = options.ttlMs ?? 60_000;
  }

  /** The tenant's retention in days, or undefined when it is not in memory (then ask `days`). */
  cached(tenantId: string, now = Date.now()): number | undefined {
    const hit = this.cache.get(tenantId);
    return hit && now - hit.at < this.ttlMs ? hit.days : undefined;
  }

  /** The tenant's retention in days. */
  async days(tenantId: string, now = Date.now()): Promise<number> {
    const hit = this.cached(tenantId, now);
    if (hit !== undefined) return hit;
    let loading = this.loading.get(tenantId);
    if (!loading) {
      loading = this.db
        .withTenant(tenantId, (session) => loadMonitoringSettings(session, tenantId))
        .then(({ retentionDays }) => {
          this.cache.set(tenantId, { days: retentionDays, at: now });
          return retentionDays;
        })
        .finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, loading);
    }
    return loading;
  }

  /** Whether a fix at `fixTime` is older than the tenant keeps positions. */
  static tooOld(fixTime: number, retentionDays: number, now: number): boolean {
    return fixTime < now - retentionDays * dayMs;
  }
}
