-- Tenancy foundations. Isolation lives in PostgreSQL (row-level security), so query code never
-- filters by tenant by hand and cannot forget to. Every tenant-owned table:
--   * has tenant_id as the first column of its primary key (distributable by tenant later),
--   * ENABLEs and FORCEs row-level security (FORCE: even the table owner is filtered),
--   * carries the policy tenant_isolation on app_current_tenant().
-- {{app_role}} is the login role the API serves requests with (see db/app-role.ts).

-- The tenant of the current transaction, set by the API with set_config('app.tenant_id', $1, true).
-- NULLIF: once a transaction-local setting has been used on a pooled connection, it reads as ''
-- (not NULL) afterwards, and ''::uuid would raise an error instead of matching no row.
CREATE FUNCTION app_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (btrim(name) <> ''),
  -- provider: the platform operator (one); client: a customer fleet.
  kind text NOT NULL CHECK (kind IN ('provider', 'client')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
  USING (id = app_current_tenant()) WITH CHECK (id = app_current_tenant());

-- Users are global: one person may belong to several tenants (a manager of two fleets).
-- The app role gets no grant on this table; it reads it only through the auth_* functions.
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL CHECK (btrim(username) <> ''),
  display_name text NOT NULL,
  -- Self-describing scrypt hash, see auth/password.ts.
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE groups (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (btrim(name) <> ''),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX groups_name_key ON groups (tenant_id, lower(name));
ALTER TABLE groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE groups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON groups
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

-- A user's role in one tenant. The key is (tenant_id, user_id): a user holds one role per tenant.
-- group_id will scope a member to one group later; composite FK keeps it inside the tenant.
CREATE TABLE memberships (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  user_id uuid NOT NULL REFERENCES users (id),
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'dispatcher', 'viewer', 'operator')),
  group_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON memberships
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

-- Sign-in must list a user's memberships across tenants. The auth_* SECURITY DEFINER functions
-- (migration 003) do that as the owner; FORCE would filter the owner too, so the owner (the role
-- running this migration, never the app role) may read these two tables unfiltered.
CREATE POLICY owner_directory_lookup ON tenants FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY owner_directory_lookup ON memberships FOR SELECT TO CURRENT_USER USING (true);

GRANT USAGE ON SCHEMA public TO {{app_role}};
GRANT SELECT ON tenants, memberships TO {{app_role}};
GRANT SELECT, INSERT, UPDATE, DELETE ON groups TO {{app_role}};
