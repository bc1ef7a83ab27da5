-- Daily figures per vehicle, driver and day (issue 13), kept incrementally: ingest marks the
-- (vehicle, day) pairs its new fixes fall on in insights_dirty_days (one statement per batch,
-- decision 0150); a background job recomputes those days from the stored positions and the
-- driver assignments and replaces their rows in insights_daily. Days are calendar days in the
-- tenant's time zone at the time they were computed.

CREATE TABLE insights_dirty_days (
  tenant_id uuid NOT NULL,
  device_id uuid NOT NULL,
  day date NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, device_id, day)
);
ALTER TABLE insights_dirty_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE insights_dirty_days FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON insights_dirty_days
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
-- UPDATE: ingest's mark is an INSERT … ON CONFLICT DO UPDATE … WHERE false, which locks the mark
-- it finds until ingest commits (see server/insights/dirty-days.ts); it never changes a row.
GRANT SELECT, INSERT, UPDATE, DELETE ON insights_dirty_days TO {{app_role}};

-- driver_slot: the driver's id, or the nil uuid for time nobody was assigned (a key column
-- cannot be NULL). Sums over slots give the vehicle's day; sums over vehicles a driver's.
CREATE TABLE insights_daily (
  tenant_id uuid NOT NULL,
  day date NOT NULL,
  device_id uuid NOT NULL,
  driver_slot uuid NOT NULL,
  fixes integer NOT NULL,
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
  -- Sum of the fuel level's falls in percentage points (OBD); refuels are not subtracted.
  fuel_used_pct double precision NOT NULL,
  after_hours_s double precision NOT NULL,
  after_hours_m double precision NOT NULL,
  first_fix timestamptz NOT NULL,
  last_fix timestamptz NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, day, device_id, driver_slot)
);
CREATE INDEX insights_daily_device_idx ON insights_daily (tenant_id, device_id, day);
CREATE INDEX insights_daily_driver_idx ON insights_daily (tenant_id, driver_slot, day);
ALTER TABLE insights_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE insights_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON insights_daily
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
CREATE POLICY group_scope ON insights_daily AS RESTRICTIVE USING ((SELECT app_current_group_ids()) IS NULL
  OR device_id IN (SELECT d.id FROM devices d WHERE d.group_id = ANY ((SELECT app_current_group_ids())::uuid[])));
GRANT SELECT, INSERT, UPDATE, DELETE ON insights_daily TO {{app_role}};
