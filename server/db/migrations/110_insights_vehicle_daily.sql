-- One row per vehicle and day (issue 13): insights_daily summed over its driver slots, kept by the
-- daily figures job in the same transaction that replaces a vehicle-day's slot rows. The insights
-- dashboard ranks 10,000 vehicles over up to a year from these rows: half the rows or fewer, and
-- "vehicle-days used" is count(*) instead of a DISTINCT over (vehicle, day), so PostgreSQL can
-- aggregate by hashing (decision 0220).

CREATE TABLE insights_vehicle_daily (
  tenant_id uuid NOT NULL,
  day date NOT NULL,
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
  fuel_used_pct double precision NOT NULL,
  after_hours_s double precision NOT NULL,
  after_hours_m double precision NOT NULL,
  PRIMARY KEY (tenant_id, day, device_id)
);
ALTER TABLE insights_vehicle_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE insights_vehicle_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON insights_vehicle_daily
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
CREATE POLICY group_scope ON insights_vehicle_daily AS RESTRICTIVE USING ((SELECT app_current_group_ids()) IS NULL
  OR device_id IN (SELECT d.id FROM devices d WHERE d.group_id = ANY ((SELECT app_current_group_ids())::uuid[])));
GRANT SELECT, INSERT, DELETE ON insights_vehicle_daily TO {{app_role}};

INSERT INTO insights_vehicle_daily
SELECT tenant_id, day, device_id, sum(distance_m), sum(driving_s), sum(idle_s), sum(engine_s), max(top_speed_kmh), sum(stops), sum(overspeed_s),
       sum(overspeed_events), sum(harsh_acceleration), sum(harsh_braking), sum(fuel_used_pct), sum(after_hours_s), sum(after_hours_m)
  FROM insights_daily GROUP BY tenant_id, day, device_id;

-- Support sessions (migration 106): read with any active grant, write only with a read-write one.
CREATE POLICY support_grant_read ON insights_vehicle_daily AS RESTRICTIVE FOR SELECT TO {{app_role}} USING ((SELECT app_support_allows(false)));
CREATE POLICY support_grant_insert ON insights_vehicle_daily AS RESTRICTIVE FOR INSERT TO {{app_role}} WITH CHECK ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_update ON insights_vehicle_daily AS RESTRICTIVE FOR UPDATE TO {{app_role}} USING ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_delete ON insights_vehicle_daily AS RESTRICTIVE FOR DELETE TO {{app_role}} USING ((SELECT app_support_allows(true)));
