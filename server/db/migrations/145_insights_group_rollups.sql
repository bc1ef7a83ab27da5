-- Rollups per vehicle group (issue 13, decision docs/decisions/0405-insights-group-rollups.md).
-- With a group filter the dashboard read the group's vehicle-day rows for its series (every
-- vehicle-day of the period, 900,000 index entries for 90 days of 10,000 vehicles, to keep the
-- group's quarter) and the group's slot rows for its drivers (≈ 600,000 rows read through the
-- driver index for a month, 2 s). These tables hold the same sums per group: one row per group
-- and day, and per group and driver the spans of migration 138 (2^k days, k = 0…8), kept by the
-- daily figures job in the transaction that replaces the rows below them.
--
-- A group's figures are those of the vehicles in it now (the dashboard's filter is the vehicle's
-- current group_id), so a vehicle that changes group, or goes, changes every day of two groups:
-- a trigger marks those groups in insights_group_stale, the dashboard reads the rows below for a
-- marked group (the answer stays exact), and the job's next round rebuilds the group's rollups.

-- Per group and day: the vehicle-day rows of the group's vehicles summed; vehicles_used counts
-- those with driving (as insights_fleet_daily does for the fleet).
CREATE TABLE insights_group_daily (
  tenant_id uuid NOT NULL,
  group_id uuid NOT NULL,
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
  PRIMARY KEY (tenant_id, group_id, day)
);

-- Per group and driver (never the nil slot), spans of 1–256 days: the slot rows of the group's
-- vehicles summed. vehicle_days_used: slot rows with driving (as in insights_driver_spans).
CREATE TABLE insights_group_driver_spans (
  tenant_id uuid NOT NULL,
  group_id uuid NOT NULL,
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
  -- Covering, like the other spans: a period's pieces are read from the index alone.
  PRIMARY KEY (tenant_id, group_id, span, start_day, driver_slot) INCLUDE (distance_m, driving_s, idle_s, engine_s, top_speed_kmh, stops, overspeed_s, overspeed_events,
    harsh_acceleration, harsh_braking, fuel_used_pct, after_hours_s, after_hours_m, vehicle_days_used)
);

-- Groups whose rollups no longer match their vehicles (a vehicle moved in or out, or was
-- deleted). marked_at: a mark renewed while the job rebuilds the group stays for the next round.
CREATE TABLE insights_group_stale (
  tenant_id uuid NOT NULL,
  group_id uuid NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, group_id)
);

DO $$
DECLARE
  t regclass;
BEGIN
  FOREACH t IN ARRAY ARRAY['insights_group_daily', 'insights_group_driver_spans', 'insights_group_stale']::regclass[] LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO {{app_role}}', t);
    -- Support sessions (migration 106): read with any active grant; only the job writes these.
    EXECUTE format('CREATE POLICY support_grant_read ON %s AS RESTRICTIVE FOR SELECT TO {{app_role}} USING ((SELECT app_support_allows(false)))', t);
    EXECUTE format('CREATE POLICY support_grant_insert ON %s AS RESTRICTIVE FOR INSERT TO {{app_role}} WITH CHECK ((SELECT app_support_allows(true)))', t);
    EXECUTE format('CREATE POLICY support_grant_update ON %s AS RESTRICTIVE FOR UPDATE TO {{app_role}} USING ((SELECT app_support_allows(true)))', t);
    EXECUTE format('CREATE POLICY support_grant_delete ON %s AS RESTRICTIVE FOR DELETE TO {{app_role}} USING ((SELECT app_support_allows(true)))', t);
  END LOOP;
  -- A group-scoped session reads its own groups' figures: those are exactly its vehicles'.
  FOREACH t IN ARRAY ARRAY['insights_group_daily', 'insights_group_driver_spans']::regclass[] LOOP
    EXECUTE format('CREATE POLICY group_scope ON %s AS RESTRICTIVE USING ((SELECT app_current_group_ids()) IS NULL OR group_id = ANY ((SELECT app_current_group_ids())::uuid[]))', t);
  END LOOP;
END
$$;

