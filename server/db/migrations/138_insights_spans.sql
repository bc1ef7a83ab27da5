-- Rollups above the vehicle-day rows (issue 13, decision docs/decisions/0330-insights-from-spans.md).
-- The dashboard summed a period's vehicle-day rows on every request: 70,000 rows for a week of
-- 10,000 vehicles, 900,000 for 90 days, scattered over most of the table's blocks. These tables
-- hold the same sums over longer stretches, kept by the daily figures job in the transaction that
-- replaces the vehicle-days (insights_refresh_rollups below), so any period reads a few rows per
-- vehicle or driver and one row per day for the fleet.
--
-- A span is 2^k days (k = 0…8) starting at a multiple of 2^k days after 1970-01-01: any period
-- of up to 366 days is a union of at most ~16 such spans (server/insights/spans.ts), and a
-- span is the sum of its two halves, so a changed day rewrites one row per level.

-- The vehicle-day rows, covering in the same way: the single days at a period's ends and the
-- series of a group are read from the index alone, in day order.
ALTER TABLE insights_vehicle_daily DROP CONSTRAINT insights_vehicle_daily_pkey;
ALTER TABLE insights_vehicle_daily ADD PRIMARY KEY (tenant_id, day, device_id) INCLUDE (distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s, overspeed_events, harsh_acceleration, harsh_braking,
    fuel_used_pct, after_hours_s, after_hours_m);

-- The first day of the span of `span` days that holds `day`.
CREATE FUNCTION insights_span_start(p_day date, p_span integer) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT DATE '1970-01-01' + ((p_day - DATE '1970-01-01') / p_span) * p_span $$;

