import type { FleetDb } from '../db/fleet-db.ts';
import { loadDtcCatalog } from '../alerts/dtc-catalog.ts';
import { loadMonitoringSettings } from '../alerts/monitoring-settings.ts';
import { tenantGeofences } from '../geofences/geofence-cache.ts';
import { applyTenantBatch } from './apply-tenant-batch.ts';
import { admitted, checkDeviceKey, type KeyCheck } from './device-keys.ts';
import { DeviceResolver } from './device-resolver.ts';
import { RetentionLimits } from './retention-limits.ts';
import { DriverTagMemo } from '../drivers/driver-tags.ts';
import { HotStateCache } from './hot-state.ts';
import { ensurePartitions, positionKey } from './position-writer.ts';
import type { Report, ResolvedReport } from './report.ts';
import { noIngestMetrics, type IngestMetrics } from './ingest-metrics.ts';
import { noIngestCounts, type IngestCounts } from './ingest-counts.ts';
import { admitAll, IngestOverloadedError, IngestRefusedError, type IngestAdmission, type IngestOptions, type SubmitResult } from './ingest-pipeline-types.ts';

interface Counts {
  stored: number;
  duplicates: number;
  conflicts: number;
}

interface Waiter {
  reports: ResolvedReport[];
  resolve: (counts: Counts) => void;
  reject: (error: unknown) => void;
}

interface Lane {
  queue: Waiter[];
  queued: number;
  /** A gathering delay in progress (only with `maxDelayMs` > 0). */
  timer: NodeJS.Timeout | null;
  /** A flush is chained behind `flushing` and has not taken the queue yet. */
  chained: boolean;
  flushing: Promise<void>;
}

/**
 * Applies reports from concurrent requests together: one transaction per tenant per flush
 * instead of one per HTTP request, which is what lets a phone-per-request protocol like OsmAnd
 * reach tens of thousands of fixes per second. A request is answered only after its flush
 * committed, so 200 still means "stored".
 *
 * Group commit (decision 0190): a lane that is idle flushes at once (after the current I/O
 * phase, so requests parsed together go together); while a lane's flush runs, arrivals queue
 * and the next flush takes them all the moment it ends. Batches grow with the load by
 * themselves, and a phone on a quiet server waits for its own commit, not for a timer.
 */
export class IngestPipeline {
  readonly resolver: DeviceResolver;
  private readonly retention: RetentionLimits;
  /** Latest device states as this process last wrote them (checked against the database on write). */
  readonly hot = new HotStateCache();
  /** Driver tags this process last applied per device (a changed tag assigns its driver). */
  readonly driverTags = new DriverTagMemo();
  private readonly db: FleetDb;
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;
  private readonly tenantConcurrency: number;
  /** Devices are spread over lanes by id; each lane's flushes run one after another. */
  private readonly lanes: Lane[];
  /** Fixes accepted and not yet answered (queued or in a running flush). */
  private pending = 0;
  private readonly maxPending: number;
  /** A judged state is written to device_state at most this long after it went unwritten. */
  private readonly checkpointMs: number;
  private readonly quietMs: number;
  private readonly checkpointTimer: NodeJS.Timeout;
  /** Stage timings (the ingest routes report parsing here too); records nothing by default. */
  readonly metrics: IngestMetrics;
  /** Per-tenant counts for the provider's operations overview (the routes count refusals too). */
  readonly counts: IngestCounts;
  private readonly admission: IngestAdmission;
  private readonly publish: NonNullable<IngestOptions['publish']>;

  constructor(
    db: FleetDb,
    options: IngestOptions = {},
  ) {
    this.db = db;
    this.metrics = options.metrics ?? noIngestMetrics;
    this.counts = options.counts ?? noIngestCounts;
    this.admission = options.admission ?? admitAll;
    this.publish = options.publish ?? (() => {});
    this.resolver = new DeviceResolver(db);
    this.retention = new RetentionLimits(db);
    // 0: group commit (above). A positive delay gathers for that long first (tests, comparisons).
    this.maxDelayMs = options.maxDelayMs ?? 0;
    this.maxBatch = options.maxBatch ?? 5000;
    // Tenants of one flush are applied on this many connections at once (they share no rows).
    this.tenantConcurrency = options.tenantConcurrency ?? 3;
    // A few seconds of backlog at the measured throughput; a request larger than this is still
    // taken when nothing else waits, so any batch the routes accept can eventually be stored.
    this.maxPending = options.maxPending ?? 20_000;
    // Two lanes: while one lane's transaction waits for PostgreSQL, the other's batch is being
    // judged in Node (with one lane, one tenant's ingest alternated between the two and left
    // both under-used: the server was 60 % idle). A device always maps to the same lane, so its
    // fixes stay in order and lanes never touch the same device rows.
    this.lanes = Array.from({ length: Math.max(1, options.lanes ?? 2) }, () => ({ queue: [], queued: 0, timer: null, chained: false, flushing: Promise.resolve() }));
    // Write-behind (decision 0020 round 3): a fix that leads to nothing but a new position
    // leaves the device's state unwritten (in memory, `dirty`); device_state then lags by at most
    // this much (the offline timeout is ≥ 60 s). Quiet devices are written by this timer.
    this.checkpointMs = options.checkpointMs ?? 5000;
    // The device list's columns and an open trip's row are rewritten at most every 30 s while
    // fixes flow; once a device has been quiet this long — and twice its own reporting gap, at
    // most 30 s (hot-state.ts) — they are written too, so they show its last fix soon after its
    // last report (R3/R4, decisions 0112 and 0285).
    this.quietMs = this.checkpointMs / 2;
    this.checkpointTimer = setInterval(() => this.checkpointDue(), Math.max(100, Math.min(1000, this.checkpointMs / 4))).unref();
  }

