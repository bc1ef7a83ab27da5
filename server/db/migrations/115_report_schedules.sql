-- Scheduled reports (issue 13): a tenant admin's schedule (what, for which vehicles, how often,
-- in which formats, to whom) and one row per period it sends. The run row is the exactly-once
-- guard: its key is (schedule, period start), the scheduler inserts it ON CONFLICT DO NOTHING and
-- claims it with SKIP LOCKED and a lease, and a sent row is never sent again — across restarts
-- and any number of fleet cloud instances (decision 0260).

CREATE TABLE report_schedules (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  report text NOT NULL CHECK (report IN ('fleet-insights')),
  -- { kind: 'all' } | { kind: 'group', groupId } | { kind: 'vehicles', deviceIds: [...] }
  selection jsonb NOT NULL CHECK (selection ->> 'kind' IN ('all', 'group', 'vehicles')),
  cadence text NOT NULL CHECK (cadence IN ('daily', 'weekly', 'monthly')),
  formats text[] NOT NULL CHECK (cardinality(formats) BETWEEN 1 AND 3 AND formats <@ ARRAY['pdf', 'xlsx', 'csv']),
  recipients text[] NOT NULL CHECK (cardinality(recipients) BETWEEN 1 AND 20),
  enabled boolean NOT NULL DEFAULT true,
  -- The first period a schedule sends ends on or after this day (tenant's zone): no backfill.
  starts_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_by_name text,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id)
);
ALTER TABLE report_schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON report_schedules
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
CREATE POLICY owner_due_lookup ON report_schedules FOR SELECT TO CURRENT_USER USING (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON report_schedules TO {{app_role}};

CREATE TABLE report_runs (
  tenant_id uuid NOT NULL,
  schedule_id uuid NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- While 'sending': the claim's lease; after it the run is due again (its sender died).
  next_attempt_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  -- A code (contract/api/report-schedules.ts ReportRunError), never a sentence.
  last_error text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, schedule_id, period_from),
  FOREIGN KEY (tenant_id, schedule_id) REFERENCES report_schedules (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX report_runs_due_idx ON report_runs (tenant_id, next_attempt_at) WHERE status IN ('pending', 'sending');
ALTER TABLE report_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON report_runs
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
GRANT SELECT, INSERT, UPDATE, DELETE ON report_runs TO {{app_role}};

-- Support sessions (migration 106): read with any active grant, write only with a read-write one.
CREATE POLICY support_grant_read ON report_schedules AS RESTRICTIVE FOR SELECT TO {{app_role}} USING ((SELECT app_support_allows(false)));
CREATE POLICY support_grant_insert ON report_schedules AS RESTRICTIVE FOR INSERT TO {{app_role}} WITH CHECK ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_update ON report_schedules AS RESTRICTIVE FOR UPDATE TO {{app_role}} USING ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_delete ON report_schedules AS RESTRICTIVE FOR DELETE TO {{app_role}} USING ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_read ON report_runs AS RESTRICTIVE FOR SELECT TO {{app_role}} USING ((SELECT app_support_allows(false)));
CREATE POLICY support_grant_insert ON report_runs AS RESTRICTIVE FOR INSERT TO {{app_role}} WITH CHECK ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_update ON report_runs AS RESTRICTIVE FOR UPDATE TO {{app_role}} USING ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_delete ON report_runs AS RESTRICTIVE FOR DELETE TO {{app_role}} USING ((SELECT app_support_allows(true)));

-- Tenants the report scheduler looks at: those with an enabled schedule. Across tenants, so
-- owner-owned; it returns ids only (the owner_due_lookup policy lets it read them).
CREATE FUNCTION report_schedule_tenants() RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog, pg_temp
  AS $$ SELECT DISTINCT s.tenant_id FROM report_schedules s WHERE s.enabled $$;
REVOKE ALL ON FUNCTION report_schedule_tenants() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION report_schedule_tenants() TO {{app_role}};
