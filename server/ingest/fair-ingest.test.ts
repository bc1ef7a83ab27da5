import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantPlan } from '../../contract/api/plans.ts';
import type { ApiErrorBody } from '../../contract/api/errors.ts';
import type { DeviceAuthMode } from '../../contract/api/tenants.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices, type DemoDevice } from '../../demo/demo-fleet.ts';
import { demoDeviceSecret } from '../../demo/demo-registry.ts';
import { PlanAdmission } from '../plans/plan-admission.ts';
import { at } from '../test/defined.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { IngestPipeline } from './ingest-pipeline.ts';
import { IngestRefusedError, type SubmitResult } from './ingest-pipeline-types.ts';
import type { IngestMetrics } from './ingest-metrics.ts';
import { emptyReadings, type Report } from './report.ts';

// Fair-share ingest on the real PostgreSQL (decision 0300): tenant A floods, tenant B reports.
const suite = useTestFleet();
const freight = demoTenants.gothenburgFreight;
const taxi = demoTenants.harbourTaxi;
const aUnits = demoDevices.filter((d) => d.tenant === freight).slice(0, 4);
const bUnit = at(demoDevices.filter((d) => d.tenant === taxi), 0);
const t0 = Date.now() - 1800_000;

function fix(unit: DemoDevice, second: number): Report {
  return { ...emptyReadings, uniqueId: unit.uniqueId, fixTime: t0 + second * 1000, latitude: 57.7, longitude: 11.9 + second * 0.0001, speedKmh: 40, course: 90, ignition: true, attributes: {} };
}
const send = (pipeline: IngestPipeline, unit: DemoDevice, second: number) => pipeline.submit([fix(unit, second)], [demoDeviceSecret(unit.uniqueId)]);

/** New rows since t0 + `from` s for these units, counted in their tenant. */
async function stored(tenantId: string, units: readonly DemoDevice[], from: number): Promise<number> {
  const result = await suite.fleet.db.withTenant(tenantId, (db) =>
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM positions WHERE device_id = ANY ($1::uuid[]) AND fix_time >= $2', [units.map((u) => u.id), new Date(t0 + from * 1000)]),
  );
  return result.rows[0]?.n ?? 0;
}

describe("the ingest stages of a tenant's part (bench:fairness's split, decision 0395)", () => {
  it('reports each part when its tenant committed, with its wait in the queue and its flush, and each flush', async () => {
    const parts: { tenantId: string; fixes: number; queuedMs: number; appliedMs: number; fixTime: number }[] = [];
    const flushes: { fixes: number; tenants: number; ms: number }[] = [];
    let clock = 0;
    // A clock that moves 1 ms per reading: the stages come out as counts of readings, never negative.
    const metrics: IngestMetrics = {
      mark: () => (clock += 1),
      stage: () => (clock += 1),
      partCommitted: (tenantId, fixes, queuedMs, appliedMs, fixTime) => parts.push({ tenantId, fixes, queuedMs, appliedMs, fixTime }),
      flushed: (fixes, tenants, ms) => flushes.push({ fixes, tenants, ms }),
    };
    const pipeline = new IngestPipeline(suite.fleet.db, { metrics, lanes: 1 });
    try {
      // Before t0: the fair-share test below counts its own rows from t0 on.
      await Promise.all([send(pipeline, at(aUnits, 0), -900), send(pipeline, bUnit, -900)]);
    } finally {
      await pipeline.drain();
      pipeline.close();
    }
    expect(parts.map((p) => p.tenantId).sort()).toEqual([freight.id, taxi.id].sort());
    for (const p of parts) {
      expect(p.fixes).toBe(1);
      expect(p.fixTime).toBe(t0 - 900_000);
      expect(p.queuedMs).toBeGreaterThan(0);
      // The flush ran its tenant's transaction (stage readings) before the part was answered.
      expect(p.appliedMs).toBeGreaterThan(1);
    }
    // The two requests resolve their units on their own, so they may share a flush or not.
    expect(flushes.reduce((n, f) => n + f.fixes, 0)).toBe(2);
    expect(flushes.reduce((n, f) => n + f.tenants, 0)).toBeGreaterThanOrEqual(2);
    for (const f of flushes) expect(f.ms).toBeGreaterThan(0);
  });
});

