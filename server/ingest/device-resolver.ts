import type { FleetDb } from '../db/fleet-db.ts';
import type { DeviceAuthMode } from './device-keys.ts';

export interface ResolvedDevice {
  tenantId: string;
  deviceId: string;
  groupId: string | null;
  /** SHA-256 of the unit's reporting secret (the registry's), for the key check. */
  secretHash: Uint8Array;
  /** The tenant's device authentication mode. */
  deviceAuth: DeviceAuthMode;
}

/**
 * unique id → (tenant, device, key hash, tenant policy) through ingest_resolve_units (owner
 * function; the registry decides). Cached: every fix needs it. A registry change (assign,
 * transfer, unassign, key rotation) or a tenant policy change is announced on NOTIFY and
 * forgets the entries at once on every instance (`forget`, `forgetTenant`); the TTL only
 * bounds how long a missed notification could matter. Unknown units are re-asked sooner, so
 * a newly registered unit works quickly.
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
      const hit = this.cache.get(cacheKey(id));
      if (hit && hit.until > now) answer.set(id, hit.device);
      else {
        answer.set(id, null);
        missing.push(id);
      }
    }
    if (missing.length > 0) {
      const result = await this.db.query<{ unique_id: string; tenant_id: string; device_id: string; group_id: string | null; secret_hash: Buffer; device_auth: DeviceAuthMode }>(
        'SELECT unique_id, tenant_id, device_id, group_id, secret_hash, device_auth FROM ingest_resolve_units($1::text[])',
        [missing],
      );
      const found = new Map(
        result.rows.map((r) => [r.unique_id, { tenantId: r.tenant_id, deviceId: r.device_id, groupId: r.group_id, secretHash: r.secret_hash, deviceAuth: r.device_auth }]),
      );
      for (const id of missing) {
        const device = found.get(id) ?? null;
        if (device) this.groups.set(device.deviceId, device.groupId);
        this.cache.set(cacheKey(id), { until: now + (device ? this.ttlMs : this.unknownTtlMs), device });
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
    this.cache.delete(cacheKey(uniqueId));
  }

  /** Forgets every unit of a tenant (its device authentication mode changed, or it was suspended). */
  forgetTenant(tenantId: string): void {
    for (const [id, entry] of this.cache) if (entry.device?.tenantId === tenantId) this.cache.delete(id);
  }
}

/** The registry matches unit ids case-insensitively, so the cache must too: a unit reporting
 * "abc1" must be forgotten when the registry announces "ABC1". */
function cacheKey(uniqueId: string): string {
  return uniqueId.toLowerCase();
}
