import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryRecord } from '../contract/api/telemetry.ts';
import { localDay } from '../contract/time/local-day.ts';
import { demoTenants } from '../demo/demo-accounts.ts';
import { demoDevices } from '../demo/demo-fleet.ts';
import { demoDeviceSecret } from '../demo/demo-registry.ts';
import { recomputeFromRaw, rollupsOf, storedFigures, storedRollups, type FigureRow, type RollupRow } from '../server/test/insights-recompute.ts';
import { accessTokenFor, bearer, createTestFleet, type TestFleet } from '../server/test/test-fleet.ts';
import { startTestPostgres, type TestPostgres } from '../server/test/test-postgres.ts';
import { buildVehicles, demoSimDevices } from './fleet-builder.ts';
import { telemetryRecord } from './report-encoders.ts';
import { createRng } from './rng.ts';
import { loadDemoRoadGraph } from './road-graph.ts';
import { defaultIncidents } from './vehicle-model.ts';

/**
 * "Done when" of issue 13: a simulated week of three vehicles goes through ingest, the daily
 * figures job keeps its figures incrementally, and a recompute of every figure from the raw
 * positions finds the same numbers — also after late data, which touches only its own days —
 * and the same sums in the rollups the dashboard reads (vehicle and driver spans, fleet days).
 */
let postgres: TestPostgres;
let fleet: TestFleet;
beforeAll(async () => {
  postgres = await startTestPostgres();
  fleet = await createTestFleet(postgres);
}, 120_000);
afterAll(async () => {
  await fleet?.close();
  await postgres?.stop();
});

const tenant = demoTenants.gothenburgFreight;
const timeZone = 'Europe/Stockholm';
const stepS = 15;

/** The week's reports of three Gothenburg Freight vehicles, from the simulator's models. */
function simulateWeek(end: number): TelemetryRecord[] {
  const units = new Set(demoDevices.filter((d) => d.tenant === tenant).map((d) => d.uniqueId));
  const devices = demoSimDevices().filter((d) => units.has(d.uniqueId)).slice(0, 3);
  const start = end - 7 * 86_400_000;
  const vehicles = buildVehicles(loadDemoRoadGraph(), devices, defaultIncidents, createRng('insights-week'), start);
  const records: TelemetryRecord[] = [];
  for (let t = start; t < end; t += stepS * 1000) {
    for (const v of vehicles) {
      const sample = v.model.step(t, stepS);
      if (sample) records.push(telemetryRecord(v.device.uniqueId, sample));
    }
  }
  return records;
}

async function ingest(records: readonly TelemetryRecord[]): Promise<void> {
  const byUnit = new Map<string, TelemetryRecord[]>();
  for (const r of records) {
    const list = byUnit.get(r.deviceId);
    if (list) list.push(r);
    else byUnit.set(r.deviceId, [r]);
  }
  for (const [unit, list] of byUnit) {
    for (let i = 0; i < list.length; i += 5000) {
      const response = await fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', headers: { 'x-device-key': demoDeviceSecret(unit) }, payload: { records: list.slice(i, i + 5000) } });
      expect(response.statusCode, response.body).toBe(200);
    }
  }
  await fleet.app.ingest.drain();
  await fleet.app.insights.drain();
}