-- A vehicle's group changed, or the vehicle went: both groups' rollups are stale. SECURITY
-- DEFINER: whoever moves the vehicle (an admin's session, a scoped dispatcher, the owner in a
-- migration) marks the group, whatever the marks' policies let that role write. The purge of an
-- account (migration 111, app.purge_tenant) deletes its marks and rollups anyway: no mark then.
CREATE FUNCTION insights_mark_group_stale() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  DECLARE
    moved uuid[] := ARRAY[OLD.group_id];
  BEGIN
    IF coalesce(current_setting('app.purge_tenant', true), '') <> '' THEN RETURN NULL; END IF;
    IF TG_OP = 'UPDATE' THEN moved := moved || NEW.group_id; END IF;
    INSERT INTO public.insights_group_stale (tenant_id, group_id)
    SELECT DISTINCT OLD.tenant_id, g FROM unnest(moved) AS g WHERE g IS NOT NULL
    ON CONFLICT (tenant_id, group_id) DO UPDATE SET marked_at = excluded.marked_at;
    RETURN NULL;
  END
  $$;
-- The owner writes marks for any account (the function runs as the owner).
CREATE POLICY owner_marks_group_stale ON insights_group_stale TO CURRENT_USER USING (true) WITH CHECK (true);
REVOKE ALL ON FUNCTION insights_mark_group_stale() FROM PUBLIC;
-- A vehicle created in a group has no figures yet: only moves and deletions mark.
CREATE TRIGGER devices_insights_group_moved AFTER UPDATE OF group_id ON devices
  FOR EACH ROW WHEN (OLD.group_id IS DISTINCT FROM NEW.group_id) EXECUTE FUNCTION insights_mark_group_stale();
CREATE TRIGGER devices_insights_group_deleted AFTER DELETE ON devices
  FOR EACH ROW WHEN (OLD.group_id IS NOT NULL) EXECUTE FUNCTION insights_mark_group_stale();

-- Rebuilds the group rollups of these groups (NULL: every group) from the rows below them, with
-- the vehicles' current groups. Runs as the caller: RLS decides which tenant.
CREATE FUNCTION insights_rebuild_group_rollups(p_groups uuid[]) RETURNS void
  LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
  AS $$
  DECLARE
    s integer;
  BEGIN
    DELETE FROM insights_group_daily WHERE p_groups IS NULL OR group_id = ANY (p_groups);
    DELETE FROM insights_group_driver_spans WHERE p_groups IS NULL OR group_id = ANY (p_groups);
    INSERT INTO insights_group_daily
    SELECT v.tenant_id, d.group_id, v.day, sum(v.distance_m), sum(v.driving_s), sum(v.idle_s), sum(v.engine_s), max(v.top_speed_kmh), sum(v.stops),
           sum(v.overspeed_s), sum(v.overspeed_events), sum(v.harsh_acceleration), sum(v.harsh_braking), sum(v.fuel_used_pct), sum(v.after_hours_s),
           sum(v.after_hours_m), count(*) FILTER (WHERE v.driving_s > 0)
      FROM insights_vehicle_daily v JOIN devices d ON d.id = v.device_id
     WHERE d.group_id IS NOT NULL AND (p_groups IS NULL OR d.group_id = ANY (p_groups))
     GROUP BY v.tenant_id, d.group_id, v.day;
    INSERT INTO insights_group_driver_spans
    SELECT r.tenant_id, d.group_id, 1, r.day, r.driver_slot, sum(r.distance_m), sum(r.driving_s), sum(r.idle_s), sum(r.engine_s), max(r.top_speed_kmh), sum(r.stops),
           sum(r.overspeed_s), sum(r.overspeed_events), sum(r.harsh_acceleration), sum(r.harsh_braking), sum(r.fuel_used_pct), sum(r.after_hours_s),
           sum(r.after_hours_m), count(*) FILTER (WHERE r.driving_s > 0)
      FROM insights_daily r JOIN devices d ON d.id = r.device_id
     WHERE r.driver_slot <> '00000000-0000-0000-0000-000000000000' AND d.group_id IS NOT NULL AND (p_groups IS NULL OR d.group_id = ANY (p_groups))
     GROUP BY r.tenant_id, d.group_id, r.day, r.driver_slot;
    s := 2;
    WHILE s <= 256 LOOP
      INSERT INTO insights_group_driver_spans
      SELECT tenant_id, group_id, s, insights_span_start(start_day, s), driver_slot, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh),
             sum(stops), sum(overspeed_s), sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s),
             sum(after_hours_m), sum(vehicle_days_used)
        FROM insights_group_driver_spans WHERE span = s / 2 AND (p_groups IS NULL OR group_id = ANY (p_groups))
       GROUP BY tenant_id, group_id, insights_span_start(start_day, s), driver_slot;
      s := s * 2;
    END LOOP;
  END
  $$;
