-- The provider's side of tenancy: client accounts it manages, and its inventory of hardware
-- units (the device registry) with their assignment history. A provider session (an operator
-- of the provider tenant) reads all of this; client tenants see none of it. Cross-tenant writes
-- (creating a tenant, assigning a unit into one) switch the transaction's tenant for the
-- statements that touch that tenant, so every row still passes the tenant's own RLS check
-- (see server/tenancy/README.md).

-- True when the current transaction speaks for an active provider tenant. SECURITY DEFINER
-- because a client session must be able to evaluate it without reading other tenants.
CREATE FUNCTION app_current_tenant_is_provider() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT EXISTS (SELECT 1 FROM public.tenants t
                    WHERE t.id = NULLIF(current_setting('app.tenant_id', true), '')::uuid
                      AND t.kind = 'provider' AND t.status = 'active')
  $$;
REVOKE ALL ON FUNCTION app_current_tenant_is_provider() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_current_tenant_is_provider() TO {{app_role}};

-- Deleting a tenant keeps its rows (audit, history, retention applies) but ends all access.
ALTER TABLE tenants DROP CONSTRAINT tenants_status_check;
ALTER TABLE tenants ADD CONSTRAINT tenants_status_check CHECK (status IN ('active', 'suspended', 'deleted'));
ALTER TABLE tenants ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE UNIQUE INDEX tenants_name_key ON tenants (lower(name)) WHERE status <> 'deleted';
-- TO the app role only: the owner's directory functions must not recurse into this policy.
CREATE POLICY provider_directory ON tenants FOR SELECT TO {{app_role}} USING (app_current_tenant_is_provider());
GRANT INSERT, UPDATE ON tenants TO {{app_role}};

-- Vehicles gain a VIN and a link to the unit; a row whose unit moved on stays with its tenant
-- (its history and positions belong to that tenant) and is marked transferred.
ALTER TABLE devices ADD COLUMN vin text CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$');
ALTER TABLE devices ADD COLUMN transferred_at timestamptz;
DROP INDEX devices_unique_id_key;
CREATE UNIQUE INDEX devices_active_unique_id_key ON devices (unique_id) WHERE transferred_at IS NULL;

CREATE TABLE registry_devices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Hardware unit id (IMEI / dongle id), the key devices report with.
  unique_id text NOT NULL CHECK (unique_id ~ '^[A-Za-z0-9._-]{1,64}$'),
  model text CHECK (model IS NULL OR btrim(model) <> ''),
  -- SHA-256 of the per-device reporting secret; the secret is shown once, at creation/rotation.
  secret_hash bytea NOT NULL,
  -- The current assignment: both set (assigned) or both null (unassigned: reports rejected).
  -- Not named tenant_id: this is provider data ABOUT a tenant, not a row owned by one.
  assigned_tenant_id uuid REFERENCES tenants (id),
  assigned_device_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (assigned_tenant_id, assigned_device_id) REFERENCES devices (tenant_id, id),
  CHECK ((assigned_tenant_id IS NULL) = (assigned_device_id IS NULL))
);
CREATE UNIQUE INDEX registry_devices_unique_id_key ON registry_devices (lower(unique_id));

-- One row per period a unit spent with a tenant; ended_at NULL = the current one.
CREATE TABLE device_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  registry_device_id uuid NOT NULL REFERENCES registry_devices (id),
  assigned_tenant_id uuid NOT NULL REFERENCES tenants (id),
  assigned_device_id uuid NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  assigned_by uuid REFERENCES users (id),
  ended_at timestamptz,
  ended_by uuid REFERENCES users (id),
  end_reason text CHECK (end_reason IN ('transferred', 'unassigned')),
  FOREIGN KEY (assigned_tenant_id, assigned_device_id) REFERENCES devices (tenant_id, id),
  CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
CREATE UNIQUE INDEX device_assignments_current_key ON device_assignments (registry_device_id) WHERE ended_at IS NULL;
CREATE INDEX device_assignments_unit_idx ON device_assignments (registry_device_id, assigned_at);

-- Backfill: every existing vehicle becomes an assigned unit with a fresh, unknown secret (the
-- provider rotates it to hand it to the device). FORCE binds the owner too, so it is lifted for
-- the copy and restored in the same transaction.
ALTER TABLE devices NO FORCE ROW LEVEL SECURITY;
INSERT INTO registry_devices (unique_id, secret_hash, assigned_tenant_id, assigned_device_id, created_at)
  SELECT d.unique_id, sha256(gen_random_uuid()::text::bytea), d.tenant_id, d.id, d.created_at FROM devices d;
INSERT INTO device_assignments (registry_device_id, assigned_tenant_id, assigned_device_id, assigned_at)
  SELECT r.id, r.assigned_tenant_id, r.assigned_device_id, r.created_at FROM registry_devices r;
ALTER TABLE devices FORCE ROW LEVEL SECURITY;

ALTER TABLE registry_devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE registry_devices FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON registry_devices USING (app_current_tenant_is_provider()) WITH CHECK (app_current_tenant_is_provider());
CREATE POLICY owner_directory_lookup ON registry_devices FOR SELECT TO CURRENT_USER USING (true);
ALTER TABLE device_assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_assignments FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON device_assignments USING (app_current_tenant_is_provider()) WITH CHECK (app_current_tenant_is_provider());

GRANT SELECT, INSERT, UPDATE ON registry_devices, device_assignments TO {{app_role}};

-- For ingest (the monitoring side): does this secret belong to this assigned unit? Constant
-- answer shape for unknown, unassigned and wrong-secret units.
CREATE FUNCTION ingest_verify_device_secret(p_unique_id text, p_secret text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT EXISTS (SELECT 1 FROM public.registry_devices r
                    WHERE lower(r.unique_id) = lower(p_unique_id) AND r.assigned_tenant_id IS NOT NULL
                      AND r.secret_hash = sha256(convert_to(p_secret, 'UTF8')))
  $$;
REVOKE ALL ON FUNCTION ingest_verify_device_secret(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ingest_verify_device_secret(text, text) TO {{app_role}};

-- Ingest resolves a reporting unit to its tenant before any tenant is known (so as the owner).
-- The registry is the authority: an unassigned, unknown or retired unit resolves to nothing
-- (reports rejected); a transferred unit resolves to its NEW tenant's vehicle only, so data
-- reported after a transfer never lands with the old tenant, and data before it stays there.
-- Signature agreed with the monitoring side (their migration 020 creates it only if missing).
CREATE POLICY owner_registry_lookup ON devices FOR SELECT TO CURRENT_USER USING (true);
CREATE OR REPLACE FUNCTION ingest_resolve_device(p_unique_id text)
  RETURNS TABLE (tenant_id uuid, device_id uuid, group_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT d.tenant_id, d.id, d.group_id
      FROM public.registry_devices r
      JOIN public.devices d ON d.tenant_id = r.assigned_tenant_id AND d.id = r.assigned_device_id
      JOIN public.tenants t ON t.id = d.tenant_id
     WHERE lower(r.unique_id) = lower(p_unique_id) AND t.status = 'active' AND d.transferred_at IS NULL
  $$;
REVOKE ALL ON FUNCTION ingest_resolve_device(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ingest_resolve_device(text) TO {{app_role}};
