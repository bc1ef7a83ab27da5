import type { FleetDb } from '../db/fleet-db.ts';
import { loadDtcCatalog } from '../alerts/dtc-catalog.ts';
import { loadMonitoringSettings } from '../alerts/monitoring-settings.ts';
import { tenantGeofences } from '../geofences/geofence-cache.ts';
import { applyTenantBatch } from './apply-tenant-batch.ts';
import { DeviceResolver } from './device-resolver.ts';
import { HotStateCache } from './hot-state.ts';
import { ensurePartitions } from './position-writer.ts';
import type { Report, ResolvedReport } from './report.ts';
import { stageClock } from './stage-clock.ts';

export interface SubmitResult {
  stored: number;
  duplicates: number;
  /** Indexes (into the submitted list) of reports from unknown or unassigned units. */
  unknown: number[];
}

interface Waiter {
  reports: ResolvedReport[];
  resolve: (counts: { stored: number; duplicates: number }) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects reports from concurrent requests for a few milliseconds and applies them together:
 * one transaction per tenant per flush instead of one per HTTP request, which is what lets a
 * phone-per-request protocol like OsmAnd reach tens of thousands of fixes per second. A request
 * is answered only after its flush committed, so 200 still means "stored".
 */
export class IngestPipeline {
  readonly resolver: DeviceResolver;
  /** Latest device states as this process last wrote them (checked against the database on write). */
  readonly hot = new HotStateCache();
  private readonly db: FleetDb;
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;
  private readonly tenantConcurrency: number;
  private queue: Waiter[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(db: FleetDb, options: { maxDelayMs?: number; maxBatch?: number; tenantConcurrency?: number } = {}) {
    this.db = db;
    this.resolver = new DeviceResolver(db);
    this.maxDelayMs = options.maxDelayMs ?? 15;
    this.maxBatch = options.maxBatch ?? 5000;
    // Tenants of one flush are applied on this many connections at once (they share no rows).
    this.tenantConcurrency = options.tenantConcurrency ?? 3;
  }

  async submit(reports: readonly Report[]): Promise<SubmitResult> {
    const t = performance.now();
    const devices = await this.resolver.resolve(reports.map((r) => r.uniqueId));
    stageClock.add('resolve', t);
    const unknown: number[] = [];
    const resolved: ResolvedReport[] = [];
    reports.forEach((report, index) => {
      const device = devices.get(report.uniqueId);
      if (device) resolved.push({ ...report, tenantId: device.tenantId, deviceId: device.deviceId });
      else unknown.push(index);
    });
    if (resolved.length === 0) return { stored: 0, duplicates: 0, unknown };
    const counts = await new Promise<{ stored: number; duplicates: number }>((resolve, reject) => {
      this.queue.push({ reports: resolved, resolve, reject });
      this.queued += resolved.length;
      if (this.queued >= this.maxBatch) this.flushSoon(0);
      else this.flushSoon(this.maxDelayMs);
    });
    return { ...counts, unknown };
  }

  /** Waits until everything submitted so far is applied (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.timer) {
      if (this.timer) this.flushSoon(0);
      await this.flushing;
      await new Promise((r) => setImmediate(r));
    }
    await this.flushing;
  }

  private flushSoon(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      // Flushes run one after another: device states are locked per batch, and one writer
      // per process keeps batches large under load instead of many small ones competing.
      this.flushing = this.flushing.then(() => this.flush());
    }, delayMs);
  }

  private async flush(): Promise<void> {
    const waiters = this.queue;
    this.queue = [];
    this.queued = 0;
    if (waiters.length === 0) return;
    const byTenant = new Map<string, ResolvedReport[]>();
    for (const w of waiters) {
      for (const r of w.reports) {
        const list = byTenant.get(r.tenantId);
        if (list) list.push(r);
        else byTenant.set(r.tenantId, [r]);
      }
    }
    const fresh = new Set<string>();
    const failed = new Map<string, unknown>();
    try {
      await ensurePartitions(this.db, waiters.flatMap((w) => w.reports.map((r) => r.fixTime)));
      const describeDtc = await loadDtcCatalog(this.db);
      const tenants = [...byTenant];
      const worker = async () => {
        for (let next = tenants.shift(); next; next = tenants.shift()) {
          const [tenantId, reports] = next;
          try {
            const began = performance.now();
            let inBatch = 0;
            const counts = await this.db.withTenant(tenantId, async (db) => {
              const [settings, geofences] = [await loadMonitoringSettings(db, tenantId), await tenantGeofences(db, tenantId)];
              const t = performance.now();
              const result = await applyTenantBatch(db, tenantId, reports, { settings, geofences, describeDtc, groupOf: (id) => this.resolver.groupOf(id) }, this.hot);
              inBatch = performance.now() - t;
              return result;
            });
            stageClock.add('transaction', began + inBatch);
            counts.afterCommit();
            for (const key of counts.freshKeys) fresh.add(key);
          } catch (error) {
            failed.set(tenantId, error);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.tenantConcurrency, tenants.length) }, worker));
    } catch (error) {
      for (const w of waiters) w.reject(error);
      return;
    }
    // Each request is told how many of ITS fixes were new; a fix sent twice in one flush counts once.
    for (const w of waiters) {
      const error = w.reports.map((r) => failed.get(r.tenantId)).find((e) => e !== undefined);
      if (error !== undefined) {
        w.reject(error);
        continue;
      }
      let stored = 0;
      for (const r of w.reports) if (fresh.delete(`${r.deviceId}|${r.fixTime}`)) stored += 1;
      w.resolve({ stored, duplicates: w.reports.length - stored });
    }
  }
}
