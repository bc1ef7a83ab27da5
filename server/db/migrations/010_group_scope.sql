-- Group scoping on top of tenant isolation. A membership may be limited to some groups (a
-- dispatcher of the North depot); the API then sets app.group_ids for the transaction next to
-- app.tenant_id, and RLS hides every vehicle (and everything keyed by a vehicle) outside those
-- groups. Unset / '' means "all groups of the tenant" (owners, admins, unscoped members).

-- The groups of the current transaction's scope, or NULL for all groups. The setting is a
-- PostgreSQL array literal ('{uuid,uuid}'); NULLIF for the same reason as app_current_tenant().
CREATE FUNCTION app_current_group_ids() RETURNS uuid[]
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.group_ids', true), '')::uuid[] $$;

-- True when a row of group p_group_id is visible. A vehicle in no group is visible only to
-- unscoped members: a scoped dispatcher sees their groups, not the tenant's loose ends.
CREATE FUNCTION app_group_in_scope(p_group_id uuid) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT app_current_group_ids() IS NULL OR p_group_id = ANY (app_current_group_ids()) $$;

-- For tables keyed by (tenant_id, …, device_id) — positions, trips, alerts: add
--   CREATE POLICY group_scope ON <table> AS RESTRICTIVE USING (app_device_in_scope(device_id));
-- SECURITY INVOKER on purpose: the devices lookup runs under the caller's RLS (tenant + scope).
-- Written as one SQL expression so the planner can inline it; unscoped sessions short-circuit.
CREATE FUNCTION app_device_in_scope(p_device_id uuid) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT app_current_group_ids() IS NULL
        OR EXISTS (SELECT 1 FROM devices d WHERE d.id = p_device_id AND d.group_id = ANY (app_current_group_ids()))
  $$;

-- Restrictive: combined with AND on top of tenant_isolation, never widening it.
CREATE POLICY group_scope ON devices AS RESTRICTIVE USING (app_group_in_scope(group_id));
CREATE POLICY group_scope ON groups AS RESTRICTIVE USING (app_group_in_scope(id));

-- The groups a membership is limited to; no rows = all groups. RESTRICT (the default) on the
-- group: deleting a group must never silently widen a dispatcher to the whole tenant.
CREATE TABLE membership_groups (
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  group_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, user_id, group_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES memberships (tenant_id, user_id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id)
);
CREATE INDEX membership_groups_group_idx ON membership_groups (tenant_id, group_id);
ALTER TABLE membership_groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE membership_groups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON membership_groups
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY owner_directory_lookup ON membership_groups FOR SELECT TO CURRENT_USER USING (true);

-- The single group_id column of the first slice was never used; membership_groups replaces it.
ALTER TABLE memberships DROP COLUMN group_id;

-- Token exchange needs the scope of one membership before any tenant is set. NULL = all groups;
-- roles that always see everything are never scoped, whatever rows exist.
CREATE FUNCTION auth_membership_groups(p_user_id uuid, p_tenant_id uuid) RETURNS uuid[]
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT CASE WHEN m.role IN ('owner', 'admin', 'operator') THEN NULL
                ELSE (SELECT array_agg(mg.group_id ORDER BY mg.group_id) FROM public.membership_groups mg
                       WHERE mg.tenant_id = m.tenant_id AND mg.user_id = m.user_id) END
      FROM public.memberships m WHERE m.user_id = p_user_id AND m.tenant_id = p_tenant_id
  $$;
REVOKE ALL ON FUNCTION auth_membership_groups(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_membership_groups(uuid, uuid) TO {{app_role}};

GRANT SELECT, INSERT, UPDATE, DELETE ON membership_groups TO {{app_role}};
GRANT INSERT, UPDATE, DELETE ON memberships TO {{app_role}};
