import type { FleetDb } from '../db/fleet-db.ts';
import { admitted, checkDeviceKey } from './device-keys.ts';
import { DeviceResolver } from './device-resolver.ts';
import { RetentionLimits } from './retention-limits.ts';
import { DriverTagMemo } from '../drivers/driver-tags.ts';
import { HotStateCache } from './hot-state.ts';
import type { Report, ResolvedReport } from './report.ts';
import { screenReports } from './screen-reports.ts';
import { noIngestMetrics, type IngestMetrics } from './ingest-metrics.ts';
import { noIngestCounts, type IngestCounts } from './ingest-counts.ts';
import { applyFlush, type FlushContext } from './ingest-flush.ts';
import { IngestLane, type Counts } from './ingest-lane.ts';
import { admitAll, IngestOverloadedError, IngestRefusedError, type AdmissionRefusal, type IngestAdmission, type IngestOptions, type SubmitResult } from './ingest-pipeline-types.ts';

/**
 * Applies reports from concurrent requests together: one transaction per tenant per flush
 * instead of one per HTTP request, which is what lets a phone-per-request protocol like OsmAnd
 * reach tens of thousands of fixes per second. A request is answered only after its fixes
 * committed, so 200 still means "stored".
 *
 * Devices are spread over lanes (`ingest-lane.ts`: group commit, per-tenant queues, weighted
 * flushes); each flush is applied by `ingest-flush.ts`. Admission (plans, fair share) runs here,
 * before anything is queued, and `refuseEarly` lets the routes refuse an over-share tenant's
 * report before parsing it (decision 0300).
 */
export class IngestPipeline {
  readonly resolver: DeviceResolver;
  private readonly retention: RetentionLimits;
  /** Latest device states as this process last wrote them (checked against the database on write). */
  readonly hot = new HotStateCache();
  /** Driver tags this process last applied per device (a changed tag assigns its driver). */
  readonly driverTags = new DriverTagMemo();
  private readonly db: FleetDb;
  /** Devices are spread over lanes by id; each lane's flushes run one after another. */
  private readonly lanes: IngestLane[];
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
  private readonly flushContext: FlushContext;

  constructor(
    db: FleetDb,
    options: IngestOptions = {},
  ) {
    this.db = db;
    this.metrics = options.metrics ?? noIngestMetrics;
    this.counts = options.counts ?? noIngestCounts;
    this.admission = options.admission ?? admitAll;
    this.resolver = new DeviceResolver(db);
    this.retention = new RetentionLimits(db);
    this.flushContext = {
      db,
      hot: this.hot,
      driverTags: this.driverTags,
      groupOf: (id) => this.resolver.groupOf(id),
      metrics: this.metrics,
      counts: this.counts,
      publish: options.publish ?? (() => {}),
      deliveries: options.deliveries,
      // Tenants of one flush are applied on this many connections at once (they share no rows).
      tenantConcurrency: options.tenantConcurrency ?? 3,
    };
    // A few seconds of backlog at the measured throughput; a request larger than this is still
    // taken when nothing else waits, so any batch the routes accept can eventually be stored.
    this.maxPending = options.maxPending ?? 20_000;
    const laneOptions = {
      // 0: group commit. A positive delay gathers for that long first (tests, comparisons).
      maxDelayMs: options.maxDelayMs ?? 0,
      maxBatch: options.maxBatch ?? 5000,
      // A flush takes about this much of the lane's work: long enough to amortise a transaction,
      // short enough that another tenant's fixes never wait long behind it (decision 0300).
      flushTargetMs: options.flushTargetMs ?? 100,
      minFlush: options.minFlush ?? 100,
      weightOf: (tenantId: string) => this.admission.weightOf(tenantId),
    };
    // Two lanes: while one lane's transaction waits for PostgreSQL, the other's batch is being
    // judged in Node (with one lane, one tenant's ingest alternated between the two and left
    // both under-used: the server was 60 % idle). A device always maps to the same lane, so its
    // fixes stay in order and lanes never touch the same device rows.
    this.lanes = Array.from({ length: Math.max(1, options.lanes ?? 2) }, () => new IngestLane(laneOptions, (lane) => this.flush(lane)));
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
    const due = new Set<IngestLane>();
    const now = Date.now();
    for (const { deviceId } of this.hot.due(now - this.checkpointMs, now - this.quietMs, now)) due.add(this.laneOf(deviceId));
    for (const lane of due) lane.flushSoon(0);
  }

  /** Fixes accepted and not yet answered. */
  get backlog(): number {
    return this.pending;
  }

