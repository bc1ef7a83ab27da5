-- Migration 110 filled insights_vehicle_daily from insights_daily as the migrating role. Where
-- DATABASE_URL's owner is no superuser, FORCE ROW LEVEL SECURITY bound that role too: with no
-- account set, its SELECT saw no rows, so nothing was filled and the dashboard showed no figures
-- for the days before the upgrade. The vehicle-days missing here are summed from their driver
-- slots now; the days the daily figures job has written since are already right and stay.
-- FORCE is lifted for the copy across accounts and restored in the same transaction (as in 116).
ALTER TABLE insights_daily NO FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_vehicle_daily NO FORCE ROW LEVEL SECURITY;
INSERT INTO insights_vehicle_daily (tenant_id, day, device_id, distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s,
                                    overspeed_events, harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m)
SELECT tenant_id, day, device_id, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops), sum(overspeed_s),
       sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m)
  FROM insights_daily GROUP BY tenant_id, day, device_id
ON CONFLICT (tenant_id, day, device_id) DO NOTHING;
ALTER TABLE insights_daily FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_vehicle_daily FORCE ROW LEVEL SECURITY;