describe('fair-share ingest (pipeline and PostgreSQL)', () => {
  // Every account on the same plan; shares apply past 20 waiting fixes, a lone account may hold 40.
  const plan: TenantPlan = { maxUnits: 100, maxUsers: 50, retentionDays: 90, storageBytes: 1e10, ingestRate: 10_000, ingestBurst: 100_000, apiRate: 100 };
  let pipeline: IngestPipeline;
  beforeAll(() => {
    pipeline = new IngestPipeline(suite.fleet.db, { admission: new PlanAdmission(() => plan, { minBacklog: 20, loneBacklog: 40 }) });
  });
  afterAll(async () => {
    await pipeline.drain();
    pipeline.close();
  });

  it('admits and acknowledges B while A, over its share, is refused; A loses nothing it was told was stored', async () => {
    // Units resolved and retention known (this process has seen them): the burst below is
    // admitted or refused in one go, before any flush answers a fix.
    await Promise.all([...aUnits.map((u) => send(pipeline, u, 0)), send(pipeline, bUnit, 0)]);
    const early: { a: unknown; b: unknown }[] = [];
    const b = send(pipeline, bUnit, 1);
    const a = Array.from({ length: 60 }, (_, i) => send(pipeline, at(aUnits, i % 4), 1 + Math.floor(i / 4)).catch((error: unknown) => {
      // While A is being refused, the early refusal (before parsing) refuses A's units too, not B's.
      if (early.length === 0) early.push({ a: pipeline.refuseEarly(at(aUnits, 0).uniqueId, demoDeviceSecret(at(aUnits, 0).uniqueId), Date.now()), b: pipeline.refuseEarly(bUnit.uniqueId, demoDeviceSecret(bUnit.uniqueId), Date.now()) });
      throw error;
    }));
    const results = await Promise.allSettled(a);
    expect(await b).toMatchObject({ stored: 1, duplicates: 0 });

    const admitted = results.filter((r): r is PromiseFulfilledResult<SubmitResult> => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as unknown);
    expect(admitted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(30);
    for (const error of refused) {
      expect(error).toBeInstanceOf(IngestRefusedError);
      expect((error as IngestRefusedError).refusal).toMatchObject({ kind: 'share', tenantId: freight.id });
      expect((error as IngestRefusedError).refusal.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    expect(early[0]?.a).toMatchObject({ kind: 'share', tenantId: freight.id });
    expect(early[0]?.b).toBeNull();

    // The database check: exactly what A was told was stored, and B's fix.
    expect(admitted.every((r) => r.value.stored === 1)).toBe(true);
    expect(await stored(freight.id, aUnits, 1)).toBe(admitted.length);
    expect(await stored(taxi.id, [bUnit], 1)).toBe(1);
    // Once its backlog is answered, A is admitted again.
    expect(pipeline.refuseEarly(at(aUnits, 0).uniqueId, demoDeviceSecret(at(aUnits, 0).uniqueId), Date.now())).toBeNull();
  });
});

describe('the early refusal over HTTP', () => {
  const aUnit = at(aUnits, 0);
  let operator: string;
  let clock = Math.floor(Date.now() / 1000) - 600;
  const report = (unit: DemoDevice, extra = '') => `/?id=${unit.uniqueId}&timestamp=${(clock += 1)}&lat=57.7&lon=11.97${extra}`;
  const keyOf = (unit: DemoDevice) => `&key=${demoDeviceSecret(unit.uniqueId)}`;
  const setPlan = async (tenantId: string, plan: TenantPlan) => {
    const response = await suite.fleet.app.inject({ method: 'PUT', url: `/api/tenants/${tenantId}/plan`, headers: bearer(operator), payload: plan });
    expect(response.statusCode, response.body).toBe(200);
  };
  const setMode = async (mode: DeviceAuthMode) => {
    const response = await suite.fleet.app.inject({ method: 'PATCH', url: `/api/tenants/${freight.id}`, headers: bearer(operator), payload: { deviceAuth: mode } });
    expect(response.statusCode, response.body).toBe(200);
  };

  beforeAll(async () => {
    operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
  });

  it("refuses a throttled account's report with 429 before reading its fields, answers the other account's, and tells an unproven unit nothing", async () => {
    await setPlan(freight.id, { maxUnits: 100, maxUsers: 50, retentionDays: 90, storageBytes: 1e10, ingestRate: 1, ingestBurst: 1, apiRate: 100 });
    const inject = (url: string) => suite.fleet.app.inject({ method: 'GET', url, remoteAddress: '10.88.0.1' });
    expect((await inject(report(aUnit, keyOf(aUnit)))).statusCode).toBe(200);
    // lat=999 would be a 400: the answer shows the report was refused before its fields were read.
    const refused = await inject(report(aUnit, `${keyOf(aUnit)}&lat=999`));
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.json<ApiErrorBody>()).toMatchObject({ reason: 'ingest-rate-limited', params: { ratePerSecond: 1 } });
    expect((await inject(report(bUnit, keyOf(bUnit)))).statusCode).toBe(200);
    // Under `enforce`, a report without the unit's key is answered as for an unknown unit, throttled account or not.
    await setMode('enforce');
    expect((await inject(report(aUnit, '&key=not-the-key'))).statusCode).toBe(404);
    await setMode('log');
    await setPlan(freight.id, { maxUnits: 10_000, maxUsers: 1000, retentionDays: 365, storageBytes: 5e11, ingestRate: 50_000, ingestBurst: 200_000, apiRate: 1000 });
  });
});
