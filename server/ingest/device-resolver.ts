import type { FleetDb } from '../db/fleet-db.ts';

export interface ResolvedDevice {
  tenantId: string;
  deviceId: string;
  groupId: string | null;
}

/**
 * unique id → (tenant, device) through ingest_resolve_devices (owner function; the registry
 * decides). Cached briefly: every fix needs it, and a transfer or unassignment takes effect
 * within `ttlMs` (unknown units are re-asked sooner, so a newly registered unit works quickly).
 */
export class DeviceResolver {
  private readonly cache = new Map<string, { until: number; device: ResolvedDevice | null }>();
  private readonly groups = new Map<string, string | null>();
  private readonly db: FleetDb;
  private readonly ttlMs: number;
  private readonly unknownTtlMs: number;

  constructor(db: FleetDb, options: { ttlMs?: number; unknownTtlMs?: number } = {}) {
    this.db = db;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.unknownTtlMs = options.unknownTtlMs ?? 5_000;
  }

  async resolve(uniqueIds: Iterable<string>, now = Date.now()): Promise<Map<string, ResolvedDevice | null>> {
    const answer = new Map<string, ResolvedDevice | null>();
    const missing: string[] = [];
    for (const id of uniqueIds) {
      if (answer.has(id)) continue;
      const hit = this.cache.get(id);
      if (hit && hit.until > now) answer.set(id, hit.device);
      else {
        answer.set(id, null);
        missing.push(id);
      }
    }
    if (missing.length > 0) {
      const result = await this.db.query<{ unique_id: string; tenant_id: string; device_id: string; group_id: string | null }>(
        'SELECT unique_id, tenant_id, device_id, group_id FROM ingest_resolve_devices($1::text[])',
        [missing],
      );
      const found = new Map(result.rows.map((r) => [r.unique_id, { tenantId: r.tenant_id, deviceId: r.device_id, groupId: r.group_id }]));
      for (const id of missing) {
        const device = found.get(id) ?? null;
        if (device) this.groups.set(device.deviceId, device.groupId);
        this.cache.set(id, { until: now + (device ? this.ttlMs : this.unknownTtlMs), device });
        answer.set(id, device);
      }
    }
    return answer;
  }

  /** The group of a device seen recently (for group-scoped stream filtering and rules). */
  groupOf(deviceId: string): string | null {
    return this.groups.get(deviceId) ?? null;
  }

  forget(uniqueId: string): void {
    this.cache.delete(uniqueId);
  }
}
