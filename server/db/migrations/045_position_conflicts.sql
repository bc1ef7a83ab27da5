-- Two different fixes of one unit with the same fix time (issue 15 R5, decision 0113).
-- positions keeps one fix per (device, fix time): that key is what makes a resent report
-- harmless, and the track, trips and rules read fixes in strict time order. A second fix with
-- the same time but other content is not a retry: it is kept here, whole, instead of being
-- answered "duplicate" and dropped. A resend of that same second fix is stored once (digest).
CREATE TABLE position_conflicts (
  tenant_id uuid NOT NULL,
  device_id uuid NOT NULL,
  fix_time timestamptz NOT NULL,
  -- md5 of the fix's content as stored (columns + attributes).
  digest text NOT NULL,
  server_time timestamptz NOT NULL DEFAULT now(),
  latitude double precision NOT NULL,
  longitude double precision NOT NULL,
  speed_kmh real NOT NULL,
  course real NOT NULL,
  altitude_m real,
  accuracy_m real,
  valid boolean NOT NULL,
  ignition boolean,
  attributes jsonb,
  PRIMARY KEY (tenant_id, device_id, fix_time, digest)
);
ALTER TABLE position_conflicts ENABLE ROW LEVEL SECURITY;
ALTER TABLE position_conflicts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON position_conflicts
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
CREATE POLICY group_scope ON position_conflicts AS RESTRICTIVE USING ((SELECT app_current_group_ids()) IS NULL
  OR device_id IN (SELECT d.id FROM devices d WHERE d.group_id = ANY ((SELECT app_current_group_ids())::uuid[])));
GRANT SELECT, INSERT, DELETE ON position_conflicts TO {{app_role}};
