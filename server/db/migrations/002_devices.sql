-- The tenant's vehicles with their device's latest state. The provider's device registry
-- (hardware units, transfers between tenants, history) and the time-partitioned positions
-- table come later; this table then keeps the tenant's view and the last position cache.
CREATE TABLE devices (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- Hardware unit id (IMEI / dongle id) the device reports with.
  unique_id text NOT NULL CHECK (unique_id ~ '^[A-Za-z0-9._-]{1,64}$'),
  name text NOT NULL CHECK (btrim(name) <> ''),
  plate text,
  vehicle_type text NOT NULL DEFAULT 'car',
  group_id uuid,
  last_seen_at timestamptz,
  -- Last fix; all five are set together or not at all.
  fix_time timestamptz,
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  speed_kmh double precision CHECK (speed_kmh >= 0),
  course double precision CHECK (course >= 0 AND course <= 360),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id),
  CHECK (num_nulls(fix_time, latitude, longitude, speed_kmh, course) IN (0, 5))
);
-- A unit reports to one tenant at a time. Global until the provider registry owns this rule
-- (a distributed table could not keep a unique index without tenant_id).
CREATE UNIQUE INDEX devices_unique_id_key ON devices (unique_id);
CREATE INDEX devices_tenant_name_idx ON devices (tenant_id, lower(name));
ALTER TABLE devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE devices FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON devices
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

GRANT SELECT, INSERT, UPDATE, DELETE ON devices TO {{app_role}};
