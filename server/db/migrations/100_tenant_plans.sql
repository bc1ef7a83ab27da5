-- Plans and quotas per client account (issue 14, docs/decisions/0200-plans-quotas-and-fair-share.md):
-- what the provider grants each tenant. A tenant without a row has the default plan, defined
-- once, in plan_effective() below.
--
-- Who sees what: the provider reads and writes every plan; a tenant reads its own (its admins
-- see usage against it); ingest (no tenant set) reads all of them once and caches them.

CREATE TABLE tenant_plans (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  max_units integer NOT NULL CHECK (max_units BETWEEN 0 AND 10000000),
  max_users integer NOT NULL CHECK (max_users BETWEEN 1 AND 1000000),
  -- Positions older than this are deleted, whatever the tenant's own setting says (the lower wins).
  retention_days integer NOT NULL CHECK (retention_days BETWEEN 7 AND 3650),
  storage_bytes bigint NOT NULL CHECK (storage_bytes >= 0),
  -- Fixes per second, sustained (also the tenant's weight in fair-share ingest) and burst.
  ingest_rate integer NOT NULL CHECK (ingest_rate BETWEEN 1 AND 1000000),
  ingest_burst integer NOT NULL CHECK (ingest_burst BETWEEN 1 AND 10000000),
  -- Authenticated API requests per second (consoles, integrations).
  api_rate integer NOT NULL CHECK (api_rate BETWEEN 1 AND 100000),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_by uuid REFERENCES users (id),
  CONSTRAINT tenant_plans_burst_check CHECK (ingest_burst >= ingest_rate)
);
ALTER TABLE tenant_plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_plans FORCE ROW LEVEL SECURITY;
CREATE POLICY own_plan ON tenant_plans FOR SELECT USING (tenant_id = (SELECT app_current_tenant()));
CREATE POLICY provider_plans ON tenant_plans TO {{app_role}}
  USING ((SELECT app_current_tenant_is_provider())) WITH CHECK ((SELECT app_current_tenant_is_provider()));
CREATE POLICY owner_reader ON tenant_plans FOR SELECT TO CURRENT_USER USING (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_plans TO {{app_role}};

-- Every instance's ingest and API limiter cache the plans; a change reaches them on commit.
CREATE FUNCTION tenant_plans_notify() RETURNS trigger
  LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('tenant_plans_changed', coalesce(NEW.tenant_id, OLD.tenant_id)::text);
      RETURN NULL;
    END
  $$;
CREATE TRIGGER tenant_plans_notify AFTER INSERT OR UPDATE OR DELETE ON tenant_plans
  FOR EACH ROW EXECUTE FUNCTION tenant_plans_notify();

-- The default plan, for every account without its own: generous enough that no existing
-- account is refused anything. Defined here and nowhere else (the server reads it).
CREATE FUNCTION plan_default()
  RETURNS TABLE (max_units integer, max_users integer, retention_days integer, storage_bytes bigint,
                 ingest_rate integer, ingest_burst integer, api_rate integer)
  LANGUAGE sql IMMUTABLE
  AS $$ VALUES (10000, 1000, 365, 500000000000::bigint, 50000, 200000, 1000) $$;

-- The plan in force per client account: its own row, else the default (is_default). p_tenant
-- NULL: every account. Answers the provider (any account), a tenant (itself only) and a
-- session without a tenant (ingest's cache); nothing else.
CREATE FUNCTION plan_effective(p_tenant uuid)
  RETURNS TABLE (tenant_id uuid, is_default boolean, max_units integer, max_users integer, retention_days integer,
                 storage_bytes bigint, ingest_rate integer, ingest_burst integer, api_rate integer, updated_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT t.id, p.tenant_id IS NULL,
           coalesce(p.max_units, d.max_units), coalesce(p.max_users, d.max_users), coalesce(p.retention_days, d.retention_days),
           coalesce(p.storage_bytes, d.storage_bytes), coalesce(p.ingest_rate, d.ingest_rate), coalesce(p.ingest_burst, d.ingest_burst),
           coalesce(p.api_rate, d.api_rate), p.updated_at
      FROM public.tenants t CROSS JOIN public.plan_default() d
      LEFT JOIN public.tenant_plans p ON p.tenant_id = t.id
     WHERE t.kind = 'client' AND t.status <> 'deleted' AND (p_tenant IS NULL OR t.id = p_tenant)
       AND (NULLIF(current_setting('app.tenant_id', true), '') IS NULL
            OR public.app_current_tenant_is_provider()
            OR t.id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  $$;

-- What a client account uses of its plan: units assigned, members, positions kept and the
-- bytes they take (an estimate: the positions partitions' size × the account's share, as the
-- operations overview computes it, decision 0160). Same callers as plan_effective.
CREATE FUNCTION plan_usage(p_tenant uuid)
  RETURNS TABLE (units integer, users integer, positions bigint, storage_bytes bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT (SELECT count(*)::int FROM public.registry_devices r WHERE r.assigned_tenant_id = p_tenant),
           (SELECT count(*)::int FROM public.memberships m WHERE m.tenant_id = p_tenant),
           coalesce((SELECT tt.positions FROM public.ops_tenant_totals tt WHERE tt.client_tenant_id = p_tenant), 0),
           coalesce((SELECT (tt.positions * public.ops_positions_bytes()::float8 / nullif((SELECT sum(a.positions) FROM public.ops_tenant_totals a), 0))::bigint
                       FROM public.ops_tenant_totals tt WHERE tt.client_tenant_id = p_tenant), 0)
     WHERE EXISTS (SELECT 1 FROM public.plan_effective(p_tenant))
  $$;

-- Before adding a unit or a member: serialises such additions per account (two operators
-- assigning at once cannot both take the last place) and answers what is used and allowed.
-- p_limit: 'units' | 'users'. Same callers as plan_effective.
CREATE FUNCTION plan_room(p_tenant uuid, p_limit text)
  RETURNS TABLE (used integer, max integer)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtextextended('plan_room:' || p_tenant::text, 0));
      RETURN QUERY
        SELECT CASE p_limit WHEN 'units' THEN u.units ELSE u.users END,
               CASE p_limit WHEN 'units' THEN e.max_units ELSE e.max_users END
          FROM public.plan_effective(p_tenant) e
          CROSS JOIN LATERAL (
            SELECT (SELECT count(*)::int FROM public.registry_devices r WHERE r.assigned_tenant_id = p_tenant) AS units,
                   (SELECT count(*)::int FROM public.memberships m WHERE m.tenant_id = p_tenant) AS users
          ) u;
    END
  $$;

REVOKE ALL ON FUNCTION plan_default(), plan_effective(uuid), plan_usage(uuid), plan_room(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plan_default(), plan_effective(uuid), plan_usage(uuid), plan_room(uuid, text) TO {{app_role}};
