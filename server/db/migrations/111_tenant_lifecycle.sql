-- Tenant lifecycle (issue 14 item 5, docs/decisions/0250-tenant-lifecycle.md): deletion after a
-- grace period during which the account can be restored, a purge that leaves no row of the
-- account in any tenant table, exports of all of an account's data, and daily usage figures
-- the provider bills from.

-- 'pending-deletion': closed like 'suspended' (no sign-in, no ingest, tokens revoked by the
-- tenants_closed trigger of migration 041, which fires on any change away from 'active'), and
-- purged once purge_at has passed. restore_status is what a restore goes back to.
ALTER TABLE tenants DROP CONSTRAINT tenants_status_check;
ALTER TABLE tenants ADD CONSTRAINT tenants_status_check CHECK (status IN ('active', 'suspended', 'pending-deletion', 'deleted'));
ALTER TABLE tenants ADD COLUMN purge_at timestamptz;
ALTER TABLE tenants ADD COLUMN restore_status text CHECK (restore_status IN ('active', 'suspended'));
ALTER TABLE tenants ADD COLUMN purged_at timestamptz;
ALTER TABLE tenants ADD CONSTRAINT tenants_purge_at_check CHECK ((status = 'pending-deletion') = (purge_at IS NOT NULL AND restore_status IS NOT NULL));
CREATE INDEX tenants_purge_due_idx ON tenants (purge_at) WHERE status = 'pending-deletion';
-- The provider writes these columns through its existing UPDATE grant (migration 011), inside
-- the client's tenant as every provider write does.

