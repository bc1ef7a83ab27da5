import type { FleetDb } from '../server/db/fleet-db.ts';
import { loadDtcCatalog } from '../server/alerts/dtc-catalog.ts';
import { loadMonitoringSettings } from '../server/alerts/monitoring-settings.ts';
import { tenantGeofences } from '../server/geofences/geofence-cache.ts';
import { applyTenantBatch } from '../server/ingest/apply-tenant-batch.ts';
import type { IngestPipeline } from '../server/ingest/ingest-pipeline.ts';
import { parseTelemetryRecord } from '../server/ingest/parse-telemetry-record.ts';
import { ensurePartitions } from '../server/ingest/position-writer.ts';
import type { ResolvedReport } from '../server/ingest/report.ts';
import type { BenchRecord } from './fleet-motion.ts';
import { explainingSession, type StatementFigure } from './pg-explain.ts';

class RollBack extends Error {}

/**
 * Applies one batch exactly as the pipeline would (same hot state, same statements), with every
 * statement also EXPLAIN ANALYZEd, then rolls the whole transaction back: PostgreSQL-side cost
 * per statement with the benchmark's data, leaving the database and the hot state unchanged.
 */
export async function explainBatch(pipeline: IngestPipeline, db: FleetDb, records: readonly BenchRecord[]): Promise<StatementFigure[]> {
  const now = Date.now();
  const reports = records.flatMap((r, i) => {
    const parsed = parseTelemetryRecord(r, `records[${i}]`, now);
    return parsed.ok ? [parsed.report] : [];
  });
  const devices = await pipeline.resolver.resolve(reports.map((r) => r.uniqueId));
  const resolved: ResolvedReport[] = reports.flatMap((r) => {
    const device = devices.get(r.uniqueId);
    return device ? [{ ...r, tenantId: device.tenantId, deviceId: device.deviceId }] : [];
  });
  const tenantId = resolved[0]?.tenantId;
  if (!tenantId) throw new Error('explain: no record resolved to a device');
  await ensurePartitions(db, resolved.map((r) => r.fixTime));
  const describeDtc = await loadDtcCatalog(db);
  const figures: StatementFigure[] = [];
  try {
    await db.withTenant(tenantId, async (session) => {
      const settings = await loadMonitoringSettings(session, tenantId);
      const geofences = await tenantGeofences(session, tenantId);
      await applyTenantBatch(explainingSession(session, figures), tenantId, resolved, { settings, geofences, describeDtc, groupOf: (id) => pipeline.resolver.groupOf(id) }, pipeline.hot);
      throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  return figures;
}