  /** Stops the checkpoint timer (after drain, at shutdown). */
  close(): void {
    clearInterval(this.checkpointTimer);
  }

  private checkpointDue(): void {
    const due = new Set<Lane>();
    const now = Date.now();
    for (const { deviceId } of this.hot.due(now - this.checkpointMs, now - this.quietMs, now)) due.add(this.laneOf(deviceId));
    for (const lane of due) this.flushSoon(lane, 0);
  }

  /** Fixes accepted and not yet answered. */
  get backlog(): number {
    return this.pending;
  }

  /** `keys[i]` is the key report i came with (null: none); see device-keys.ts. */
  async submit(reports: readonly Report[], keys: readonly (string | null)[] = []): Promise<SubmitResult> {
    // Shed load before any work (resolving devices costs a query).
    if (this.pending > 0 && this.pending + reports.length > this.maxPending) throw new IngestOverloadedError(this.pending, this.maxPending);
    // Reserved at once: requests arriving while this one resolves its devices must see it.
    this.pending += reports.length;
    try {
      return await this.apply(reports, keys);
    } finally {
      this.pending -= reports.length;
    }
  }

  private async apply(reports: readonly Report[], keys: readonly (string | null)[]): Promise<SubmitResult> {
    const t = this.metrics.mark();
    const devices = await this.resolver.resolve(reports.map((r) => r.uniqueId));
    this.metrics.stage('resolve', t);
    const unknown: number[] = [];
    const suspended: number[] = [];
    const keyless: SubmitResult['keyless'] = [];
    const tooOld: SubmitResult['tooOld'] = [];
    const resolved: ResolvedReport[] = [];
    const now = Date.now();
    const retentionOf = new Map<string, number>();
    for (const device of devices.values()) {
      if (!device || retentionOf.has(device.tenantId)) continue;
      retentionOf.set(device.tenantId, this.retention.cached(device.tenantId, now) ?? (await this.retention.days(device.tenantId, now)));
    }
    // A batch repeats one unit's key on every record: hash each (unit, key) pair once.
    const checks = new Map<string, KeyCheck>();
    reports.forEach((report, index) => {
      const device = devices.get(report.uniqueId);
      if (!device) {
        unknown.push(index);
        this.counts.count(null, 'unknown', 1);
        return;
      }
      const key = keys[index] ?? null;
      const memo = `${device.deviceId}\u0000${key ?? ''}`;
      let check = checks.get(memo);
      if (check === undefined) {
        check = device.deviceAuth === 'off' ? 'ok' : checkDeviceKey(device.secretHash, key);
        checks.set(memo, check);
      }
      if (!admitted(device.deviceAuth, check)) {
        unknown.push(index);
        this.counts.count(device.tenantId, 'key', 1);
        return;
      }
      if (!device.tenantActive) {
        suspended.push(index);
        return;
      }
      if (check !== 'ok') keyless.push({ index, uniqueId: report.uniqueId, check });
      const retentionDays = retentionOf.get(device.tenantId) ?? Infinity;
      if (RetentionLimits.tooOld(report.fixTime, retentionDays, now)) {
        tooOld.push({ index, retentionDays });
        this.counts.count(device.tenantId, 'retention', 1);
      }
      else resolved.push({ ...report, tenantId: device.tenantId, deviceId: device.deviceId });
    });
    const tenants = [...retentionOf.keys()];
    if (resolved.length === 0) return { stored: 0, duplicates: 0, conflicts: 0, unknown, suspended, keyless, tooOld, tenants };
    // Per-tenant admission (plan rate, fair share): the whole request or nothing, before it is
    // queued, so a refused fix was never acknowledged and the device's retry loses nothing.
    const perTenant = new Map<string, number>();
    for (const r of resolved) perTenant.set(r.tenantId, (perTenant.get(r.tenantId) ?? 0) + 1);
    const refusal = this.admission.admit(perTenant, Date.now());
    if (refusal) {
      this.counts.count(refusal.tenantId, 'rate', perTenant.get(refusal.tenantId) ?? 0);
      throw new IngestRefusedError(refusal);
    }
    try {
      return { ...(await this.enqueue(resolved)), unknown, suspended, keyless, tooOld, tenants };
    } finally {
      this.admission.done(perTenant, Date.now());
    }
  }