  /**
   * The cheap refusal (decision 0300): a report of unit `uniqueId` with `key` that the admission
   * would refuse now, answered from memory before the request is parsed or anything is queried.
   * Only a unit this process resolved recently, whose key its tenant admits, is refused here;
   * anything else (unknown unit, bad key, suspended account) takes the full path, which gives
   * every such report the same answer as before, so this reveals nothing about a unit.
   */
  refuseEarly(uniqueId: string, key: string | null, now: number): AdmissionRefusal | null {
    const device = this.resolver.cached(uniqueId, now);
    if (!device || !device.tenantActive) return null;
    // Only `enforce` turns a bad key away (device-keys.ts `admitted`): the hash is needed only then.
    if (device.deviceAuth === 'enforce' && !admitted(device.deviceAuth, checkDeviceKey(device.secretHash, key))) return null;
    const refusal = this.admission.refusing(device.tenantId, 1, now);
    if (refusal) this.counts.count(device.tenantId, 'rate', 1);
    return refusal;
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
    const now = Date.now();
    const retentionOf = new Map<string, number>();
    for (const device of devices.values()) {
      if (!device || retentionOf.has(device.tenantId)) continue;
      retentionOf.set(device.tenantId, this.retention.cached(device.tenantId, now) ?? (await this.retention.days(device.tenantId, now)));
    }
    const { resolved, ...refused } = screenReports(reports, keys, devices, retentionOf, this.counts, now);
    const tenants = [...retentionOf.keys()];
    if (resolved.length === 0) return { stored: 0, duplicates: 0, conflicts: 0, ...refused, tenants };
    // Per-tenant admission (plan rate, fair share): the whole request or nothing, before it is
    // queued, so a refused fix was never acknowledged and the device's retry loses nothing.
    const perTenant = new Map<string, number>();
    for (const r of resolved) perTenant.set(r.tenantId, (perTenant.get(r.tenantId) ?? 0) + 1);
    const admittedAt = Date.now();
    const refusal = this.admission.admit(perTenant, admittedAt);
    if (refusal) {
      this.counts.count(refusal.tenantId, 'rate', perTenant.get(refusal.tenantId) ?? 0);
      throw new IngestRefusedError(refusal);
    }
    try {
      return { ...(await this.enqueue(resolved)), ...refused, tenants };
    } finally {
      const now = Date.now();
      this.admission.done(perTenant, now, now - admittedAt);
    }
  }

  /** Queues resolved reports on their lanes, a part per tenant, and waits until every part is committed. */
  private async enqueue(resolved: readonly ResolvedReport[]): Promise<Counts> {
    const parts = new Map<IngestLane, Map<string, ResolvedReport[]>>();
    for (const r of resolved) {
      const lane = this.laneOf(r.deviceId);
      let byTenant = parts.get(lane);
      if (!byTenant) {
        byTenant = new Map();
        parts.set(lane, byTenant);
      }
      const list = byTenant.get(r.tenantId);
      if (list) list.push(r);
      else byTenant.set(r.tenantId, [r]);
    }
    const waiting: Promise<Counts>[] = [];
    const enqueuedAt = this.metrics.mark();
    for (const [lane, byTenant] of parts) {
      for (const [tenantId, reports] of byTenant) waiting.push(new Promise<Counts>((resolve, reject) => lane.enqueue({ tenantId, reports, resolve, reject, enqueuedAt })));
    }
    const results = await Promise.allSettled(waiting);
    // Every part is awaited before answering: a failed part makes the request fail (the device
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
      while (!lane.idle) {
        lane.flushSoon(0);
        await lane.flushing;
        await new Promise((r) => setImmediate(r));
      }
      await lane.after(() => this.flush(lane, true));
    }
  }

  private laneOf(deviceId: string): IngestLane {
    // Ids are random UUIDs: their last hex digit spreads devices evenly.
    return this.lanes[Number.parseInt(deviceId.slice(-1), 16) % this.lanes.length] as IngestLane;
  }

  /**
   * After a crash, device_state may lack the last few seconds of fixes of devices that have not
   * reported since (write-behind: their fixes are in positions). Brings every such state up to
   * date through the lanes, as a checkpoint would. Returns how many devices it wrote.
   */
  async recoverLaggingStates(): Promise<number> {
    const tenants = await this.db.query<{ tenant_id: string }>('SELECT tenant_id FROM monitoring_tenants()');
    const perLane = new Map<IngestLane, Map<string, string[]>>();
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
    await Promise.all([...perLane].map(([lane, extra]) => lane.after(() => this.flush(lane, false, extra))));
    return total;
  }

  /**
   * One batch of a lane: what its queues hand over (ingest-lane.ts), plus its dirty states that
   * are due (or all), plus `extra` devices to bring up to date from the store (recovery).
   */
  private async flush(lane: IngestLane, checkpointAll = false, extra: ReadonlyMap<string, readonly string[]> = new Map()): Promise<void> {
    const waiters = lane.take();
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
    const began = performance.now();
    await applyFlush(this.flushContext, { waiters, due, quiet });
    let fixes = 0;
    for (const w of waiters) fixes += w.reports.length;
    const ms = performance.now() - began;
    lane.measured(fixes, ms);
    this.metrics.flushed?.(fixes, new Set(waiters.map((w) => w.tenantId)).size, ms);
  }
}
