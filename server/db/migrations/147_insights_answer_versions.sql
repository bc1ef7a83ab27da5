-- What an insights answer was made from, so a kept answer can be reused exactly (issue 13,
-- decision docs/decisions/0435-insights-answers-kept-until-their-days-change.md).
--
-- GET /api/insights answers from the daily figures (insights_daily and the rollups the job keeps
-- above it in the same transaction) and from the names and groups of vehicles and drivers. The
-- fleet cloud keeps answers in memory with a stamp of these versions, read in the request's
-- transaction; an answer is reused only while the stamp read now is the same. Every version is
-- a fresh value of one sequence, so a day's version after a change differs from all its earlier
-- ones, and a stamp that lists the versions of every day it covers changes whenever any of them
-- does. The triggers are on the tables themselves, so every writer is counted: the daily figures
-- job, late data, the retention job, fixtures and benches that write rows directly.

CREATE SEQUENCE insights_version_seq;

-- Per account and day: changed when any insights_daily or insights_vehicle_daily row of the day
-- is inserted, updated or deleted (the rollups above them change only in those transactions).
CREATE TABLE insights_day_versions (
  tenant_id uuid NOT NULL,
  day date NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (tenant_id, day) INCLUDE (version)
);

-- Per account: changed when a vehicle or a driver is added, removed or renamed, or a vehicle
-- changes group (or account): an answer lists vehicles by name and selects them by group.
CREATE TABLE insights_name_versions (
  tenant_id uuid NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (tenant_id)
);

DO $$
DECLARE
  t regclass;
BEGIN
  FOREACH t IN ARRAY ARRAY['insights_day_versions', 'insights_name_versions']::regclass[] LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    -- The app role only reads them; the triggers below write them as the owner.
    EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = (SELECT app_current_tenant()))', t);
    EXECUTE format('CREATE POLICY owner_bumps ON %s TO CURRENT_USER USING (true) WITH CHECK (true)', t);
    EXECUTE format('GRANT SELECT ON %s TO {{app_role}}', t);
    -- Support sessions (migration 106), as on every tenant table: read with any active grant;
    -- the app role cannot write these anyway (only the triggers do, as the owner).
    EXECUTE format('CREATE POLICY support_grant_read ON %s AS RESTRICTIVE FOR SELECT TO {{app_role}} USING ((SELECT app_support_allows(false)))', t);
    EXECUTE format('CREATE POLICY support_grant_insert ON %s AS RESTRICTIVE FOR INSERT TO {{app_role}} WITH CHECK ((SELECT app_support_allows(true)))', t);
    EXECUTE format('CREATE POLICY support_grant_update ON %s AS RESTRICTIVE FOR UPDATE TO {{app_role}} USING ((SELECT app_support_allows(true)))', t);
    EXECUTE format('CREATE POLICY support_grant_delete ON %s AS RESTRICTIVE FOR DELETE TO {{app_role}} USING ((SELECT app_support_allows(true)))', t);
  END LOOP;
END
$$;

-- The days of a statement's rows, before and after, get one new version. SECURITY DEFINER: the
-- job, an admin's session and the owner all bump, whatever the tables' policies let them write.
-- The purge of an account (app.purge_tenant, migration 111) deletes these rows too: no bump then.
CREATE FUNCTION insights_bump_day_versions() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  BEGIN
    IF coalesce(current_setting('app.purge_tenant', true), '') <> '' THEN RETURN NULL; END IF;
    IF TG_OP = 'INSERT' THEN
      INSERT INTO public.insights_day_versions (tenant_id, day, version)
      SELECT k.tenant_id, k.day, v.version FROM (SELECT DISTINCT tenant_id, day FROM new_rows) AS k, (SELECT nextval('public.insights_version_seq') AS version) AS v
      ON CONFLICT (tenant_id, day) DO UPDATE SET version = excluded.version;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO public.insights_day_versions (tenant_id, day, version)
      SELECT k.tenant_id, k.day, v.version FROM (SELECT DISTINCT tenant_id, day FROM old_rows) AS k, (SELECT nextval('public.insights_version_seq') AS version) AS v
      ON CONFLICT (tenant_id, day) DO UPDATE SET version = excluded.version;
    ELSE
      INSERT INTO public.insights_day_versions (tenant_id, day, version)
      SELECT k.tenant_id, k.day, v.version
        FROM (SELECT tenant_id, day FROM old_rows UNION SELECT tenant_id, day FROM new_rows) AS k, (SELECT nextval('public.insights_version_seq') AS version) AS v
      ON CONFLICT (tenant_id, day) DO UPDATE SET version = excluded.version;
    END IF;
    RETURN NULL;
  END
  $$;
