-- Daily figures folded on instead of recomputed (decision 0290). Recomputing a vehicle's day
-- from midnight each time it is marked costs the day's fixes so far: at 1 Hz, 28,800 rows per
-- vehicle by 8 o'clock, read again every round, so the job's cost grew through the day until
-- it dominated ingest. Now a mark carries its oldest fix, and the job keeps where its fold of a
-- vehicle-day stands (the sums per driver slot and the episode flags, after the newest fix it
-- folded). A mark whose fixes are all newer is folded on from there; anything else (late data,
-- an assignment change, other rules) recomputes the day as before.

-- The oldest fix behind the mark; NULL: recompute the whole day (assignment changes, and the
-- marks made before this migration).
ALTER TABLE insights_dirty_days ADD COLUMN first_fix timestamptz;

CREATE TABLE insights_day_tails (
  tenant_id uuid NOT NULL,
  device_id uuid NOT NULL,
  day date NOT NULL,
  -- The figure rules the day was folded under (JSON text); other rules recompute the day.
  rules text NOT NULL,
  -- The newest fix folded, and the one before the last round's fixes (NULL: the last round
  -- read the day from midnight) with how many fixes that round folded: a mark older than
  -- last_fix is then checked by counting the stored fixes in (round_from, last_fix].
  last_fix timestamptz NOT NULL,
  round_from timestamptz,
  round_fixes integer NOT NULL,
  state jsonb NOT NULL,
  PRIMARY KEY (tenant_id, device_id, day)
);
ALTER TABLE insights_day_tails ENABLE ROW LEVEL SECURITY;
ALTER TABLE insights_day_tails FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON insights_day_tails
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
GRANT SELECT, INSERT, UPDATE, DELETE ON insights_day_tails TO {{app_role}};
-- Support sessions (migration 106): the job's table, never a support session's.
CREATE POLICY support_grant_read ON insights_day_tails AS RESTRICTIVE FOR SELECT TO {{app_role}} USING ((SELECT app_support_allows(false)));
CREATE POLICY support_grant_insert ON insights_day_tails AS RESTRICTIVE FOR INSERT TO {{app_role}} WITH CHECK ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_update ON insights_day_tails AS RESTRICTIVE FOR UPDATE TO {{app_role}} USING ((SELECT app_support_allows(true)));
CREATE POLICY support_grant_delete ON insights_day_tails AS RESTRICTIVE FOR DELETE TO {{app_role}} USING ((SELECT app_support_allows(true)));

-- Tails of days more than two days back: late data for them recomputes the day anyway (the
-- retention job calls this hourly, across tenants).
CREATE FUNCTION insights_prune_day_tails() RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ DELETE FROM public.insights_day_tails WHERE day < current_date - 2 $$;
CREATE POLICY owner_prune_day_tails ON insights_day_tails TO CURRENT_USER USING (true);
REVOKE ALL ON FUNCTION insights_prune_day_tails() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION insights_prune_day_tails() TO {{app_role}};