-- Per vehicle, spans of 2–256 days (a single day is insights_vehicle_daily's row).
-- days_used: vehicle-days with driving inside the span.
CREATE TABLE insights_vehicle_spans (
  tenant_id uuid NOT NULL,
  span smallint NOT NULL,
  start_day date NOT NULL,
  device_id uuid NOT NULL,
  distance_m double precision NOT NULL,
  driving_s double precision NOT NULL,
  idle_s double precision NOT NULL,
  engine_s double precision NOT NULL,
  top_speed_kmh real NOT NULL,
  stops integer NOT NULL,
  overspeed_s double precision NOT NULL,
  overspeed_events integer NOT NULL,
  harsh_acceleration integer NOT NULL,
  harsh_braking integer NOT NULL,
  fuel_used_pct double precision,
  after_hours_s double precision NOT NULL,
  after_hours_m double precision NOT NULL,
  days_used integer NOT NULL,
  -- Covering: a span's rows are read in key order from the index alone (index-only scans), not
  -- from heap blocks that the job's rewrites scatter.
  PRIMARY KEY (tenant_id, span, start_day, device_id) INCLUDE (distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s, overspeed_events, harsh_acceleration, harsh_braking,
    fuel_used_pct, after_hours_s, after_hours_m, days_used)
);
ALTER TABLE insights_vehicle_spans ENABLE ROW LEVEL SECURITY;
ALTER TABLE insights_vehicle_spans FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON insights_vehicle_spans
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
CREATE POLICY group_scope ON insights_vehicle_spans AS RESTRICTIVE USING ((SELECT app_current_group_ids()) IS NULL
  OR device_id IN (SELECT d.id FROM devices d WHERE d.group_id = ANY ((SELECT app_current_group_ids())::uuid[])));
GRANT SELECT, INSERT, UPDATE, DELETE ON insights_vehicle_spans TO {{app_role}};

-- Per day, the whole fleet: every vehicle-day row of the day summed; vehicles_used counts those
-- with driving. Only a session without group scope may read it (a scoped user's fleet is
-- smaller): the dashboard reads the vehicle-day rows for those.
CREATE TABLE insights_fleet_daily (
  tenant_id uuid NOT NULL,
  day date NOT NULL,
  distance_m double precision NOT NULL,
  driving_s double precision NOT NULL,
  idle_s double precision NOT NULL,
  engine_s double precision NOT NULL,
  top_speed_kmh real NOT NULL,
  stops integer NOT NULL,
  overspeed_s double precision NOT NULL,
  overspeed_events integer NOT NULL,
  harsh_acceleration integer NOT NULL,
  harsh_braking integer NOT NULL,
  fuel_used_pct double precision,
  after_hours_s double precision NOT NULL,
  after_hours_m double precision NOT NULL,
  vehicles_used integer NOT NULL,
  PRIMARY KEY (tenant_id, day)
);

-- Per driver (never the nil slot of unassigned time), spans of 1–256 days over all vehicles:
-- insights_daily's slot rows summed. vehicle_days_used: slot rows with driving. Unscoped only,
-- like the fleet's days: a driver's figures on another group's vehicles are not a scoped user's.
CREATE TABLE insights_driver_spans (
  tenant_id uuid NOT NULL,
  span smallint NOT NULL,
  start_day date NOT NULL,
  driver_slot uuid NOT NULL,
  distance_m double precision NOT NULL,
  driving_s double precision NOT NULL,
  idle_s double precision NOT NULL,
  engine_s double precision NOT NULL,
  top_speed_kmh real NOT NULL,
  stops integer NOT NULL,
  overspeed_s double precision NOT NULL,
  overspeed_events integer NOT NULL,
  harsh_acceleration integer NOT NULL,
  harsh_braking integer NOT NULL,
  fuel_used_pct double precision,
  after_hours_s double precision NOT NULL,
  after_hours_m double precision NOT NULL,
  vehicle_days_used integer NOT NULL,
  PRIMARY KEY (tenant_id, span, start_day, driver_slot) INCLUDE (distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s, overspeed_events, harsh_acceleration, harsh_braking,
    fuel_used_pct, after_hours_s, after_hours_m, vehicle_days_used)
);

DO $$
DECLARE
  t regclass;
BEGIN
  FOREACH t IN ARRAY ARRAY['insights_fleet_daily', 'insights_driver_spans']::regclass[] LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()))', t);
    EXECUTE format('CREATE POLICY group_scope ON %s AS RESTRICTIVE USING ((SELECT app_current_group_ids()) IS NULL)', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO {{app_role}}', t);
  END LOOP;
  -- Support sessions (migration 106): read with any active grant; only the job writes these.
  FOREACH t IN ARRAY ARRAY['insights_vehicle_spans', 'insights_fleet_daily', 'insights_driver_spans']::regclass[] LOOP
    EXECUTE format('CREATE POLICY support_grant_read ON %s AS RESTRICTIVE FOR SELECT TO {{app_role}} USING ((SELECT app_support_allows(false)))', t);
    EXECUTE format('CREATE POLICY support_grant_insert ON %s AS RESTRICTIVE FOR INSERT TO {{app_role}} WITH CHECK ((SELECT app_support_allows(true)))', t);
    EXECUTE format('CREATE POLICY support_grant_update ON %s AS RESTRICTIVE FOR UPDATE TO {{app_role}} USING ((SELECT app_support_allows(true)))', t);
    EXECUTE format('CREATE POLICY support_grant_delete ON %s AS RESTRICTIVE FOR DELETE TO {{app_role}} USING ((SELECT app_support_allows(true)))', t);
  END LOOP;
END
$$;

-- Recomputes every rollup that holds one of these vehicle-days (p_devices[i], p_days[i]) or
-- driver-days (p_drivers[i], p_driver_days[i]: the slots those vehicle-days had before and have
-- now), from the rows below it: a fleet day from its vehicle-day rows, a driver's day from its
-- slot rows, and each longer span from its two halves, level by level. Runs as the caller (RLS
-- applies; the daily figures job calls it unscoped, in the transaction that replaced the rows).
CREATE FUNCTION insights_refresh_rollups(p_devices uuid[], p_days date[], p_drivers uuid[], p_driver_days date[]) RETURNS void
  LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
  AS $$
  DECLARE
    s integer;
  BEGIN
    DELETE FROM insights_fleet_daily WHERE day = ANY (p_days);
    INSERT INTO insights_fleet_daily
    SELECT tenant_id, day, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops), sum(overspeed_s),
           sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m),
           count(*) FILTER (WHERE driving_s > 0)
      FROM insights_vehicle_daily WHERE day = ANY (p_days) GROUP BY tenant_id, day
      ON CONFLICT (tenant_id, day) DO UPDATE SET (distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s, overspeed_events, harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, vehicles_used)
        = (excluded.distance_m, excluded.driving_s, excluded.idle_s, excluded.engine_s, excluded.top_speed_kmh, excluded.stops, excluded.overspeed_s, excluded.overspeed_events, excluded.harsh_acceleration, excluded.harsh_braking, excluded.fuel_used_pct, excluded.after_hours_s, excluded.after_hours_m, excluded.vehicles_used);

    DELETE FROM insights_driver_spans d USING unnest(p_drivers, p_driver_days) AS x(driver_slot, day)
     WHERE d.span = 1 AND d.start_day = x.day AND d.driver_slot = x.driver_slot;
    INSERT INTO insights_driver_spans
    SELECT r.tenant_id, 1, r.day, r.driver_slot, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops), sum(overspeed_s),
           sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m),
           count(*) FILTER (WHERE driving_s > 0)
      FROM insights_daily r JOIN (SELECT DISTINCT u.driver_slot, u.day FROM unnest(p_drivers, p_driver_days) AS u(driver_slot, day)) AS x ON r.driver_slot = x.driver_slot AND r.day = x.day
     GROUP BY r.tenant_id, r.day, r.driver_slot
      ON CONFLICT (tenant_id, span, start_day, driver_slot) DO UPDATE SET (distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s, overspeed_events, harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, vehicle_days_used)
        = (excluded.distance_m, excluded.driving_s, excluded.idle_s, excluded.engine_s, excluded.top_speed_kmh, excluded.stops, excluded.overspeed_s, excluded.overspeed_events, excluded.harsh_acceleration, excluded.harsh_braking, excluded.fuel_used_pct, excluded.after_hours_s, excluded.after_hours_m, excluded.vehicle_days_used);

    s := 2;
    WHILE s <= 256 LOOP
      DELETE FROM insights_vehicle_spans v USING (SELECT DISTINCT device_id, insights_span_start(day, s) AS start_day FROM unnest(p_devices, p_days) AS x(device_id, day)) AS b
       WHERE v.span = s AND v.start_day = b.start_day AND v.device_id = b.device_id;
      INSERT INTO insights_vehicle_spans
      SELECT h.tenant_id, s, b.start_day, b.device_id, sum(h.distance_m), sum(h.driving_s), sum(h.idle_s), sum(h.engine_s), max(h.top_speed_kmh), sum(h.stops),
             sum(h.overspeed_s), sum(h.overspeed_events), sum(h.harsh_acceleration), sum(h.harsh_braking), sum(h.fuel_used_pct), sum(h.after_hours_s),
             sum(h.after_hours_m), sum(h.days_used)
        FROM (SELECT DISTINCT device_id, insights_span_start(day, s) AS start_day FROM unnest(p_devices, p_days) AS x(device_id, day)) AS b
        JOIN LATERAL (
          SELECT tenant_id, distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s, overspeed_events, harsh_acceleration, harsh_braking,
                 fuel_used_pct, after_hours_s, after_hours_m, (driving_s > 0)::int AS days_used
            FROM insights_vehicle_daily WHERE s = 2 AND device_id = b.device_id AND day IN (b.start_day, b.start_day + 1)
          UNION ALL
          SELECT tenant_id, distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s, overspeed_events, harsh_acceleration, harsh_braking,
                 fuel_used_pct, after_hours_s, after_hours_m, days_used
            FROM insights_vehicle_spans WHERE s > 2 AND span = s / 2 AND device_id = b.device_id AND start_day IN (b.start_day, b.start_day + s / 2)
        ) AS h ON true
       GROUP BY h.tenant_id, b.start_day, b.device_id
      ON CONFLICT (tenant_id, span, start_day, device_id) DO UPDATE SET (distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s, overspeed_events, harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, days_used)
        = (excluded.distance_m, excluded.driving_s, excluded.idle_s, excluded.engine_s, excluded.top_speed_kmh, excluded.stops, excluded.overspeed_s, excluded.overspeed_events, excluded.harsh_acceleration, excluded.harsh_braking, excluded.fuel_used_pct, excluded.after_hours_s, excluded.after_hours_m, excluded.days_used);

      DELETE FROM insights_driver_spans d USING (SELECT DISTINCT driver_slot, insights_span_start(day, s) AS start_day FROM unnest(p_drivers, p_driver_days) AS x(driver_slot, day)) AS b
       WHERE d.span = s AND d.start_day = b.start_day AND d.driver_slot = b.driver_slot;
      INSERT INTO insights_driver_spans
      SELECT h.tenant_id, s, b.start_day, b.driver_slot, sum(h.distance_m), sum(h.driving_s), sum(h.idle_s), sum(h.engine_s), max(h.top_speed_kmh), sum(h.stops),
             sum(h.overspeed_s), sum(h.overspeed_events), sum(h.harsh_acceleration), sum(h.harsh_braking), sum(h.fuel_used_pct), sum(h.after_hours_s),
             sum(h.after_hours_m), sum(h.vehicle_days_used)
        FROM (SELECT DISTINCT driver_slot, insights_span_start(day, s) AS start_day FROM unnest(p_drivers, p_driver_days) AS x(driver_slot, day)) AS b
        JOIN insights_driver_spans h ON h.span = s / 2 AND h.driver_slot = b.driver_slot AND h.start_day IN (b.start_day, b.start_day + s / 2)
       GROUP BY h.tenant_id, b.start_day, b.driver_slot
      ON CONFLICT (tenant_id, span, start_day, driver_slot) DO UPDATE SET (distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s, overspeed_events, harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, vehicle_days_used)
        = (excluded.distance_m, excluded.driving_s, excluded.idle_s, excluded.engine_s, excluded.top_speed_kmh, excluded.stops, excluded.overspeed_s, excluded.overspeed_events, excluded.harsh_acceleration, excluded.harsh_braking, excluded.fuel_used_pct, excluded.after_hours_s, excluded.after_hours_m, excluded.vehicle_days_used);
      s := s * 2;
    END LOOP;
  END
  $$;
