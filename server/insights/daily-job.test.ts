import { describe, expect, it } from 'vitest';
import type { TelemetryRecord } from '../../contract/api/telemetry.ts';
import { dayWindow, localDay } from '../../contract/time/local-day.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { demoDeviceSecret } from '../../demo/demo-registry.ts';
import { loadMonitoringSettings } from '../alerts/monitoring-settings.ts';
import { recomputeFromRaw, storedFigures } from '../test/insights-recompute.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { recomputeDays } from './daily-job.ts';

/**
 * The job folds a growing day on from the state it kept (decision 0290) and gets the numbers a
 * recompute from the raw positions gets; late data, and a mark inside the stretch the last round
 * already folded, are told apart.
 */
const suite = useTestFleet();

const tenant = demoTenants.gothenburgFreight;
const unit = demoDevices.find((d) => d.tenant === tenant && d.uniqueId.length > 0);
const deviceId = unit?.id ?? '';

/** A drive of `n` fixes 10 s apart from `t0`: speeding up, cruising over the limit, braking hard, idling. */
function drive(t0: number, n: number): TelemetryRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const phase = i % 60;
    const speedKmh = phase < 20 ? phase * 4 : phase < 40 ? 80 : phase < 45 ? 80 - (phase - 40) * 16 : 0;
    return { deviceId: unit?.uniqueId ?? '', time: t0 + i * 10_000, latitude: 57.7 + i * 0.0004, longitude: 11.95 + (i % 7) * 0.0001, speedKmh, ignition: true };
  });
}

async function ingest(records: readonly TelemetryRecord[]): Promise<void> {
  const response = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', headers: { 'x-device-key': demoDeviceSecret(unit?.uniqueId ?? '') }, payload: { records } });
  expect(response.statusCode, response.body).toBe(200);
  await suite.fleet.app.ingest.drain();
  await suite.fleet.app.insights.drain();
}

async function tail(day: string): Promise<{ lastFix: number; roundFrom: number | null; roundFixes: number } | undefined> {
  return suite.fleet.db.withTenant(tenant.id, async (db) => {
    const rows = await db.query<{ lastFix: number; roundFrom: number | null; roundFixes: number }>(
      `SELECT extract(epoch FROM last_fix) * 1000 AS "lastFix", extract(epoch FROM round_from) * 1000 AS "roundFrom", round_fixes AS "roundFixes"
         FROM insights_day_tails WHERE device_id = $1 AND day = $2`,
      [deviceId, day],
    );
    const row = rows.rows[0];
    return row && { lastFix: Number(row.lastFix), roundFrom: row.roundFrom === null ? null : Number(row.roundFrom), roundFixes: row.roundFixes };
  });
}

/** The vehicle-day's stored rows are the ones a recompute from every raw position gives. */
async function expectDayEqualsRecompute(day: string): Promise<void> {
  const [stored, fresh] = await Promise.all([storedFigures(suite.fleet.db, tenant.id), recomputeFromRaw(suite.fleet.db, tenant.id)]);
  const mine = (m: Map<string, { deviceId: string; day: string }>) => [...m.entries()].filter(([, r]) => r.deviceId === deviceId && r.day === day);
  const want = mine(fresh);
  expect(want.length).toBeGreaterThan(0);
  expect(mine(stored).map(([k]) => k).sort()).toEqual(want.map(([k]) => k).sort());
  for (const [key, row] of want) {
    const got = stored.get(key) as unknown as Record<string, unknown>;
    for (const [field, b] of Object.entries(row)) {
      const a = got[field];
      // float4 top speed; timestamps come back through epoch seconds × 1000 (a rounding error).
      if (typeof b === 'number' && typeof a === 'number') expect(Math.abs(a - (field === 'topSpeedKmh' ? Math.fround(b) : b)), `${key} ${field}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
      else expect(a, `${key} ${field}`).toEqual(b);
    }
  }
}

describe('the daily figures job on a growing day', () => {
  it('folds on from the kept state, tells a re-marked stretch from late data, and matches a recompute from raw', async () => {
    expect(unit).toBeDefined();
    const settings = await suite.fleet.db.withTenant(tenant.id, (db) => loadMonitoringSettings(db, tenant.id));
    const day = localDay(Date.now() - 86_400_000, settings.timeZone);
    const start = dayWindow(day, settings.timeZone).start + 8 * 3_600_000;
    const fixes = drive(start, 480);
    const pieces = [fixes.slice(0, 100), fixes.slice(100, 230), fixes.slice(230, 231), fixes.slice(231)];

    await ingest(pieces[0] ?? []);
    expect((await tail(day))?.roundFrom).toBeNull(); // the first round reads the day from midnight
    await expectDayEqualsRecompute(day);
    for (const piece of pieces.slice(1)) {
      const before = await tail(day);
      await ingest(piece);
      // Folded on: the round read only the new fixes.
      expect(await tail(day)).toEqual({ lastFix: Number(piece.at(-1)?.time), roundFrom: before?.lastFix, roundFixes: piece.length });
      await expectDayEqualsRecompute(day);
    }

    // A mark starting inside the stretch the last round folded (its fixes were read by that
    // round before their mark was taken): counted, found complete, nothing read again.
    const last = pieces[3] ?? [];
    const kept = await tail(day);
    await suite.fleet.db.withTenant(tenant.id, (db) => recomputeDays(db, [{ deviceId, day, firstFix: Number(last[10]?.time) }], settings));
    expect(await tail(day)).toEqual(kept);
    await expectDayEqualsRecompute(day);

    // Late data inside that stretch: the count differs, the day is read again from midnight.
    await ingest([{ ...last[20], time: Number(last[20]?.time) + 5000 } as TelemetryRecord]);
    expect((await tail(day))?.roundFrom).toBeNull();
    await expectDayEqualsRecompute(day);

    // Late data before the last round's stretch: recomputed too.
    await ingest([{ ...fixes[5], time: Number(fixes[5]?.time) + 3000 } as TelemetryRecord]);
    expect((await tail(day))?.roundFrom).toBeNull();
    await expectDayEqualsRecompute(day);

    // Other rules (a speed limit set on the vehicle) recompute the day rather than fold on.
    await suite.fleet.db.withTenant(tenant.id, (db) => db.query('UPDATE device_state SET speed_limit_kmh = 40 WHERE device_id = $1', [deviceId]));
    await ingest(drive(Number(fixes.at(-1)?.time) + 10_000, 5));
    expect((await tail(day))?.roundFrom).toBeNull();
    await expectDayEqualsRecompute(day);
  }, 120_000);
});
