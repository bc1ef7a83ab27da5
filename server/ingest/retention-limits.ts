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
  private readonly db: FleetDb;
  private readonly ttlMs: number;

  constructor(db: FleetDb, options: { ttlMs?: number } = {}) {
    this.db = db;
    this.ttlMs = options.ttlMs ?? 60_000;
  }

  /** The tenant's retention in days. */
  async days(tenantId: string, now = Date.now()): Promise<number> {
    const hit = this.cache.get(tenantId);
    if (hit && now - hit.at < this.ttlMs) return hit.days;
    const { retentionDays } = await this.db.withTenant(tenantId, (session) => loadMonitoringSettings(session, tenantId));
    this.cache.set(tenantId, { days: retentionDays, at: now });
    return retentionDays;
  }

  /** Whether a fix at `fixTime` is older than the tenant keeps positions. */
  static tooOld(fixTime: number, retentionDays: number, now: number): boolean {
    return fixTime < now - retentionDays * dayMs;
  }
}