/** Stored and recomputed figures agree: the same rows, the same numbers (float4 top speed aside). */
async function expectIncrementalEqualsRecompute(): Promise<Map<string, FigureRow & { computedAt: number }>> {
  const [stored, fresh] = await Promise.all([storedFigures(fleet.db, tenant.id), recomputeFromRaw(fleet.db, tenant.id)]);
  expect([...stored.keys()].sort()).toEqual([...fresh.keys()].sort());
  for (const [key, want] of fresh) {
    const { computedAt: _, ...got } = stored.get(key) ?? ({} as FigureRow & { computedAt: number });
    for (const field of Object.keys(want) as (keyof FigureRow)[]) {
      const a = got[field];
      const b = want[field];
      if (typeof b === 'number' && typeof a === 'number') expect(Math.abs(a - (field === 'topSpeedKmh' ? Math.fround(b) : b)), `${key} ${field}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(b)));
      else expect(a, `${key} ${field}`).toEqual(b);
    }
  }
  // The spans, fleet days and driver spans above them (migration 138) equal the same sums of the raw recompute.
  const [rollups, freshRollups] = [await storedRollups(fleet.db, tenant.id), rollupsOf(fresh.values())];
  expect([...rollups.keys()].sort()).toEqual([...freshRollups.keys()].sort());
  for (const [key, want] of freshRollups) {
    const got = rollups.get(key);
    for (const field of Object.keys(want) as (keyof RollupRow)[]) {
      const a = got?.[field];
      const b = want[field];
      if (typeof b === 'number' && typeof a === 'number') expect(Math.abs(a - (field === 'topSpeedKmh' ? Math.fround(b) : b)), `${key} ${field}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(b)));
      else expect(a, `${key} ${field}`).toEqual(b);
    }
  }
  return stored;
}

describe('daily figures over a simulated week', () => {
  it('equal a recompute from the raw positions, before and after late data and a driver change', async () => {
    const end = Date.now() - 60_000;
    const week = simulateWeek(end);
    // Held back: a late afternoon of one vehicle three days ago, and every 50th report.
    const lateUnit = week[0]?.deviceId ?? '';
    const lateDay = localDay(end - 3 * 86_400_000, timeZone);
    const isLate = (r: TelemetryRecord, i: number) => (r.deviceId === lateUnit && localDay(Number(r.time), timeZone) === lateDay && new Date(Number(r.time)).getUTCHours() >= 13) || i % 50 === 0;
    const onTime = week.filter((r, i) => !isLate(r, i));
    const late = week.filter((r, i) => isLate(r, i));
    expect(late.length).toBeGreaterThan(100);

    await ingest(onTime);
    const before = await expectIncrementalEqualsRecompute();
    expect(before.size).toBeGreaterThan(14);
    const driving = [...before.values()].reduce((s, r) => s + r.drivingS, 0);
    expect(driving).toBeGreaterThan(3600);

    // Late data only of the held-back afternoon: only that vehicle's day is computed again.
    const afternoon = late.filter((r) => r.deviceId === lateUnit && localDay(Number(r.time), timeZone) === lateDay);
    await ingest(afternoon);
    const afterAfternoon = await expectIncrementalEqualsRecompute();
    const lateDevice = demoDevices.find((d) => d.uniqueId === lateUnit)?.id;
    for (const [key, row] of afterAfternoon) {
      const touched = row.deviceId === lateDevice && row.day === lateDay;
      if (!touched) expect(row.computedAt, key).toBe(before.get(key)?.computedAt);
    }
    expect([...afterAfternoon.values()].some((r) => r.deviceId === lateDevice && r.day === lateDay && r.computedAt > (before.get(`${r.deviceId}|${r.day}|-`)?.computedAt ?? 0))).toBe(true);

    // The rest of the late data, and a driver at the wheel of the late vehicle for two days.
    await ingest(late.filter((r) => !afternoon.includes(r)));
    const admin = await accessTokenFor(fleet.app, 'maria', tenant.id);
    const driver = await fleet.app.inject({ method: 'POST', url: '/api/drivers', headers: bearer(admin), payload: { name: 'Week Driver' } });
    const assigned = await fleet.app.inject({
      method: 'POST', url: '/api/driver-assignments', headers: bearer(admin),
      payload: { driverId: driver.json<{ id: string }>().id, deviceId: lateDevice, from: new Date(end - 4 * 86_400_000).toISOString(), to: new Date(end - 2 * 86_400_000).toISOString() },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    await fleet.app.insights.drain();
    const final = await expectIncrementalEqualsRecompute();
    expect([...final.values()].filter((r) => r.driverId !== null).length).toBeGreaterThanOrEqual(2);
  }, 600_000);
});
