import type { FleetDb } from '../db/fleet-db.ts';
import { loadDtcCatalog } from '../alerts/dtc-catalog.ts';
import { loadMonitoringSettings } from '../alerts/monitoring-settings.ts';
import type { DriverTagMemo } from '../drivers/driver-tags.ts';
import type { DeliverySink } from '../notifications/alert-deliveries.ts';
import { tenantGeofences } from '../geofences/geofence-cache.ts';
import type { StreamEvent } from '../stream/tenant-feed.ts';
import { applyTenantBatch, type BatchCounts } from './apply-tenant-batch.ts';
import type { HotStateCache } from './hot-state.ts';
import type { IngestCounts } from './ingest-counts.ts';
import type { Waiter } from './ingest-lane.ts';
import type { IngestMetrics } from './ingest-metrics.ts';
import { ensurePartitions, positionKey, PositionsNotNewError } from './position-writer.ts';
import type { ResolvedReport } from './report.ts';

/** What a flush needs from the pipeline that runs it. */
export interface FlushContext {
  db: FleetDb;
  hot: HotStateCache;
  driverTags: DriverTagMemo;
  groupOf: (deviceId: string) => string | null;
  metrics: IngestMetrics;
  counts: IngestCounts;
  publish: (tenantId: string, events: readonly StreamEvent[]) => void;
  /** Where new alerts' deliveries go once committed (decision 0490); without it they are written due. */
  deliveries?: DeliverySink;
  /** Tenants of one flush applied on this many connections at once (they share no rows). */
  tenantConcurrency: number;
}

/** One flush's work: the parts taken from a lane, and devices whose state is due (per tenant). */
export interface FlushWork {
  waiters: readonly Waiter[];
  /** Devices to write per tenant without new fixes: checkpoints due, recovery. */
  due: ReadonlyMap<string, readonly string[]>;
  /** Of those, the ones whose device-list columns and open trip are written as they stand too. */
  quiet: ReadonlySet<string>;
}

/**
 * Applies one flush: one transaction per tenant, tenants side by side. Each tenant's parts are
 * answered as soon as ITS transaction committed (a 2xx still means "stored"), so a tenant with a
 * small batch is not kept waiting for a neighbour's large one in the same flush (decision 0300).
 * Never throws: a failure rejects the parts it concerns (their devices retry).
 */
export async function applyFlush(ctx: FlushContext, work: FlushWork): Promise<void> {
  const byTenant = new Map<string, { reports: ResolvedReport[]; waiters: Waiter[] }>([...work.due.keys()].map((id) => [id, { reports: [], waiters: [] }]));
  for (const w of work.waiters) {
    let entry = byTenant.get(w.tenantId);
    if (!entry) {
      entry = { reports: [], waiters: [] };
      byTenant.set(w.tenantId, entry);
    }
    for (const r of w.reports) entry.reports.push(r);
    entry.waiters.push(w);
  }
  const flushStart = ctx.metrics.mark();
  let describeDtc: (code: string) => string | null;
  try {
    await ensurePartitions(ctx.db, work.waiters.flatMap((w) => w.reports.map((r) => r.fixTime)));
    describeDtc = await loadDtcCatalog(ctx.db);
  } catch (error) {
    for (const w of work.waiters) w.reject(error);
    return;
  }
  const tenants = [...byTenant];
  const worker = async () => {
    for (let next = tenants.shift(); next; next = tenants.shift()) {
      const [tenantId, { reports, waiters }] = next;
      try {
        const began = ctx.metrics.mark();
        let inBatch = 0;
        const apply = (mayBeStored: boolean) => ctx.db.withTenant(tenantId, async (db) => {
          const [settings, geofences] = [await loadMonitoringSettings(db, tenantId), await tenantGeofences(db, tenantId)];
          const t = ctx.metrics.mark();
          const tenantCtx = { settings, geofences, describeDtc, groupOf: ctx.groupOf, driverTags: ctx.driverTags, deliveries: ctx.deliveries };
          const result = await applyTenantBatch(db, tenantId, reports, tenantCtx, ctx.hot, work.due.get(tenantId), ctx.metrics, work.quiet, mayBeStored);
          inBatch = ctx.metrics.mark() - t;
          return result;
        });
        // A batch taken as all new that met a stored fix (decision 0410): nothing of it was
        // committed; once more with the insert that sorts out duplicates and conflicts.
        const counts = await apply(false).catch((error: unknown) => {
          if (error instanceof PositionsNotNewError) return apply(true);
          throw error;
        });
        ctx.metrics.stage('transaction', began + inBatch);
        counts.afterCommit();
        ctx.publish(tenantId, counts.events);
        // Committed: stored and duplicate counts per tenant (one call each per batch).
        ctx.counts.count(tenantId, 'stored', counts.stored);
        ctx.counts.count(tenantId, 'duplicates', counts.duplicates);
        answer(waiters, counts);
        if (ctx.metrics.partCommitted) {
          const committed = ctx.metrics.mark();
          for (const w of waiters) ctx.metrics.partCommitted(tenantId, w.reports.length, flushStart - (w.enqueuedAt ?? flushStart), committed - flushStart, w.reports[0]?.fixTime ?? Date.now());
        }
      } catch (error) {
        for (const w of waiters) w.reject(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.tenantConcurrency, tenants.length) }, worker));
}

/** Tells each part how many of ITS fixes were new; a fix sent twice in one flush counts once. */
function answer(waiters: readonly Waiter[], counts: BatchCounts): void {
  const { freshKeys } = counts;
  const conflicts = new Map(counts.conflictKeys);
  for (const w of waiters) {
    // null: every fix of the tenant's batch was stored for the first time (no keys kept).
    if (freshKeys === null) {
      w.resolve({ stored: w.reports.length, duplicates: 0, conflicts: 0 });
      continue;
    }
    let stored = 0;
    let kept = 0;
    for (const r of w.reports) {
      const key = positionKey(r.deviceId, r.fixTime);
      if (freshKeys.delete(key)) stored += 1;
      else if ((conflicts.get(key) ?? 0) > 0) {
        conflicts.set(key, (conflicts.get(key) ?? 0) - 1);
        kept += 1;
      }
    }
    w.resolve({ stored, duplicates: w.reports.length - stored - kept, conflicts: kept });
  }
}