REVOKE ALL ON FUNCTION insights_bump_day_versions() FROM PUBLIC;

-- A TRUNCATE (tests, a restore) has no rows to name: every account's names version moves, which
-- changes every stamp.
CREATE FUNCTION insights_bump_all_versions() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  BEGIN
    INSERT INTO public.insights_name_versions (tenant_id, version)
    SELECT t.id, v.version FROM public.tenants t, (SELECT nextval('public.insights_version_seq') AS version) AS v
    ON CONFLICT (tenant_id) DO UPDATE SET version = excluded.version;
    RETURN NULL;
  END
  $$;
REVOKE ALL ON FUNCTION insights_bump_all_versions() FROM PUBLIC;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['insights_daily', 'insights_vehicle_daily'] LOOP
    -- Statement triggers: the job replaces a few hundred rows of a day or two per statement.
    EXECUTE format('CREATE TRIGGER %s_versions_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_bump_day_versions()', t, t);
    EXECUTE format('CREATE TRIGGER %s_versions_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_bump_day_versions()', t, t);
    EXECUTE format('CREATE TRIGGER %s_versions_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_bump_day_versions()', t, t);
    EXECUTE format('CREATE TRIGGER %s_versions_truncate AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION insights_bump_all_versions()', t, t);
  END LOOP;
END
$$;

-- Vehicles and drivers: the accounts of a statement's rows get one new names version.
CREATE FUNCTION insights_bump_name_versions() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  BEGIN
    IF coalesce(current_setting('app.purge_tenant', true), '') <> '' THEN RETURN NULL; END IF;
    IF TG_OP = 'INSERT' THEN
      INSERT INTO public.insights_name_versions (tenant_id, version)
      SELECT k.tenant_id, v.version FROM (SELECT DISTINCT tenant_id FROM new_rows) AS k, (SELECT nextval('public.insights_version_seq') AS version) AS v
      ON CONFLICT (tenant_id) DO UPDATE SET version = excluded.version;
    ELSE
      INSERT INTO public.insights_name_versions (tenant_id, version)
      SELECT k.tenant_id, v.version FROM (SELECT DISTINCT tenant_id FROM old_rows) AS k, (SELECT nextval('public.insights_version_seq') AS version) AS v
      ON CONFLICT (tenant_id) DO UPDATE SET version = excluded.version;
    END IF;
    RETURN NULL;
  END
  $$;
REVOKE ALL ON FUNCTION insights_bump_name_versions() FROM PUBLIC;

-- One row's change (a rename, a move): both accounts when a vehicle changes account.
CREATE FUNCTION insights_bump_row_name_version() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  BEGIN
    INSERT INTO public.insights_name_versions (tenant_id, version)
    SELECT DISTINCT k.tenant_id, v.version FROM unnest(ARRAY[OLD.tenant_id, NEW.tenant_id]) AS k(tenant_id), (SELECT nextval('public.insights_version_seq') AS version) AS v
    ON CONFLICT (tenant_id) DO UPDATE SET version = excluded.version;
    RETURN NULL;
  END
  $$;
REVOKE ALL ON FUNCTION insights_bump_row_name_version() FROM PUBLIC;

CREATE TRIGGER devices_insights_versions_insert AFTER INSERT ON devices REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION insights_bump_name_versions();
CREATE TRIGGER devices_insights_versions_delete AFTER DELETE ON devices REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION insights_bump_name_versions();
-- Row level with a WHEN: ingest updates every reporting vehicle's last fix, which costs only the
-- WHEN test here (no function call, no write).
CREATE TRIGGER devices_insights_versions_update AFTER UPDATE OF name, group_id, tenant_id ON devices
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.group_id IS DISTINCT FROM NEW.group_id OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
  EXECUTE FUNCTION insights_bump_row_name_version();
CREATE TRIGGER drivers_insights_versions_insert AFTER INSERT ON drivers REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION insights_bump_name_versions();
CREATE TRIGGER drivers_insights_versions_delete AFTER DELETE ON drivers REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION insights_bump_name_versions();
CREATE TRIGGER drivers_insights_versions_update AFTER UPDATE OF name, tenant_id ON drivers
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
  EXECUTE FUNCTION insights_bump_row_name_version();
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['devices', 'drivers'] LOOP
    EXECUTE format('CREATE TRIGGER %s_insights_versions_truncate AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION insights_bump_all_versions()', t, t);
  END LOOP;
END
$$;
