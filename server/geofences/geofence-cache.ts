import type { RuleGeofence } from '../alerts/rules.ts';
import type { DbSession } from '../db/fleet-db.ts';

const ttlMs = 5_000;
const cache = new Map<string, { at: number; fences: RuleGeofence[] }>();

/**
 * A tenant's geofences for the rules, cached for a few seconds: ingest needs them per batch,
 * edits are rare, and another instance's edit then takes effect within the TTL.
 */
export async function tenantGeofences(db: DbSession, tenantId: string, now = Date.now()): Promise<RuleGeofence[]> {
  const hit = cache.get(tenantId);
  if (hit && now - hit.at < ttlMs) return hit.fences;
  const fences = await loadGeofences(db);
  cache.set(tenantId, { at: now, fences });
  return fences;
}

/**
 * Uncached, as the session's RLS shows them. Request handlers use this: a group-scoped session
 * sees only some geofences and must not fill the tenant-wide cache ingest relies on.
 */
export async function loadGeofences(db: DbSession): Promise<RuleGeofence[]> {
  const result = await db.query<{ id: string; name: string; group_id: string | null; shape: RuleGeofence['shape']; alert_on_enter: boolean; alert_on_exit: boolean }>(
    'SELECT id, name, group_id, shape, alert_on_enter, alert_on_exit FROM geofences',
  );
  return result.rows.map((r) => ({ id: r.id, name: r.name, groupId: r.group_id, shape: r.shape, alertOnEnter: r.alert_on_enter, alertOnExit: r.alert_on_exit }));
}

/** Called after this instance edits geofences, so its own ingest sees the change at once. */
export function forgetGeofences(tenantId: string): void {
  cache.delete(tenantId);
}
