import { beforeAll, describe, expect, it } from 'vitest';
import type { InsightsQuery, InsightsResponse } from '../../../../contract/api/insights.ts';
import { localDay } from '../../../../contract/time/local-day.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import { demoDevices, demoGroups } from '../../../../demo/demo-fleet.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { noDriverSlot } from '../../../insights/daily-job.ts';
import { defined } from '../../../test/defined.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';
import { AnswerCache } from './insights-answer-cache.ts';
import { fleetInsights, type Figures } from './insights-repository.ts';

/**
 * Kept insights answers (migration 147, decision
 * docs/decisions/0435-insights-answers-kept-until-their-days-change.md): after every kind of change an answer can depend on — a day's figures rewritten, rows deleted, a vehicle renamed,
 * moved or added, a driver renamed — the cached answer equals one computed afresh on the same
 * PostgreSQL, and differs from what was kept before; a change outside the answer's days leaves
 * it kept; readers of different scope never share one.
 */
const suite = useTestFleet();
const tenant = demoTenants.gothenburgFreight;
const tz = 'Europe/Stockholm';
const dayMs = 86_400_000;
const trucks = demoDevices.filter((d) => d.tenant === tenant);
const truck = defined(trucks[0], 'a truck');
const driver = '00000000-0000-4000-8000-00000000c0de';
const day = (offset: number) => localDay(Date.now() - offset * dayMs, tz);
const week: InsightsQuery = { from: day(6), to: day(0), limit: 200 };
const north: InsightsQuery = { ...week, groupId: demoGroups.northDepot.id };
let cache: AnswerCache<Figures>;

/** One vehicle-day (unassigned time and `driver`) written as the daily figures job writes it, with the rollups above refreshed. */
async function writeDay(db: DbSession, deviceId: string, onDay: string, distanceM: number): Promise<void> {
  const k = [[deviceId], [onDay]];
  await db.query('DELETE FROM insights_daily WHERE device_id = $1 AND day = $2', [deviceId, onDay]);
  await db.query('DELETE FROM insights_vehicle_daily WHERE device_id = $1 AND day = $2', [deviceId, onDay]);
  await db.query(
    `INSERT INTO insights_daily (tenant_id, day, device_id, driver_slot, fixes, distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s,
            overspeed_events, harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, first_fix, last_fix)
     SELECT app_current_tenant(), $2::date, $1, slot, 10, $3 * share, 1800 * share, 120, 1920, 70, 2, 0, 0, 1, 0, NULL, 0, 0, $2::date::timestamptz, $2::date::timestamptz + interval '1 hour'
       FROM (VALUES ($4::uuid, 0.25), ($5::uuid, 0.75)) AS s(slot, share)`,
    [deviceId, onDay, distanceM, noDriverSlot, driver],
  );
  await db.query(
    `INSERT INTO insights_vehicle_daily
     SELECT tenant_id, day, device_id, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops), sum(overspeed_s),
            sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m)
       FROM insights_daily WHERE device_id = $1 AND day = $2 GROUP BY tenant_id, day, device_id`, [deviceId, onDay]);
  await db.query('SELECT insights_refresh_rollups($1::uuid[], $2::date[], $3::uuid[], $4::date[])', [...k, [driver], [onDay]]);
}

const inTenant = <T>(work: (db: DbSession) => Promise<T>, groups: readonly string[] | null = null) => suite.fleet.db.withTenant(tenant.id, work, groups);

/** The answer through the cache and afresh, in one transaction: they must be equal. */
async function answer(q: InsightsQuery, groups: readonly string[] | null = null): Promise<InsightsResponse> {
  return inTenant(async (db) => {
    const kept = await fleetInsights(db, q, tz, {}, cache);
    expect(kept).toEqual(await fleetInsights(db, q, tz));
    return kept;
  }, groups);
}

/** Asks `q`, expecting the cache to answer (`hit`) or to make the answer. */
async function expectServed(q: InsightsQuery, hit: boolean, groups: readonly string[] | null = null): Promise<InsightsResponse> {
  const before = { hits: cache.hits, misses: cache.misses };
  const body = await answer(q, groups);
  expect({ hits: cache.hits - before.hits, misses: cache.misses - before.misses }).toEqual(hit ? { hits: 1, misses: 0 } : { hits: 0, misses: 1 });
  return body;
}