GRANT EXECUTE ON FUNCTION insights_refresh_rollups(uuid[], date[], uuid[], date[]) TO {{app_role}};

-- Every rollup rebuilt from the rows below it, set-based (this migration; benches and tests that
-- fill the daily rows directly). Runs as the caller, like the job: RLS decides which tenant.
CREATE FUNCTION insights_rebuild_rollups() RETURNS void
  LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
  AS $$
  DECLARE
    s integer;
  BEGIN
    DELETE FROM insights_fleet_daily;
    DELETE FROM insights_vehicle_spans;
    DELETE FROM insights_driver_spans;
    INSERT INTO insights_fleet_daily
    SELECT tenant_id, day, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops), sum(overspeed_s),
           sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m),
           count(*) FILTER (WHERE driving_s > 0)
      FROM insights_vehicle_daily GROUP BY tenant_id, day;
    INSERT INTO insights_vehicle_spans
    SELECT tenant_id, 2, insights_span_start(day, 2), device_id, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops),
           sum(overspeed_s), sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m),
           count(*) FILTER (WHERE driving_s > 0)
      FROM insights_vehicle_daily GROUP BY tenant_id, insights_span_start(day, 2), device_id;
    INSERT INTO insights_driver_spans
    SELECT tenant_id, 1, day, driver_slot, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops), sum(overspeed_s),
           sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m),
           count(*) FILTER (WHERE driving_s > 0)
      FROM insights_daily WHERE driver_slot <> '00000000-0000-0000-0000-000000000000' GROUP BY tenant_id, day, driver_slot;
    s := 2;
    WHILE s <= 256 LOOP
      IF s > 2 THEN
        INSERT INTO insights_vehicle_spans
        SELECT tenant_id, s, insights_span_start(start_day, s), device_id, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops),
               sum(overspeed_s), sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m),
               sum(days_used)
          FROM insights_vehicle_spans WHERE span = s / 2 GROUP BY tenant_id, insights_span_start(start_day, s), device_id;
      END IF;
      INSERT INTO insights_driver_spans
      SELECT tenant_id, s, insights_span_start(start_day, s), driver_slot, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops),
             sum(overspeed_s), sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m),
             sum(vehicle_days_used)
        FROM insights_driver_spans WHERE span = s / 2 GROUP BY tenant_id, insights_span_start(start_day, s), driver_slot;
      s := s * 2;
    END LOOP;
  END
  $$;
GRANT EXECUTE ON FUNCTION insights_rebuild_rollups() TO {{app_role}};

-- The figures kept so far, across tenants: FORCE binds the owner too (a DATABASE_URL owner is no
-- superuser), so it is lifted for the rebuild and restored in the same transaction (as in 116).
ALTER TABLE insights_vehicle_daily NO FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_daily NO FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_vehicle_spans NO FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_fleet_daily NO FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_driver_spans NO FORCE ROW LEVEL SECURITY;
SELECT insights_rebuild_rollups();
ALTER TABLE insights_vehicle_daily FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_daily FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_vehicle_spans FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_fleet_daily FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_driver_spans FORCE ROW LEVEL SECURITY;