GRANT EXECUTE ON FUNCTION insights_rebuild_group_rollups(uuid[]) TO {{app_role}};

-- The job's round: rebuilds the groups marked stale (a batch, skipping marks another session
-- holds) and removes their marks. A mark renewed after it was taken here waits for this
-- transaction (its row is locked), then stays: the group is rebuilt again next round. Answers
-- how many groups were rebuilt.
CREATE FUNCTION insights_rebuild_stale_groups(p_limit integer) RETURNS integer
  LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
  AS $$
  DECLARE
    groups uuid[];
    stamps timestamptz[];
  BEGIN
    SELECT array_agg(group_id), array_agg(marked_at) INTO groups, stamps
      FROM (SELECT group_id, marked_at FROM insights_group_stale ORDER BY marked_at LIMIT p_limit FOR UPDATE SKIP LOCKED) AS m;
    IF groups IS NULL THEN RETURN 0; END IF;
    PERFORM insights_rebuild_group_rollups(groups);
    DELETE FROM insights_group_stale s USING unnest(groups, stamps) AS t(group_id, marked_at)
     WHERE s.group_id = t.group_id AND s.marked_at = t.marked_at;
    RETURN cardinality(groups);
  END
  $$;
GRANT EXECUTE ON FUNCTION insights_rebuild_stale_groups(integer) TO {{app_role}};