beforeAll(async () => {
  cache = new AnswerCache<Figures>();
  await inTenant(async (db) => {
    await db.query(`INSERT INTO drivers (tenant_id, id, name) VALUES (app_current_tenant(), $1, 'Kept Driver')`, [driver]);
    for (const [v, t] of trucks.entries()) for (let d = 0; d < 20; d++) await writeDay(db, t.id, day(d), 10_000 + v * 1_000 + d * 10);
  });
});

describe('kept insights answers', () => {
  it('answers a repeated question from the cache, the same as afresh', async () => {
    const first = await expectServed(week, false);
    expect(first.totals.distanceKm).toBeGreaterThan(0);
    expect(await expectServed(week, true)).toEqual(first);
    await expectServed(north, false);
    await expectServed(north, true);
  });

  it('makes the answer again when a day it covers is rewritten, and not for a day outside it', async () => {
    const before = await expectServed(week, true);
    // Day 15 is in neither this week nor the one before it.
    await inTenant((db) => writeDay(db, truck.id, day(15), 99_999));
    await expectServed(week, true);
    await inTenant((db) => writeDay(db, truck.id, day(2), 55_555));
    const after = await expectServed(week, false);
    expect(after.totals.distanceKm).not.toBe(before.totals.distanceKm);
    // The previous period's days count too.
    await inTenant((db) => writeDay(db, truck.id, day(10), 44_444));
    expect((await expectServed(week, false)).previous.distanceKm).not.toBe(after.previous.distanceKm);
  });

  it('makes the answer again when rows are deleted (retention, a purge)', async () => {
    const before = await expectServed(week, true);
    await inTenant(async (db) => {
      await db.query('DELETE FROM insights_daily WHERE device_id = $1 AND day = $2', [truck.id, day(3)]);
      await db.query('DELETE FROM insights_vehicle_daily WHERE device_id = $1 AND day = $2', [truck.id, day(3)]);
      await db.query('SELECT insights_refresh_rollups($1::uuid[], $2::date[], $3::uuid[], $4::date[])', [[truck.id], [day(3)], [driver], [day(3)]]);
    });
    const after = await expectServed(week, false);
    expect(after.totals.distanceKm).toBeLessThan(before.totals.distanceKm);
  });

  it('follows vehicles renamed, moved to another group and added, and drivers renamed', async () => {
    await inTenant((db) => db.query(`UPDATE devices SET name = name || ' (renamed)' WHERE id = $1`, [truck.id]));
    expect((await expectServed(week, false)).vehicles.map((v) => v.name)).toContain(`${truck.name} (renamed)`);
    const moved = defined(trucks.find((t) => t !== truck && t.group?.id === demoGroups.northDepot.id), 'a north truck');
    const northBefore = await expectServed(north, false);
    await inTenant((db) => db.query('UPDATE devices SET group_id = $1 WHERE id = $2', [demoGroups.southDepot.id, moved.id]));
    const northAfter = await expectServed(north, false);
    expect(northAfter.vehicleCount).toBe(northBefore.vehicleCount - 1);
    await inTenant((db) => db.query(`INSERT INTO devices (tenant_id, unique_id, name) VALUES (app_current_tenant(), 'CACHE-NEW-1', 'Cache new')`));
    expect((await expectServed(week, false)).vehicleCount).toBe(trucks.length + 1);
    await inTenant((db) => db.query(`UPDATE drivers SET name = 'Kept Driver, renamed' WHERE id = $1`, [driver]));
    expect((await expectServed(week, false)).drivers.map((d) => d.name)).toContain('Kept Driver, renamed');
    // A last fix written to a vehicle (ingest) changes nothing an answer shows: still kept.
    await inTenant((db) => db.query('UPDATE devices SET last_seen_at = now() WHERE id = $1', [truck.id]));
    await expectServed(week, true);
  });

  it('never gives one reader\'s answer to a reader of another scope', async () => {
    const fleet = await expectServed(week, true);
    const south = await expectServed(week, false, [demoGroups.southDepot.id]);
    expect(south.vehicleCount).toBeLessThan(fleet.vehicleCount);
    await expectServed(week, true, [demoGroups.southDepot.id]);
    await expectServed(week, false, [demoGroups.northDepot.id]);
  });
});
