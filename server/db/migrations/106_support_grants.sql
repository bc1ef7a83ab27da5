-- Support access with consent (issue 14, item 4; decision 0210). A tenant's owner grants the
-- provider time-boxed access (1–72 h, read or read-write, optionally limited to groups). An
-- operator's support session runs as the client tenant with app.support_grant set; the
-- restrictive policies below then let a statement through only while that grant is active
-- (not revoked, not expired) for this tenant — writes only with a read-write grant — so a
-- revoked or expired grant ends access in PostgreSQL itself, whatever the API believes.
-- Sessions without app.support_grant (members, ingest, jobs) pass these policies unchanged.

CREATE TABLE support_grants (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  access text NOT NULL CHECK (access IN ('read', 'write')),
  -- NULL = every group; else the support session sees only vehicles of these groups.
  group_ids uuid[] CHECK (group_ids IS NULL OR cardinality(group_ids) > 0),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  granted_by uuid NOT NULL REFERENCES users (id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users (id),
  PRIMARY KEY (tenant_id, id),
  CHECK (expires_at >= granted_at + interval '1 hour' AND expires_at <= granted_at + interval '72 hours'),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX support_grants_open_idx ON support_grants (tenant_id, expires_at) WHERE revoked_at IS NULL;
ALTER TABLE support_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_grants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON support_grants
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
-- The owner's functions below read grants across tenants.
CREATE POLICY owner_directory_lookup ON support_grants FOR SELECT TO CURRENT_USER USING (true);
-- Granted and revoked, never edited otherwise or deleted: the history is the tenant's record.
GRANT SELECT, INSERT ON support_grants TO {{app_role}};
GRANT UPDATE (revoked_at, revoked_by) ON support_grants TO {{app_role}};

-- The grant the current transaction's support session runs under; NULL outside support sessions.
CREATE FUNCTION app_current_support_grant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.support_grant', true), '')::uuid $$;

-- 'none' (not a support session), 'active', 'expired', 'revoked' or 'missing' (no such grant
-- for this tenant). SECURITY DEFINER: the check must not depend on the caller's own policies.
CREATE FUNCTION app_support_grant_state() RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT CASE
      WHEN public.app_current_support_grant() IS NULL THEN 'none'
      ELSE coalesce((
        SELECT CASE WHEN g.revoked_at IS NOT NULL THEN 'revoked' WHEN g.expires_at <= now() THEN 'expired' ELSE 'active' END
          FROM public.support_grants g
         WHERE g.tenant_id = public.app_current_tenant() AND g.id = public.app_current_support_grant()), 'missing')
    END
  $$;

-- Whether the current statement may touch tenant rows: always outside support sessions; in one,
-- only under an active grant of this tenant, within its groups (the session may narrow them,
-- never widen), and for writes only with access 'write'.
CREATE FUNCTION app_support_allows(p_write boolean) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT public.app_current_support_grant() IS NULL OR EXISTS (
      SELECT 1 FROM public.support_grants g
       WHERE g.tenant_id = public.app_current_tenant() AND g.id = public.app_current_support_grant()
         AND g.revoked_at IS NULL AND g.expires_at > now()
         AND (NOT p_write OR g.access = 'write')
         AND (g.group_ids IS NULL OR public.app_current_group_ids() <@ g.group_ids))
  $$;
REVOKE ALL ON FUNCTION app_support_grant_state(), app_support_allows(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_support_grant_state(), app_support_allows(boolean) TO {{app_role}};

-- Every tenant table (tenant_id column, RLS on), now and as created before this migration:
-- restrictive policies for the API role, ANDed onto tenant isolation and group scope. The
-- (SELECT …) form makes each an InitPlan, evaluated once per statement (migration 026).
-- Tables created later need the same four policies: server/tenancy/support-access.test.ts
-- fails for a tenant table without them.
DO $$
DECLARE
  t regclass;
BEGIN
  FOR t IN
    SELECT c.oid::regclass FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relrowsecurity AND NOT c.relispartition
       AND (EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) OR c.relname = 'tenants')
  LOOP
    EXECUTE format('CREATE POLICY support_grant_read ON %s AS RESTRICTIVE FOR SELECT TO {{app_role}} USING ((SELECT app_support_allows(false)))', t);
    IF t = 'audit_log'::regclass THEN
      -- A read-only support session still writes its own actions into the tenant's audit log.
      EXECUTE format('CREATE POLICY support_grant_insert ON %s AS RESTRICTIVE FOR INSERT TO {{app_role}} WITH CHECK ((SELECT app_support_allows(false)))', t);
    ELSIF t = 'support_grants'::regclass THEN
      -- Grants are the owner's: a support session never creates, extends or revokes one.
      EXECUTE format('CREATE POLICY support_grant_insert ON %s AS RESTRICTIVE FOR INSERT TO {{app_role}} WITH CHECK ((SELECT app_current_support_grant()) IS NULL)', t);
    ELSE
      EXECUTE format('CREATE POLICY support_grant_insert ON %s AS RESTRICTIVE FOR INSERT TO {{app_role}} WITH CHECK ((SELECT app_support_allows(true)))', t);
    END IF;
    IF t = 'support_grants'::regclass THEN
      EXECUTE format('CREATE POLICY support_grant_update ON %s AS RESTRICTIVE FOR UPDATE TO {{app_role}} USING ((SELECT app_current_support_grant()) IS NULL)', t);
    ELSE
      EXECUTE format('CREATE POLICY support_grant_update ON %s AS RESTRICTIVE FOR UPDATE TO {{app_role}} USING ((SELECT app_support_allows(true)))', t);
    END IF;
    EXECUTE format('CREATE POLICY support_grant_delete ON %s AS RESTRICTIVE FOR DELETE TO {{app_role}} USING ((SELECT app_support_allows(true)))', t);
  END LOOP;
END
$$;

-- Revoking a grant ends its support tokens at once on every instance (migration 041's table):
-- the API refuses them on the next request and closes their live streams.
CREATE FUNCTION support_grant_revoked() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  BEGIN
    IF OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL THEN
      PERFORM public.auth_revoke_access(ARRAY['support:' || NEW.id::text]);
    END IF;
    RETURN NULL;
  END
  $$;
CREATE TRIGGER support_grants_revoked AFTER UPDATE OF revoked_at ON support_grants
  FOR EACH ROW EXECUTE FUNCTION support_grant_revoked();

-- The provider's view: which client accounts have granted support access now, and the one grant
-- an operator's support session would run under. Provider sessions only (like ops_* functions);
-- nothing of the tenant's data, only the grant.
CREATE FUNCTION support_active_grants(p_tenant_id uuid DEFAULT NULL)
  RETURNS TABLE (tenant_id uuid, tenant_name text, id uuid, access text, group_ids uuid[], granted_by_name text, granted_at timestamptz, expires_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT g.tenant_id, t.name, g.id, g.access, g.group_ids, u.display_name, g.granted_at, g.expires_at
      FROM public.support_grants g
      JOIN public.tenants t ON t.id = g.tenant_id AND t.status = 'active' AND t.kind = 'client'
      JOIN public.users u ON u.id = g.granted_by
     WHERE public.app_current_tenant_is_provider()
       AND g.revoked_at IS NULL AND g.expires_at > now()
       AND (p_tenant_id IS NULL OR g.tenant_id = p_tenant_id)
     ORDER BY t.name, g.expires_at DESC
  $$;
REVOKE ALL ON FUNCTION support_active_grants(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION support_active_grants(uuid) TO {{app_role}};
