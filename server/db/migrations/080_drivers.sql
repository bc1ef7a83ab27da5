-- Drivers (issue 13): tenant records, and who drove which vehicle when. Both tables follow 001's
-- rules (tenant_id first in the key, ENABLE + FORCE RLS, tenant_isolation in 026's InitPlan
-- form). A driver with a group is visible to members scoped to that group (like geofences: no
-- group = everyone's); an assignment is keyed by its vehicle, so the vehicle's group scope decides.

CREATE TABLE drivers (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 120),
  employee_number text CHECK (length(employee_number) BETWEEN 1 AND 40),
  licence_expires_on date,
  group_id uuid,
  -- The key fob / card id a tracker reports; matched exactly.
  tag_id text CHECK (length(tag_id) BETWEEN 1 AND 64),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id)
);
CREATE UNIQUE INDEX drivers_tag_key ON drivers (tenant_id, tag_id) WHERE tag_id IS NOT NULL;
CREATE UNIQUE INDEX drivers_employee_number_key ON drivers (tenant_id, employee_number) WHERE employee_number IS NOT NULL;
ALTER TABLE drivers ENABLE ROW LEVEL SECURITY;
ALTER TABLE drivers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON drivers
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
CREATE POLICY group_scope ON drivers AS RESTRICTIVE
  USING (group_id IS NULL OR (SELECT app_current_group_ids()) IS NULL OR group_id = ANY ((SELECT app_current_group_ids())::uuid[]));
GRANT SELECT, INSERT, UPDATE, DELETE ON drivers TO {{app_role}};

-- [starts_at, ends_at): ends_at NULL = still driving it. Overlaps (per vehicle and per driver)
-- are prevented by the API under a lock on the vehicle's row (no btree_gist here: the extension
-- is not available on every PostgreSQL the fleet cloud runs on).
CREATE TABLE driver_assignments (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  device_id uuid NOT NULL,
  driver_id uuid NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz CHECK (ends_at > starts_at),
  source text NOT NULL CHECK (source IN ('manual', 'tag')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE,
  -- RESTRICT: a driver who drove stays, so history keeps its names (the API answers 409).
  FOREIGN KEY (tenant_id, driver_id) REFERENCES drivers (tenant_id, id)
);
CREATE INDEX driver_assignments_device_idx ON driver_assignments (tenant_id, device_id, starts_at DESC);
CREATE INDEX driver_assignments_driver_idx ON driver_assignments (tenant_id, driver_id, starts_at DESC);
CREATE UNIQUE INDEX driver_assignments_one_open_per_device ON driver_assignments (tenant_id, device_id) WHERE ends_at IS NULL;
CREATE UNIQUE INDEX driver_assignments_one_open_per_driver ON driver_assignments (tenant_id, driver_id) WHERE ends_at IS NULL;
ALTER TABLE driver_assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE driver_assignments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON driver_assignments
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
CREATE POLICY group_scope ON driver_assignments AS RESTRICTIVE USING ((SELECT app_current_group_ids()) IS NULL
  OR device_id IN (SELECT d.id FROM devices d WHERE d.group_id = ANY ((SELECT app_current_group_ids())::uuid[])));
GRANT SELECT, INSERT, UPDATE, DELETE ON driver_assignments TO {{app_role}};
