import { beforeAll, describe, expect, it } from 'vitest';
import type { InsightsResponse } from '../../../../contract/api/insights.ts';
import { localDay } from '../../../../contract/time/local-day.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import { demoDevices, demoGroups } from '../../../../demo/demo-fleet.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { noDriverSlot } from '../../../insights/daily-job.ts';
import { defined } from '../../../test/defined.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';

/**
 * The group rollups of migration 145 (decision docs/decisions/0405-insights-group-rollups.md):
 * what the dashboard answers for one group and for the whole fleet equals a straightforward
 * aggregate of the slot rows (insights_daily) on the same PostgreSQL — after the job's refresh,
 * after a changed day, while a moved vehicle has its groups marked stale, and after the job
 * rebuilt them.
 */
const suite = useTestFleet();
const tenant = demoTenants.gothenburgFreight;
const tz = 'Europe/Stockholm';
const dayMs = 86_400_000;
const trucks = demoDevices.filter((d) => d.tenant === tenant);
const truck03 = defined(trucks.find((d) => d.name === 'GF Truck 03'), 'GF Truck 03');
const drivers = ['a', 'b', 'c', 'd'].map((n) => `00000000-0000-4000-8000-00000000000${n}`);
const days = 40;
const day = (offset: number) => localDay(Date.now() - offset * dayMs, tz);
let owner: string;

/** One vehicle-day's slot rows: unassigned time and one driver, varied by vehicle and day; some days unused, some without fuel. */
function slotRows(vehicle: number, offset: number, bump = 0) {
  if ((vehicle + offset) % 5 === 0) return [];
  const driver = defined(drivers[(vehicle + offset) % drivers.length], 'a driver');
  return [noDriverSlot, driver].map((slot, s) => ({
    day: day(offset), deviceId: defined(trucks[vehicle], 'a truck').id, slot,
    distanceM: 1_000 + vehicle * 731 + offset * 97 + s * 5_003 + bump, drivingS: (vehicle + offset + s) % 7 === 0 ? 0 : 600 + vehicle * 60 + s * 1_800,
    idleS: 120 + offset * 3, topSpeedKmh: 50 + ((vehicle * 7 + offset) % 40), overspeedS: (offset % 4) * 30, harsh: (vehicle + offset) % 3,
    fuelPct: (vehicle + offset) % 4 === 0 ? null : 1.5 + s,
  }));
}
type SlotRow = ReturnType<typeof slotRows>[number];

/** Replaces these vehicle-days' rows and refreshes the rollups above them, as the daily figures job does. */
async function writeDays(db: DbSession, rows: readonly SlotRow[], keys: readonly { deviceId: string; day: string }[]): Promise<void> {
  const k = [keys.map((x) => x.deviceId), keys.map((x) => x.day)];
  const replaced = await db.query<{ driver_slot: string; day: string }>(
    `DELETE FROM insights_daily WHERE (device_id, day) IN (SELECT * FROM unnest($1::uuid[], $2::date[])) RETURNING driver_slot, to_char(day, 'YYYY-MM-DD') AS day`, k);
  await db.query('DELETE FROM insights_vehicle_daily WHERE (device_id, day) IN (SELECT * FROM unnest($1::uuid[], $2::date[]))', k);
  await db.query(
    `INSERT INTO insights_daily (tenant_id, day, device_id, driver_slot, fixes, distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s,
            overspeed_events, harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, first_fix, last_fix)
     SELECT app_current_tenant(), x.day, x."deviceId", x.slot, 10, x."distanceM", x."drivingS", x."idleS", x."drivingS" + x."idleS", x."topSpeedKmh", 2,
            x."overspeedS", 1, x.harsh, 1, x."fuelPct", 0, 0, x.day::timestamptz, x.day::timestamptz + interval '1 hour'
       FROM jsonb_to_recordset($1::jsonb) AS x(day date, "deviceId" uuid, slot uuid, "distanceM" float8, "drivingS" float8, "idleS" float8,
            "topSpeedKmh" float4, "overspeedS" float8, harsh int, "fuelPct" float8)`,
    [JSON.stringify(rows)],
  );
  await db.query(
    `INSERT INTO insights_vehicle_daily
     SELECT tenant_id, day, device_id, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops), sum(overspeed_s),
            sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m)
       FROM insights_daily WHERE (device_id, day) IN (SELECT * FROM unnest($1::uuid[], $2::date[])) GROUP BY tenant_id, day, device_id`, k);
  const driverDays = new Map<string, [string, string]>();
  for (const r of replaced.rows) driverDays.set(`${r.driver_slot}|${r.day}`, [r.driver_slot, r.day]);
  for (const r of rows) driverDays.set(`${r.slot}|${r.day}`, [r.slot, r.day]);
  const named = [...driverDays.values()].filter(([slot]) => slot !== noDriverSlot);
  await db.query('SELECT insights_refresh_rollups($1::uuid[], $2::date[], $3::uuid[], $4::date[])', [...k, named.map(([d]) => d), named.map(([, d]) => d)]);
}