  /** Queues resolved reports on their lanes and waits until every part is committed. */
  private async enqueue(resolved: readonly ResolvedReport[]): Promise<Counts> {
    const parts = new Map<Lane, ResolvedReport[]>();
    for (const r of resolved) {
      const lane = this.laneOf(r.deviceId);
      const list = parts.get(lane);
      if (list) list.push(r);
      else parts.set(lane, [r]);
    }
    const results = await Promise.allSettled([...parts].map(([lane, part]) => new Promise<Counts>((resolve, reject) => {
      lane.queue.push({ reports: part, resolve, reject });
      lane.queued += part.length;
      if (lane.queued >= this.maxBatch) this.flushSoon(lane, 0);
      else this.flushSoon(lane, this.maxDelayMs);
    })));
    // All lanes are awaited before answering: a failed part makes the request fail (the device
    // retries it all; the parts that were stored count as duplicates then, so nothing doubles).
    const counts: Counts = { stored: 0, duplicates: 0, conflicts: 0 };
    for (const result of results) {
      if (result.status === 'rejected') throw result.reason;
      counts.stored += result.value.stored;
      counts.duplicates += result.value.duplicates;
      counts.conflicts += result.value.conflicts;
    }
    return counts;
  }

  /**
   * Waits until everything submitted so far is applied and every judged state is written to
   * device_state (tests, shutdown).
   */
  async drain(): Promise<void> {
    for (const lane of this.lanes) {
      while (lane.queue.length > 0 || lane.timer || lane.chained) {
        if (lane.timer) this.flushSoon(lane, 0);
        await lane.flushing;
        await new Promise((r) => setImmediate(r));
      }
      lane.flushing = lane.flushing.then(() => this.flush(lane, true));
      await lane.flushing;
    }
  }

  private laneOf(deviceId: string): Lane {
    // Ids are random UUIDs: their last hex digit spreads devices evenly.
    return this.lanes[Number.parseInt(deviceId.slice(-1), 16) % this.lanes.length] as Lane;
  }

  private flushSoon(lane: Lane, delayMs: number): void {
    if (delayMs > 0) {
      lane.timer ??= setTimeout(() => {
        lane.timer = null;
        this.chainFlush(lane);
      }, delayMs);
      return;
    }
    if (lane.timer) {
      clearTimeout(lane.timer);
      lane.timer = null;
    }
    this.chainFlush(lane);
  }