-- Why a user cannot sign in: memberships whose account is closed (suspended or pending
-- deletion), with the date of the purge. Only asked after the password matched.
CREATE FUNCTION auth_closed_memberships(p_user_id uuid)
  RETURNS TABLE (tenant_id uuid, tenant_name text, status text, purge_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT t.id, t.name, t.status, t.purge_at
      FROM public.memberships m JOIN public.tenants t ON t.id = m.tenant_id
     WHERE m.user_id = p_user_id AND t.status IN ('suspended', 'pending-deletion')
     ORDER BY lower(t.name)
  $$;
REVOKE ALL ON FUNCTION auth_closed_memberships(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_closed_memberships(uuid) TO {{app_role}};

-- Units of a closed account now resolve (with the account's status) so ingest can answer
-- "account suspended" to a unit that proved itself, instead of "not registered".
DROP FUNCTION ingest_resolve_units(text[]);
CREATE FUNCTION ingest_resolve_units(p_unique_ids text[])
  RETURNS TABLE (unique_id text, tenant_id uuid, device_id uuid, group_id uuid, secret_hash bytea, device_auth text, tenant_status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT u.uid, d.tenant_id, d.id, d.group_id, r.secret_hash, t.device_auth, t.status
      FROM unnest(p_unique_ids) AS u(uid)
      JOIN public.registry_devices r ON lower(r.unique_id) = lower(u.uid)
      JOIN public.devices d ON d.tenant_id = r.assigned_tenant_id AND d.id = r.assigned_device_id
      JOIN public.tenants t ON t.id = d.tenant_id
     WHERE t.status IN ('active', 'suspended', 'pending-deletion') AND d.transferred_at IS NULL
  $$;
REVOKE ALL ON FUNCTION ingest_resolve_units(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ingest_resolve_units(text[]) TO {{app_role}};

-- Exports of an account's data. A row is made by the provider or the account's owner; the ZIP
-- is streamed once, to whoever presents the one-time ticket (its SHA-256 is kept), and the row
-- shows the progress of that stream to the console that polls it.
CREATE TABLE tenant_exports (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  requested_by uuid REFERENCES users (id),
  requested_from uuid NOT NULL REFERENCES tenants (id),
  ticket_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  expires_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'running', 'done', 'failed')),
  started_at timestamptz,
  finished_at timestamptz,
  files_written integer NOT NULL DEFAULT 0,
  rows_written bigint NOT NULL DEFAULT 0,
  bytes_written bigint NOT NULL DEFAULT 0,
  current_file text,
  error text,
  PRIMARY KEY (tenant_id, id)
);
ALTER TABLE tenant_exports ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_exports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_exports
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
GRANT SELECT, INSERT, UPDATE ON tenant_exports TO {{app_role}};
-- A support session reads and writes the account only under its grant (migration 106); it has
-- no route to exports, and these keep it that way in the database too.
CREATE POLICY support_grant_read ON tenant_exports AS RESTRICTIVE FOR SELECT TO {{app_role}} USING ((SELECT app_support_allows(false)));
CREATE POLICY support_grant_insert ON tenant_exports AS RESTRICTIVE FOR INSERT TO {{app_role}} WITH CHECK ((SELECT app_current_support_grant()) IS NULL);
CREATE POLICY support_grant_update ON tenant_exports AS RESTRICTIVE FOR UPDATE TO {{app_role}} USING ((SELECT app_current_support_grant()) IS NULL);
CREATE POLICY support_grant_delete ON tenant_exports AS RESTRICTIVE FOR DELETE TO {{app_role}} USING ((SELECT app_support_allows(true)));

-- The download route has no token: the ticket is the credential. This claims a ready, unexpired
-- export once (single use) and says whose it is.
CREATE FUNCTION lifecycle_claim_export(p_id uuid, p_ticket_hash bytea)
  RETURNS TABLE (tenant_id uuid, tenant_name text)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  DECLARE
    v_tenant uuid;
  BEGIN
    SELECT x.tenant_id INTO v_tenant FROM public.tenant_exports x WHERE x.id = p_id;
    IF v_tenant IS NULL THEN RETURN; END IF;
    PERFORM set_config('app.tenant_id', v_tenant::text, true);
    UPDATE public.tenant_exports x SET state = 'running', started_at = clock_timestamp()
     WHERE x.tenant_id = v_tenant AND x.id = p_id AND x.ticket_hash = p_ticket_hash
       AND x.state = 'ready' AND x.expires_at > clock_timestamp();
    IF FOUND THEN
      RETURN QUERY SELECT t.id, t.name FROM public.tenants t WHERE t.id = v_tenant;
    END IF;
    PERFORM set_config('app.tenant_id', '', true);
  END
  $$;
-- Which account an export id belongs to: the owner reads across accounts for the claim.
CREATE POLICY owner_export_lookup ON tenant_exports FOR SELECT TO CURRENT_USER USING (true);
REVOKE ALL ON FUNCTION lifecycle_claim_export(uuid, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lifecycle_claim_export(uuid, bytea) TO {{app_role}};

-- The purge. Runs as the owner, marked by app.purge_tenant, so only these policies let it touch
-- the provider's rows about the account (its units go back to the inventory, their assignment
-- history in the account goes with the account's vehicles).
CREATE POLICY owner_purge ON registry_devices FOR UPDATE TO CURRENT_USER
  USING (assigned_tenant_id = NULLIF(current_setting('app.purge_tenant', true), '')::uuid) WITH CHECK (true);
CREATE POLICY owner_purge ON device_assignments FOR DELETE TO CURRENT_USER
  USING (assigned_tenant_id = NULLIF(current_setting('app.purge_tenant', true), '')::uuid);
CREATE POLICY owner_purge_lookup ON device_assignments FOR SELECT TO CURRENT_USER
  USING (assigned_tenant_id = NULLIF(current_setting('app.purge_tenant', true), '')::uuid);
-- Every tenant table: the purge (the owner, app.purge_tenant set) reads and deletes the account's
-- rows whatever the table's own policies allow the owner (tenant_plans, for one, lets it only read).
-- A table created later without this policy makes the purge's final check fail loudly.
DO $$
DECLARE
  t regclass;
BEGIN
  FOR t IN
    SELECT c.oid::regclass FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relrowsecurity AND NOT c.relispartition
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
  LOOP
    EXECUTE format($p$CREATE POLICY owner_purge ON %s TO CURRENT_USER USING (tenant_id = NULLIF(current_setting('app.purge_tenant', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;

-- Deletes every row of a client account whose grace period ended by p_now: every table with a
-- tenant_id column (found in the catalogue, so a table added later is purged too), children
-- before the tables they reference; then members left without any account, and the account's
-- row becomes a tombstone (status 'deleted', name kept for the provider's records). Answers the
-- rows deleted per table, or NULL when the account is not due. Refuses to finish if any row of
-- the account is left anywhere.
CREATE FUNCTION lifecycle_purge_tenant(p_tenant uuid, p_now timestamptz) RETURNS jsonb
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  DECLARE
    remaining regclass[];
    t regclass;
    n bigint;
    moved boolean;
    counts jsonb := '{}';
    members uuid[];
    v_name text;
    v_purge_at timestamptz;
    v_provider uuid;
    v_user uuid;
    v_anonymised integer := 0;
  BEGIN
    -- As the account (its own policies admit its rows), marked as its purge (the owner_purge policies above).
    PERFORM set_config('app.tenant_id', p_tenant::text, true), set_config('app.group_ids', '', true),
            set_config('app.support_grant', '', true), set_config('app.purge_tenant', p_tenant::text, true);
    SELECT x.name, x.purge_at INTO v_name, v_purge_at FROM public.tenants x
     WHERE x.id = p_tenant AND x.kind = 'client' AND x.status = 'pending-deletion' AND x.purge_at <= p_now FOR UPDATE;
    IF NOT FOUND THEN
      PERFORM set_config('app.purge_tenant', '', true), set_config('app.tenant_id', '', true);
      RETURN NULL;
    END IF;

    UPDATE public.registry_devices SET assigned_tenant_id = NULL, assigned_device_id = NULL WHERE assigned_tenant_id = p_tenant;
    GET DIAGNOSTICS n = ROW_COUNT;
    counts := counts || jsonb_build_object('units_returned_to_inventory', n);
    DELETE FROM public.device_assignments WHERE assigned_tenant_id = p_tenant;
    GET DIAGNOSTICS n = ROW_COUNT;
    counts := counts || jsonb_build_object('device_assignments', n);
    DELETE FROM public.ops_tenant_totals WHERE client_tenant_id = p_tenant;
    SELECT coalesce(array_agg(m.user_id), '{}') INTO members FROM public.memberships m WHERE m.tenant_id = p_tenant;

    SELECT coalesce(array_agg(c.oid::regclass ORDER BY c.relname), '{}') INTO remaining
      FROM pg_class c
      JOIN pg_namespace ns ON ns.oid = c.relnamespace AND ns.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition;
    WHILE cardinality(remaining) > 0 LOOP
      moved := false;
      FOREACH t IN ARRAY remaining LOOP
        -- A table still referenced by another table left to purge waits for that one.
        IF NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.contype = 'f' AND k.confrelid = t::oid AND k.conrelid <> t::oid AND k.conrelid = ANY (remaining::oid[])) THEN
          EXECUTE format('DELETE FROM %s WHERE tenant_id = $1', t) USING p_tenant;
          GET DIAGNOSTICS n = ROW_COUNT;
          counts := counts || jsonb_build_object(t::text, n);
          remaining := array_remove(remaining, t);
          moved := true;
        END IF;
      END LOOP;
      IF NOT moved THEN RAISE EXCEPTION 'lifecycle_purge_tenant: foreign keys form a cycle among %', remaining; END IF;
    END LOOP;

    -- Members left without any account go with it. One still named in another account's records
    -- (its audit log, from a membership that ended before) stays as a nameless row nobody can
    -- sign in with, so that account's history keeps its shape.
    n := 0;
    FOREACH v_user IN ARRAY members LOOP
      CONTINUE WHEN EXISTS (SELECT 1 FROM public.memberships m WHERE m.user_id = v_user);
      BEGIN
        DELETE FROM public.users WHERE id = v_user;
        n := n + 1;
      EXCEPTION WHEN foreign_key_violation THEN
        UPDATE public.users SET username = 'deleted-' || v_user::text, display_name = 'Deleted user', password_hash = '!' WHERE id = v_user;
        v_anonymised := v_anonymised + 1;
      END;
    END LOOP;
    counts := counts || jsonb_build_object('users', n, 'users_anonymised', v_anonymised);
    UPDATE public.tenants SET status = 'deleted', purge_at = NULL, restore_status = NULL, purged_at = p_now, updated_at = now() WHERE id = p_tenant;

    -- The promise of the purge, checked: no row of the account in any table with tenant_id.
    FOR t IN
      SELECT c.oid::regclass FROM pg_class c
        JOIN pg_namespace ns ON ns.oid = c.relnamespace AND ns.nspname = 'public'
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
       WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
    LOOP
      EXECUTE format('SELECT count(*) FROM %s WHERE tenant_id = $1', t) INTO n USING p_tenant;
      IF n > 0 THEN RAISE EXCEPTION 'lifecycle_purge_tenant: % rows of the account left in %', n, t; END IF;
    END LOOP;

    -- The provider's audit trail keeps the fact: which account, when it was due, what went.
    SELECT p.id INTO v_provider FROM public.tenants p WHERE p.kind = 'provider' ORDER BY p.created_at LIMIT 1;
    PERFORM set_config('app.purge_tenant', '', true), set_config('app.tenant_id', v_provider::text, true);
    INSERT INTO public.audit_log (tenant_id, actor_user_id, actor_name, actor_tenant_id, action, target_type, target_id, target_label, before, after)
    VALUES (v_provider, NULL, 'Scheduled purge', v_provider, 'tenants.purge', 'tenant', p_tenant, v_name,
            jsonb_build_object('status', 'pending-deletion', 'purgeAt', v_purge_at),
            jsonb_build_object('status', 'deleted', 'purgedAt', p_now, 'rowsDeleted', counts));
    PERFORM set_config('app.tenant_id', '', true);
    RETURN counts;
  END
  $$;
REVOKE ALL ON FUNCTION lifecycle_purge_tenant(uuid, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lifecycle_purge_tenant(uuid, timestamptz) TO {{app_role}};

-- Accounts whose grace period has ended (the purge job's list; ids only).
CREATE FUNCTION lifecycle_due_purges(p_now timestamptz) RETURNS TABLE (tenant_id uuid, tenant_name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT t.id, t.name FROM public.tenants t WHERE t.status = 'pending-deletion' AND t.purge_at <= p_now ORDER BY t.purge_at $$;
REVOKE ALL ON FUNCTION lifecycle_due_purges(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lifecycle_due_purges(timestamptz) TO {{app_role}};

-- Daily usage per client account, the provider's billing record (client_tenant_id: provider rows
-- ABOUT an account, decision 0012; kept after a purge so its last month can still be billed).
-- Units and members are the day's highest count seen; storage the day's last estimate. Written
-- by the lifecycle job (hourly) and before every usage report.
CREATE TABLE ops_usage_daily (
  client_tenant_id uuid NOT NULL,
  day date NOT NULL,
  units integer NOT NULL DEFAULT 0,
  users integer NOT NULL DEFAULT 0,
  storage_bytes bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (client_tenant_id, day)
);
ALTER TABLE ops_usage_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE ops_usage_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON ops_usage_daily FOR SELECT USING ((SELECT app_current_tenant_is_provider()));
CREATE POLICY owner_writer ON ops_usage_daily TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT ON ops_usage_daily TO {{app_role}};

-- Records the day p_day (UTC) for every open client account: units assigned and members now
-- (the day keeps its highest), storage as plan_usage estimates it.
CREATE FUNCTION ops_record_usage_day(p_day date) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  DECLARE
    n integer;
  BEGIN
    INSERT INTO public.ops_usage_daily AS o (client_tenant_id, day, units, users, storage_bytes)
    SELECT t.id, p_day, u.units, u.users, u.storage_bytes
      FROM public.tenants t CROSS JOIN LATERAL public.plan_usage(t.id) u
     WHERE t.kind = 'client' AND t.status <> 'deleted'
    ON CONFLICT (client_tenant_id, day) DO UPDATE SET
      units = greatest(o.units, excluded.units), users = greatest(o.users, excluded.users),
      storage_bytes = excluded.storage_bytes, updated_at = clock_timestamp();
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
  END
  $$;
REVOKE ALL ON FUNCTION ops_record_usage_day(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ops_record_usage_day(date) TO {{app_role}};
