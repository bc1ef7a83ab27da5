-- Sessions end when they are ended (issue 15, S2). Access tokens are stateless and live 15
-- minutes; this table says which of them stopped counting before that: every token of `key`
-- issued before `not_before` is refused on its next request, on every instance.
--   session:<family id>          sign-out, refresh-token reuse, password change (other sessions)
--   member:<user id>:<tenant id> role or group scope changed, member removed
--   tenant:<tenant id>           tenant suspended or deleted
-- Triggers write the rows, so no code path that ends access can forget to, and NOTIFY
-- access_revoked '<key>' tells every instance at commit; instances also re-read the table
-- every few seconds in case a notification was missed. Rows older than the access-token
-- lifetime say nothing any more and are deleted by the instances.
CREATE TABLE access_revocations (
  key text PRIMARY KEY,
  not_before timestamptz NOT NULL
);
CREATE INDEX access_revocations_time_idx ON access_revocations (not_before);
GRANT SELECT, DELETE ON access_revocations TO {{app_role}};

CREATE FUNCTION auth_revoke_access(p_keys text[]) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  DECLARE
    k text;
  BEGIN
    FOR k IN SELECT DISTINCT unnest(p_keys) LOOP
      INSERT INTO public.access_revocations (key, not_before) VALUES (k, clock_timestamp())
        ON CONFLICT (key) DO UPDATE SET not_before = excluded.not_before;
      PERFORM pg_notify('access_revoked', k);
    END LOOP;
  END
  $$;
REVOKE ALL ON FUNCTION auth_revoke_access(text[]) FROM PUBLIC;

-- A family is revoked by updating all its rows: one statement-level trigger, one key per family.
CREATE FUNCTION auth_sessions_revoked() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  BEGIN
    PERFORM public.auth_revoke_access(array_agg(DISTINCT 'session:' || n.family_id))
       FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE o.revoked_at IS NULL AND n.revoked_at IS NOT NULL
     HAVING count(*) > 0;
    RETURN NULL;
  END
  $$;
CREATE TRIGGER refresh_tokens_revoked AFTER UPDATE ON refresh_tokens
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION auth_sessions_revoked();

-- What a member may do or see changed (role, group scope rows) or they were removed.
CREATE FUNCTION auth_membership_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  DECLARE
    r record;
  BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    -- Nested, not AND: PL/pgSQL does not promise to skip OLD.role for membership_groups rows.
    IF TG_TABLE_NAME = 'memberships' AND TG_OP = 'UPDATE' THEN
      IF OLD.role = NEW.role THEN
        RETURN NULL;
      END IF;
    END IF;
    PERFORM public.auth_revoke_access(ARRAY['member:' || r.user_id || ':' || r.tenant_id]);
    RETURN NULL;
  END
  $$;
CREATE TRIGGER memberships_changed AFTER UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION auth_membership_changed();
CREATE TRIGGER membership_groups_changed AFTER INSERT OR UPDATE OR DELETE ON membership_groups
  FOR EACH ROW EXECUTE FUNCTION auth_membership_changed();

CREATE FUNCTION auth_tenant_closed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  BEGIN
    PERFORM public.auth_revoke_access(ARRAY['tenant:' || NEW.id]);
    RETURN NULL;
  END
  $$;
CREATE TRIGGER tenants_closed AFTER UPDATE OF status ON tenants
  FOR EACH ROW WHEN (OLD.status = 'active' AND NEW.status <> 'active') EXECUTE FUNCTION auth_tenant_closed();