  /**
   * A lane's flushes run one after another: device states are locked per batch, and one writer
   * per lane keeps batches large under load instead of many small ones competing. At most one
   * flush waits behind the running one: it takes everything queued by the time it starts.
   */
  private chainFlush(lane: Lane): void {
    if (lane.chained) return;
    lane.chained = true;
    lane.flushing = lane.flushing
      // setImmediate: requests parsed in the same I/O phase join the same flush.
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        lane.chained = false;
        return this.flush(lane);
      });
  }

  /**
   * After a crash, device_state may lack the last few seconds of fixes of devices that have not
   * reported since (write-behind: their fixes are in positions). Brings every such state up to
   * date through the lanes, as a checkpoint would. Returns how many devices it wrote.
   */
  async recoverLaggingStates(): Promise<number> {
    const tenants = await this.db.query<{ tenant_id: string }>('SELECT tenant_id FROM monitoring_tenants()');
    const perLane = new Map<Lane, Map<string, string[]>>();
    let total = 0;
    for (const { tenant_id: tenantId } of tenants.rows) {
      const lagging = await this.db.withTenant(tenantId, (db) => db.query<{ device_id: string }>(
        `SELECT s.device_id FROM device_state s
          WHERE EXISTS (SELECT 1 FROM positions p WHERE p.tenant_id = s.tenant_id AND p.device_id = s.device_id
                           AND p.fix_time > s.fix_time AND p.fix_time <= s.fix_time + interval '1 day')`,
      ));
      for (const { device_id: deviceId } of lagging.rows) {
        if (this.hot.get(deviceId)) continue; // judged here since: the checkpoint handles it
        const lane = this.laneOf(deviceId);
        const byTenant = perLane.get(lane) ?? new Map<string, string[]>();
        byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), deviceId]);
        perLane.set(lane, byTenant);
        total += 1;
      }
    }
    await Promise.all([...perLane].map(([lane, extra]) => {
      lane.flushing = lane.flushing.then(() => this.flush(lane, false, extra));
      return lane.flushing;
    }));
    return total;
  }

  /**
   * One batch: the lane's queued reports, plus the lane's dirty states that are due (or all),
   * plus `extra` devices to bring up to date from the store (recovery).
   */
  private async flush(lane: Lane, checkpointAll = false, extra: ReadonlyMap<string, readonly string[]> = new Map()): Promise<void> {
    const waiters = lane.queue;
    lane.queue = [];
    lane.queued = 0;
    const due = new Map<string, string[]>([...extra].map(([tenantId, ids]) => [tenantId, [...ids]]));
    // Recovered and quiet devices get everything written; devices only dirty for the checkpoint
    // interval their state (decision 0285).
    const quiet = new Set([...extra.values()].flat());
    const now = Date.now();
    const dueNow = checkpointAll ? this.hot.due(Infinity) : this.hot.due(now - this.checkpointMs, now - this.quietMs, now);
    for (const { deviceId, tenantId, quiet: isQuiet } of dueNow) {
      if (this.laneOf(deviceId) !== lane) continue;
      if (isQuiet) quiet.add(deviceId);
      const list = due.get(tenantId);
      if (list) list.push(deviceId);
      else due.set(tenantId, [deviceId]);
    }
    if (waiters.length === 0 && due.size === 0) return;
    const byTenant = new Map<string, ResolvedReport[]>([...due.keys()].map((id) => [id, []]));
    for (const w of waiters) {
      for (const r of w.reports) {
        const list = byTenant.get(r.tenantId);
        if (list) list.push(r);
        else byTenant.set(r.tenantId, [r]);
      }
    }
    const fresh = new Set<string>();
    /** Tenants whose every fix of this flush was stored for the first time (no keys kept). */
    const allFresh = new Set<string>();
    const conflicts = new Map<string, number>();
    const failed = new Map<string, unknown>();
    try {
      await ensurePartitions(this.db, waiters.flatMap((w) => w.reports.map((r) => r.fixTime)));
      const describeDtc = await loadDtcCatalog(this.db);
      const tenants = [...byTenant];
      const worker = async () => {
        for (let next = tenants.shift(); next; next = tenants.shift()) {
          const [tenantId, reports] = next;
          try {
            const began = this.metrics.mark();
            let inBatch = 0;
            const counts = await this.db.withTenant(tenantId, async (db) => {
              const [settings, geofences] = [await loadMonitoringSettings(db, tenantId), await tenantGeofences(db, tenantId)];
              const t = this.metrics.mark();
              const ctx = { settings, geofences, describeDtc, groupOf: (id: string) => this.resolver.groupOf(id), driverTags: this.driverTags };
              const result = await applyTenantBatch(db, tenantId, reports, ctx, this.hot, due.get(tenantId), this.metrics, quiet);
              inBatch = this.metrics.mark() - t;
              return result;
            });
            this.metrics.stage('transaction', began + inBatch);
            counts.afterCommit();
            this.publish(tenantId, counts.events);
            // Committed: stored and duplicate counts per tenant (one call each per batch).
            this.counts.count(tenantId, 'stored', counts.stored);
            this.counts.count(tenantId, 'duplicates', counts.duplicates);
            if (counts.freshKeys === null) allFresh.add(tenantId);
            else for (const key of counts.freshKeys) fresh.add(key);
            for (const [key, n] of counts.conflictKeys) conflicts.set(key, (conflicts.get(key) ?? 0) + n);
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
      const error = failed.size === 0 ? undefined : w.reports.map((r) => failed.get(r.tenantId)).find((e) => e !== undefined);
      if (error !== undefined) {
        w.reject(error);
        continue;
      }
      let stored = 0;
      let kept = 0;
      for (const r of w.reports) {
        if (allFresh.has(r.tenantId)) {
          stored += 1;
          continue;
        }
        const key = positionKey(r.deviceId, r.fixTime);
        if (fresh.delete(key)) stored += 1;
        else if ((conflicts.get(key) ?? 0) > 0) {
          conflicts.set(key, (conflicts.get(key) ?? 0) - 1);
          kept += 1;
        }
      }
      w.resolve({ stored, duplicates: w.reports.length - stored - kept, conflicts: kept });
    }
  }
}
