-- Geofence visits (issue 13 item 4, decision 0355): one row per time a vehicle was inside one of
-- its tenant's geofences, for every geofence (alerting or not). Ingest opens a visit at the first
-- fix inside and closes it at the first fix outside, in the batch's transaction; late data rebuilds
-- the device's visits from the late fix on; a deleted geofence takes its visits with it.
CREATE TABLE geofence_visits (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  device_id uuid NOT NULL,
  geofence_id uuid NOT NULL,
  entered_at timestamptz NOT NULL,
  -- The first fix outside; NULL while the vehicle is (as far as its newest fix tells) still inside.
  left_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, device_id, geofence_id, entered_at),
  FOREIGN KEY (tenant_id, geofence_id) REFERENCES geofences (tenant_id, id) ON DELETE CASCADE,
  CHECK (left_at IS NULL OR left_at >= entered_at)
);
-- At most one open visit per vehicle and geofence: what ingest closes.
CREATE UNIQUE INDEX geofence_visits_open_idx ON geofence_visits (tenant_id, device_id, geofence_id) WHERE left_at IS NULL;
-- Reports read a vehicle's visits that began before the period's end.
CREATE INDEX geofence_visits_device_idx ON geofence_visits (tenant_id, device_id, entered_at);
ALTER TABLE geofence_visits ENABLE ROW LEVEL SECURITY;
ALTER TABLE geofence_visits FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON geofence_visits
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
CREATE POLICY group_scope ON geofence_visits AS RESTRICTIVE USING ((SELECT app_current_group_ids()) IS NULL
  OR device_id IN (SELECT d.id FROM devices d WHERE d.group_id = ANY ((SELECT app_current_group_ids())::uuid[])));
GRANT SELECT, INSERT, UPDATE, DELETE ON geofence_visits TO {{app_role}};

-- Vehicles whose visits are still to be built from their stored positions: every vehicle that
-- existed before this migration (the backfill, server/geofences/visit-backfill.ts, takes them a
-- few at a time after start and deletes each mark with the rebuild's commit).
CREATE TABLE geofence_visit_backfill (
  tenant_id uuid NOT NULL,
  device_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, device_id)
);
ALTER TABLE geofence_visit_backfill ENABLE ROW LEVEL SECURITY;
ALTER TABLE geofence_visit_backfill FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON geofence_visit_backfill
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
CREATE POLICY group_scope ON geofence_visit_backfill AS RESTRICTIVE USING ((SELECT app_current_group_ids()) IS NULL);
GRANT SELECT, INSERT, UPDATE, DELETE ON geofence_visit_backfill TO {{app_role}};

-- Support sessions (migration 106): read with any active grant, write only with a read-write one.
CREATE POLICY support_grant_read ON geofence_visits AS RESTRICTIVE FOR SELECT TO {{app_role}} USING ((SELECT app_support_allows(false)));
CREATE POLICY support_grant_insert ON geofence_visits AS RESTRICTIVE FOR INSERT TO {{app_role}} WITH CHECK ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_update ON geofence_visits AS RESTRICTIVE FOR UPDATE TO {{app_role}} USING ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_delete ON geofence_visits AS RESTRICTIVE FOR DELETE TO {{app_role}} USING ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_read ON geofence_visit_backfill AS RESTRICTIVE FOR SELECT TO {{app_role}} USING ((SELECT app_support_allows(false)));
CREATE POLICY support_grant_insert ON geofence_visit_backfill AS RESTRICTIVE FOR INSERT TO {{app_role}} WITH CHECK ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_update ON geofence_visit_backfill AS RESTRICTIVE FOR UPDATE TO {{app_role}} USING ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_delete ON geofence_visit_backfill AS RESTRICTIVE FOR DELETE TO {{app_role}} USING ((SELECT app_support_allows(true)));

-- The marks, across accounts: FORCE is lifted for the copy and restored in the same transaction
-- (as in 116 and 129), so an owner that is no superuser sees every account's vehicles.
ALTER TABLE devices NO FORCE ROW LEVEL SECURITY;
ALTER TABLE geofence_visit_backfill NO FORCE ROW LEVEL SECURITY;
INSERT INTO geofence_visit_backfill (tenant_id, device_id) SELECT tenant_id, id FROM devices;
ALTER TABLE devices FORCE ROW LEVEL SECURITY;
ALTER TABLE geofence_visit_backfill FORCE ROW LEVEL SECURITY;

-- A schedule may send the geofence visits report too (contract/api/report-schedules.ts reportKinds).
ALTER TABLE report_schedules DROP CONSTRAINT report_schedules_report_check;
ALTER TABLE report_schedules ADD CONSTRAINT report_schedules_report_check
  CHECK (report IN ('fleet-insights', 'trips', 'stops', 'idling', 'speeding', 'dtc-history', 'daily-summary', 'driver-scorecard', 'geofence-visits'));
