-- Two ingest lanes (or two instances) creating the same day partition at once: the second
-- waited for the advisory lock, then still did not see the first one's table (an advisory lock
-- does not refresh the catalog snapshot the way a relation lock does) and failed with
-- "relation positions_YYYYMMDD already exists", which failed that flush (the devices retried).
-- Seen in the simulator test on a busy machine. The lock stays (it keeps concurrent CREATEs from
-- piling up); losing the race is now simply "it exists".
CREATE OR REPLACE FUNCTION monitoring_ensure_positions_partition(p_day date) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog, pg_temp
  AS $$
  DECLARE
    part text := 'positions_' || to_char(p_day, 'YYYYMMDD');
  BEGIN
    IF to_regclass(part) IS NOT NULL THEN RETURN false; END IF;
    PERFORM pg_advisory_xact_lock(7301942015552);
    IF to_regclass(part) IS NOT NULL THEN RETURN false; END IF;
    BEGIN
      EXECUTE format('CREATE TABLE %I PARTITION OF positions FOR VALUES FROM (%L) TO (%L)',
                     part, p_day::timestamp AT TIME ZONE 'UTC', (p_day + 1)::timestamp AT TIME ZONE 'UTC');
    EXCEPTION WHEN duplicate_table OR unique_violation THEN
      RETURN false;
    END;
    RETURN true;
  END $$;
