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
  /** False while the account is suspended or pending deletion: its units are refused, with that reason. */
  tenantActive: boolean;
}

/**
 * unique id → (tenant, device, key hash, tenant policy) through ingest_resolve_units (owner
 * function; the registry decides). Cached: every fix needs it. A registry change (assign,
 * transfer, unassign, key rotation) or a tenant policy change is announced on NOTIFY and
 * forgets the entries at once on every instance (`forget`, `forgetTenant`); the TTL only
 * bounds how long a missed notification could matter. Unknown units are re-asked sooner, so
 * a newly registered unit works quickly.
 *
 * A known unit is looked up again *ahead* of its expiry (decision 0485): a report in the last
 * quarter of its entry's life is answered from the cache and starts the lookup in the background.
 * Before, a unit reporting steadily paid a lookup every 30 s or so — one report in thirty at
 * 1 Hz — waiting for a pool connection behind the flushes' transactions: on a busy server that
 * wait was the quiet tenant's p99 (bench:fairness).
 */
export class DeviceResolver {
  private readonly cache = new Map<string, { until: number; refreshAt: number; device: ResolvedDevice | null }>();
  private readonly groups = new Map<string, string | null>();
  /** Lookups under way, by cache key (see lookUp). */
  private readonly lookups = new Map<string, Promise<ResolvedDevice | null>>();
  /** Bumped by every forget: a lookup that ran across one does not fill the cache. */
  private generation = 0;
  /** Ids waiting for the next batched lookup. */
  private readonly queued = new Map<string, { uniqueId: string; resolve: (device: ResolvedDevice | null) => void; reject: (error: unknown) => void }>();
  private readonly db: FleetDb;
  private readonly ttlMs: number;
  private readonly unknownTtlMs: number;
  private readonly jitter: number;

  /** `jitter`: each entry lives its TTL ± this fraction (0.25), so units first seen together expire apart. */
  constructor(db: FleetDb, options: { ttlMs?: number; unknownTtlMs?: number; jitter?: number } = {}) {
    this.db = db;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.unknownTtlMs = options.unknownTtlMs ?? 5_000;
    this.jitter = options.jitter ?? 0.25;
  }

  async resolve(uniqueIds: Iterable<string>, now = Date.now()): Promise<Map<string, ResolvedDevice | null>> {
    const answer = new Map<string, ResolvedDevice | null>();
    const waiting: Promise<void>[] = [];
    for (const id of uniqueIds) {
      if (answer.has(id)) continue;
      const hit = this.cache.get(cacheKey(id));
      if (hit && hit.until > now) {
        answer.set(id, hit.device);
        // Refreshed ahead: the report does not wait; the lookup joins the next batch.
        if (hit.device && hit.refreshAt <= now && !this.lookups.has(cacheKey(id))) this.lookUp(id).catch(() => undefined);
        continue;
      }
      answer.set(id, null);
      waiting.push(this.lookUp(id).then((device) => void answer.set(id, device)));
    }
    if (waiting.length > 0) await Promise.all(waiting);
    return answer;
  }

  /**
   * One unit through the database, coalesced: every id missed during one I/O phase goes in one
   * query, and an id already being looked up waits for that lookup. With one fix per request
   * (phones), expiring entries would otherwise cost a query per request (decision 0190).
   */
  private lookUp(uniqueId: string): Promise<ResolvedDevice | null> {
    const key = cacheKey(uniqueId);
    const running = this.lookups.get(key);
    if (running) return running;
    const lookup = new Promise<ResolvedDevice | null>((resolve, reject) => {
      this.queued.set(key, { uniqueId, resolve, reject });
      if (this.queued.size === 1) setImmediate(() => void this.lookUpQueued());
    });
    this.lookups.set(key, lookup);
    return lookup;
  }

  private async lookUpQueued(): Promise<void> {
    const queued = [...this.queued.values()];
    this.queued.clear();
    const generation = this.generation;
    try {
      const result = await this.db.query<{ unique_id: string; tenant_id: string; device_id: string; group_id: string | null; secret_hash: Buffer; device_auth: DeviceAuthMode; tenant_status: string }>(
        'SELECT unique_id, tenant_id, device_id, group_id, secret_hash, device_auth, tenant_status FROM ingest_resolve_units($1::text[])',
        [queued.map((q) => q.uniqueId)],
      );
      const found = new Map(
        result.rows.map((r) => [cacheKey(r.unique_id), { tenantId: r.tenant_id, deviceId: r.device_id, groupId: r.group_id, secretHash: r.secret_hash, deviceAuth: r.device_auth, tenantActive: r.tenant_status === 'active' }]),
      );
      const now = Date.now();
      for (const q of queued) {
        const key = cacheKey(q.uniqueId);
        const device = found.get(key) ?? null;
        if (device) this.groups.set(device.deviceId, device.groupId);
        // ±25 %: units first seen together (a restart, a fleet switched on) expire apart.
        const ttl = (device ? this.ttlMs : this.unknownTtlMs) * (1 - this.jitter + Math.random() * 2 * this.jitter);
        // A registry change announced while the query ran may not be in its answer: not cached.
        if (generation === this.generation) this.cache.set(key, { until: now + ttl, refreshAt: now + 0.75 * ttl, device });
        this.lookups.delete(key);
        q.resolve(device);
      }
    } catch (error) {
      for (const q of queued) {
        this.lookups.delete(cacheKey(q.uniqueId));
        q.reject(error);
      }
    }
  }

  /** A unit's cached resolution, if it has one that has not expired (no lookup: the early refusal). */
  cached(uniqueId: string, now = Date.now()): ResolvedDevice | null {
    const hit = this.cache.get(cacheKey(uniqueId));
    return hit && hit.until > now ? hit.device : null;
  }

  /** The group of a device seen recently (for group-scoped stream filtering and rules). */
  groupOf(deviceId: string): string | null {
    return this.groups.get(deviceId) ?? null;
  }

  forget(uniqueId: string): void {
    this.generation += 1;
    this.cache.delete(cacheKey(uniqueId));
  }

  /** Forgets every unit of a tenant (its device authentication mode changed, or it was suspended). */
  forgetTenant(tenantId: string): void {
    this.generation += 1;
    for (const [id, entry] of this.cache) if (entry.device?.tenantId === tenantId) this.cache.delete(id);
  }
}

/** The registry matches unit ids case-insensitively, so the cache must too: a unit reporting
 * "abc1" must be forgotten when the registry announces "ABC1". */
function cacheKey(uniqueId: string): string {
  return uniqueId.toLowerCase();
}