/** Kilometres as the API rounds them (totalsOf in insights-repository.ts). */
const km = (m: number) => Math.round((m / 1000) * 100) / 100;

/** The dashboard's figures, as a straightforward aggregate of the slot rows of the vehicles now in the group (null: the whole fleet). */
async function straightforward(groupId: string | null, from: string, to: string) {
  return suite.fleet.db.withTenant(tenant.id, async (db) => {
    const where = `r.day BETWEEN $1 AND $2 AND ($3::uuid IS NULL OR r.device_id IN (SELECT id FROM devices WHERE group_id = $3))`;
    const vehicleDays = `SELECT r.device_id, r.day, sum(r.distance_m) AS distance_m, sum(r.driving_s) AS driving_s, sum(r.idle_s) AS idle_s,
        sum(r.harsh_acceleration + r.harsh_braking) AS harsh, max(r.top_speed_kmh) AS top FROM insights_daily r WHERE ${where} GROUP BY r.device_id, r.day`;
    const series = await db.query<{ day: string; distance_m: number; driving_s: number; idle_s: number; harsh: number; used: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(distance_m)::float8 AS distance_m, sum(driving_s)::float8 AS driving_s, sum(idle_s)::float8 AS idle_s,
              sum(harsh)::int AS harsh, count(*) FILTER (WHERE driving_s > 0)::int AS used FROM (${vehicleDays}) AS v GROUP BY day ORDER BY day`, [from, to, groupId]);
    const totals = await db.query<{ distance_m: number; driving_s: number; top: number; vehicle_days: number; vehicles: number }>(
      `SELECT coalesce(sum(distance_m), 0)::float8 AS distance_m, coalesce(sum(driving_s), 0)::float8 AS driving_s, coalesce(max(top), 0)::float8 AS top,
              count(*) FILTER (WHERE driving_s > 0)::int AS vehicle_days, count(DISTINCT device_id) FILTER (WHERE driving_s > 0)::int AS vehicles
         FROM (${vehicleDays}) AS v`, [from, to, groupId]);
    const perDriver = await db.query<{ driver: string; distance_m: number; driving_s: number; used: number }>(
      `SELECT r.driver_slot AS driver, sum(r.distance_m)::float8 AS distance_m, sum(r.driving_s)::float8 AS driving_s, count(*) FILTER (WHERE r.driving_s > 0)::int AS used
         FROM insights_daily r WHERE ${where} AND r.driver_slot <> $4 GROUP BY r.driver_slot ORDER BY r.driver_slot`, [from, to, groupId, noDriverSlot]);
    const t = defined(totals.rows[0], 'the totals');
    return {
      series: series.rows.map((r) => ({ day: r.day, distanceKm: km(r.distance_m), drivingS: r.driving_s, idleS: r.idle_s, harshEvents: r.harsh, vehiclesUsed: r.used })),
      totals: { distanceKm: km(t.distance_m), drivingS: t.driving_s, topSpeedKmh: Math.round(t.top * 10) / 10, vehicleDaysUsed: t.vehicle_days, vehiclesUsed: t.vehicles },
      drivers: perDriver.rows.map((r) => ({ driverId: r.driver, distanceKm: km(r.distance_m), drivingS: r.driving_s, vehicleDaysUsed: r.used })),
    };
  });
}

/** The dashboard's answer reduced to the same figures. */
async function dashboard(groupId: string | null, from: string, to: string) {
  const group = groupId ? `&groupId=${groupId}` : '';
  const response = await suite.fleet.app.inject({ url: `/api/insights?from=${from}&to=${to}${group}&limit=200`, headers: bearer(owner) });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json<InsightsResponse>();
  const t = body.totals;
  const p = body.previous;
  return {
    series: body.series.filter((d) => d.distanceKm > 0 || d.vehiclesUsed > 0)
      .map((d) => ({ day: d.day, distanceKm: d.distanceKm, drivingS: d.drivingS, idleS: d.idleS, harshEvents: d.harshEvents, vehiclesUsed: d.vehiclesUsed })),
    totals: { distanceKm: t.distanceKm, drivingS: t.drivingS, topSpeedKmh: t.topSpeedKmh, vehicleDaysUsed: t.vehicleDaysUsed, vehiclesUsed: t.vehiclesUsed },
    previous: { distanceKm: p.distanceKm, drivingS: p.drivingS, topSpeedKmh: p.topSpeedKmh, vehicleDaysUsed: p.vehicleDaysUsed, vehiclesUsed: p.vehiclesUsed },
    drivers: [...body.drivers].sort((a, b) => a.driverId.localeCompare(b.driverId))
      .map((d) => ({ driverId: d.driverId, distanceKm: d.distanceKm, drivingS: d.drivingS, vehicleDaysUsed: d.vehicleDaysUsed })),
  };
}

const periods = [[6, 0], [29, 0], [days - 1, 0], [20, 9]] as const;
const selections = [null, demoGroups.northDepot.id, demoGroups.southDepot.id];

async function expectSameEverywhere(): Promise<void> {
  for (const groupId of selections) {
    for (const [from, to] of periods) {
      const expected = await straightforward(groupId, day(from), day(to));
      // The previous period's totals come from the fleet's or the group's days, its vehicles used
      // from the vehicles' pieces (decision 0465): the same as the days before, summed straightforwardly.
      const length = from - to + 1;
      const previous = (await straightforward(groupId, day(from + length), day(to + length))).totals;
      expect(await dashboard(groupId, day(from), day(to)), `group ${groupId ?? 'none'}, ${day(from)}–${day(to)}`).toEqual({ ...expected, previous });
    }
  }
}

const staleGroups = () => suite.fleet.db.withTenant(tenant.id, async (db) =>
  (await db.query<{ group_id: string }>('SELECT group_id FROM insights_group_stale ORDER BY group_id')).rows.map((r) => r.group_id));

beforeAll(async () => {
  owner = await accessTokenFor(suite.fleet.app, 'maria', tenant.id);
  await suite.fleet.db.withTenant(tenant.id, async (db) => {
    await db.query(`INSERT INTO drivers (tenant_id, id, name) SELECT app_current_tenant(), id, 'Group driver ' || n FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, n)`, [drivers]);
    const keys = trucks.flatMap((_, v) => Array.from({ length: days }, (_, d) => ({ deviceId: defined(trucks[v], 'a truck').id, day: day(d) })));
    await writeDays(db, trucks.flatMap((_, v) => Array.from({ length: days }, (_, d) => slotRows(v, d)).flat()), keys);
  });
});

describe('insights of one group from its rollups', () => {
  it('answers as the slot rows summed, for each group and the whole fleet, over several periods', async () => {
    expect(await staleGroups()).toEqual([]);
    const expected = await straightforward(demoGroups.northDepot.id, day(29), day(0));
    // The fixture is not trivial: the group's drivers and used days are there to compare.
    expect(expected.drivers.length).toBe(drivers.length);
    expect(expected.totals.vehicleDaysUsed).toBeGreaterThan(40);
    await expectSameEverywhere();
  });

  it('takes a changed day into the group\'s days and its drivers\' spans', async () => {
    await suite.fleet.db.withTenant(tenant.id, async (db) => {
      const v = trucks.indexOf(truck03);
      // The day's driver changes too: the old driver's spans must lose it, the new one's gain it.
      const changed = slotRows(v, 12, 777).map((r) => (r.slot === noDriverSlot ? r : { ...r, slot: defined(drivers[(v + 13) % drivers.length], 'a driver') }));
      await writeDays(db, changed, [{ deviceId: truck03.id, day: day(12) }]);
    });
    await expectSameEverywhere();
  });

  it('reads a group whose vehicle moved from the rows below until the job has rebuilt it', async () => {
    await suite.fleet.db.withTenant(tenant.id, (db) => db.query('UPDATE devices SET group_id = $1 WHERE id = $2', [demoGroups.southDepot.id, truck03.id]));
    expect(await staleGroups()).toEqual([demoGroups.northDepot.id, demoGroups.southDepot.id].sort());
    await expectSameEverywhere();
    await suite.fleet.app.insights.drain();
    expect(await staleGroups()).toEqual([]);
    await expectSameEverywhere();
    await suite.fleet.db.withTenant(tenant.id, (db) => db.query('UPDATE devices SET group_id = $1 WHERE id = $2', [demoGroups.northDepot.id, truck03.id]));
    await suite.fleet.app.insights.drain();
    await expectSameEverywhere();
  });
});