-- The incremental refresh of migration 138 keeps its name for the job; the group rollups of the
-- same vehicle-days and driver-days are refreshed after it, in the same call.
ALTER FUNCTION insights_refresh_rollups(uuid[], date[], uuid[], date[]) RENAME TO insights_refresh_vehicle_rollups;
CREATE FUNCTION insights_refresh_rollups(p_devices uuid[], p_days date[], p_drivers uuid[], p_driver_days date[]) RETURNS void
  LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
  AS $$
  DECLARE
    s integer;
    g_groups uuid[];
    g_days date[];
    t_groups uuid[];
    t_drivers uuid[];
    t_days date[];
  BEGIN
    PERFORM insights_refresh_vehicle_rollups(p_devices, p_days, p_drivers, p_driver_days);

    -- The (group, day) pairs of these vehicle-days, each re-summed from its vehicle-day rows.
    SELECT coalesce(array_agg(group_id), '{}'), coalesce(array_agg(day), '{}') INTO g_groups, g_days
      FROM (SELECT DISTINCT d.group_id, x.day FROM unnest(p_devices, p_days) AS x(device_id, day) JOIN devices d ON d.id = x.device_id
             WHERE d.group_id IS NOT NULL) AS pairs;
    IF cardinality(g_groups) = 0 THEN RETURN; END IF;
    DELETE FROM insights_group_daily g USING unnest(g_groups, g_days) AS x(group_id, day) WHERE g.group_id = x.group_id AND g.day = x.day;
    INSERT INTO insights_group_daily
    SELECT v.tenant_id, d.group_id, v.day, sum(v.distance_m), sum(v.driving_s), sum(v.idle_s), sum(v.engine_s), max(v.top_speed_kmh), sum(v.stops),
           sum(v.overspeed_s), sum(v.overspeed_events), sum(v.harsh_acceleration), sum(v.harsh_braking), sum(v.fuel_used_pct), sum(v.after_hours_s),
           sum(v.after_hours_m), count(*) FILTER (WHERE v.driving_s > 0)
      FROM unnest(g_groups, g_days) AS x(group_id, day)
      JOIN devices d ON d.group_id = x.group_id
      JOIN insights_vehicle_daily v ON v.day = x.day AND v.device_id = d.id
     GROUP BY v.tenant_id, d.group_id, v.day;

    -- The (group, driver, day) triples: every driver-day given, in every group of a vehicle
    -- replaced that day (a superset of the triples whose rows changed; recomputing more is exact).
    SELECT coalesce(array_agg(group_id), '{}'), coalesce(array_agg(driver_slot), '{}'), coalesce(array_agg(day), '{}') INTO t_groups, t_drivers, t_days
      FROM (SELECT DISTINCT g.group_id, u.driver_slot, u.day FROM unnest(p_drivers, p_driver_days) AS u(driver_slot, day)
              JOIN unnest(g_groups, g_days) AS g(group_id, day) ON g.day = u.day) AS triples;
    IF cardinality(t_groups) = 0 THEN RETURN; END IF;
    DELETE FROM insights_group_driver_spans s USING unnest(t_groups, t_drivers, t_days) AS x(group_id, driver_slot, day)
     WHERE s.span = 1 AND s.group_id = x.group_id AND s.start_day = x.day AND s.driver_slot = x.driver_slot;
    INSERT INTO insights_group_driver_spans
    SELECT r.tenant_id, x.group_id, 1, r.day, r.driver_slot, sum(r.distance_m), sum(r.driving_s), sum(r.idle_s), sum(r.engine_s), max(r.top_speed_kmh), sum(r.stops),
           sum(r.overspeed_s), sum(r.overspeed_events), sum(r.harsh_acceleration), sum(r.harsh_braking), sum(r.fuel_used_pct), sum(r.after_hours_s),
           sum(r.after_hours_m), count(*) FILTER (WHERE r.driving_s > 0)
      FROM unnest(t_groups, t_drivers, t_days) AS x(group_id, driver_slot, day)
      JOIN insights_daily r ON r.driver_slot = x.driver_slot AND r.day = x.day
      JOIN devices d ON d.id = r.device_id AND d.group_id = x.group_id
     GROUP BY r.tenant_id, x.group_id, r.day, r.driver_slot;

    s := 2;
    WHILE s <= 256 LOOP
      DELETE FROM insights_group_driver_spans h
       USING (SELECT DISTINCT x.group_id, x.driver_slot, insights_span_start(x.day, s) AS start_day FROM unnest(t_groups, t_drivers, t_days) AS x(group_id, driver_slot, day)) AS b
       WHERE h.span = s AND h.group_id = b.group_id AND h.start_day = b.start_day AND h.driver_slot = b.driver_slot;
      INSERT INTO insights_group_driver_spans
      SELECT h.tenant_id, b.group_id, s, b.start_day, b.driver_slot, sum(h.distance_m), sum(h.driving_s), sum(h.idle_s), sum(h.engine_s), max(h.top_speed_kmh),
             sum(h.stops), sum(h.overspeed_s), sum(h.overspeed_events), sum(h.harsh_acceleration), sum(h.harsh_braking), sum(h.fuel_used_pct),
             sum(h.after_hours_s), sum(h.after_hours_m), sum(h.vehicle_days_used)
        FROM (SELECT DISTINCT x.group_id, x.driver_slot, insights_span_start(x.day, s) AS start_day FROM unnest(t_groups, t_drivers, t_days) AS x(group_id, driver_slot, day)) AS b
        JOIN insights_group_driver_spans h ON h.span = s / 2 AND h.group_id = b.group_id AND h.driver_slot = b.driver_slot AND h.start_day IN (b.start_day, b.start_day + s / 2)
       GROUP BY h.tenant_id, b.group_id, b.start_day, b.driver_slot;
      s := s * 2;
    END LOOP;
  END
  $$;
GRANT EXECUTE ON FUNCTION insights_refresh_rollups(uuid[], date[], uuid[], date[]) TO {{app_role}};

-- The set-based rebuild (benches, tests that fill the daily rows directly) rebuilds the group
-- rollups too, and clears the marks it makes moot.
ALTER FUNCTION insights_rebuild_rollups() RENAME TO insights_rebuild_vehicle_rollups;
CREATE FUNCTION insights_rebuild_rollups() RETURNS void
  LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
  AS $$
  BEGIN
    PERFORM insights_rebuild_vehicle_rollups();
    DELETE FROM insights_group_stale;
    PERFORM insights_rebuild_group_rollups(NULL);
  END
  $$;
GRANT EXECUTE ON FUNCTION insights_rebuild_rollups() TO {{app_role}};

-- The figures kept so far, across accounts (FORCE lifted and restored as in 138).
ALTER TABLE insights_vehicle_daily NO FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_daily NO FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_group_daily NO FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_group_driver_spans NO FORCE ROW LEVEL SECURITY;
ALTER TABLE devices NO FORCE ROW LEVEL SECURITY;
SELECT insights_rebuild_group_rollups(NULL);
ALTER TABLE insights_vehicle_daily FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_daily FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_group_daily FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_group_driver_spans FORCE ROW LEVEL SECURITY;
ALTER TABLE devices FORCE ROW LEVEL SECURITY;
