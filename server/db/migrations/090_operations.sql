-- Provider operations (issue 14, decision 0160): how every client account's environment is
-- doing — units, ingest rates, storage, users, alerts — as COUNTS only. Nothing here exposes a
-- position, a trip or a tenant's user data to the provider.
--
-- Ingest counts are kept in memory per tenant and minute by every instance and added here every
-- few seconds (one statement per flush, never one per fix: server/operations/ingest-counter.ts).
-- Columns are named client_tenant_id, not tenant_id: these are provider rows ABOUT a tenant
-- (decision 0012), readable by the provider only.

CREATE TABLE ops_ingest_counts (
  -- The all-zero id collects reports that reached no tenant (unknown units, malformed records).
  client_tenant_id uuid NOT NULL,
  grain text NOT NULL CHECK (grain IN ('minute', 'hour', 'day')),
  bucket timestamptz NOT NULL,
  stored bigint NOT NULL DEFAULT 0,
  duplicates bigint NOT NULL DEFAULT 0,
  rejected_invalid bigint NOT NULL DEFAULT 0,
  rejected_unknown bigint NOT NULL DEFAULT 0,
  rejected_key bigint NOT NULL DEFAULT 0,
  rejected_retention bigint NOT NULL DEFAULT 0,
  rejected_rate bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (client_tenant_id, grain, bucket)
);
-- The overview reads "the last minute / last 24 hours of every tenant".
CREATE INDEX ops_ingest_counts_recent_idx ON ops_ingest_counts (grain, bucket);

-- Positions each tenant keeps: ingest adds what it stored, retention subtracts what it deleted.
CREATE TABLE ops_tenant_totals (
  client_tenant_id uuid PRIMARY KEY,
  positions bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE ops_ingest_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE ops_ingest_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON ops_ingest_counts FOR SELECT USING ((SELECT app_current_tenant_is_provider()));
CREATE POLICY owner_writer ON ops_ingest_counts TO CURRENT_USER USING (true) WITH CHECK (true);
ALTER TABLE ops_tenant_totals ENABLE ROW LEVEL SECURITY;
ALTER TABLE ops_tenant_totals FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON ops_tenant_totals FOR SELECT USING ((SELECT app_current_tenant_is_provider()));
CREATE POLICY owner_writer ON ops_tenant_totals TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT ON ops_ingest_counts, ops_tenant_totals TO {{app_role}};

-- Existing positions are counted once, here; from now on ingest and retention keep the total.
ALTER TABLE positions NO FORCE ROW LEVEL SECURITY;
INSERT INTO ops_tenant_totals (client_tenant_id, positions) SELECT tenant_id, count(*) FROM positions GROUP BY tenant_id;
ALTER TABLE positions FORCE ROW LEVEL SECURITY;

-- Adds one flush of counters: [{t, m (minute, epoch s), s, d, inv, unk, key, ret, rate, del}].
-- Called by ingest (no tenant set) and by retention (del); instances add, never overwrite.
CREATE FUNCTION ops_add_ingest_counts(p_counts jsonb) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    WITH c AS (
      SELECT (e->>'t')::uuid AS t, to_timestamp((e->>'m')::bigint) AS m,
             coalesce((e->>'s')::bigint, 0) AS s, coalesce((e->>'d')::bigint, 0) AS d,
             coalesce((e->>'inv')::bigint, 0) AS inv, coalesce((e->>'unk')::bigint, 0) AS unk,
             coalesce((e->>'key')::bigint, 0) AS k, coalesce((e->>'ret')::bigint, 0) AS ret,
             coalesce((e->>'rate')::bigint, 0) AS rate, coalesce((e->>'del')::bigint, 0) AS del
        FROM jsonb_array_elements(p_counts) e
    ), counts AS (
      INSERT INTO public.ops_ingest_counts AS o (client_tenant_id, grain, bucket, stored, duplicates, rejected_invalid, rejected_unknown, rejected_key, rejected_retention, rejected_rate)
      SELECT c.t, g.grain, date_trunc(g.grain, c.m, 'UTC'), sum(c.s), sum(c.d), sum(c.inv), sum(c.unk), sum(c.k), sum(c.ret), sum(c.rate)
        FROM c CROSS JOIN (VALUES ('minute'), ('hour'), ('day')) g(grain)
       WHERE c.s + c.d + c.inv + c.unk + c.k + c.ret + c.rate > 0
       GROUP BY 1, 2, 3
      ON CONFLICT (client_tenant_id, grain, bucket) DO UPDATE SET
        stored = o.stored + excluded.stored, duplicates = o.duplicates + excluded.duplicates,
        rejected_invalid = o.rejected_invalid + excluded.rejected_invalid, rejected_unknown = o.rejected_unknown + excluded.rejected_unknown,
        rejected_key = o.rejected_key + excluded.rejected_key, rejected_retention = o.rejected_retention + excluded.rejected_retention,
        rejected_rate = o.rejected_rate + excluded.rejected_rate
    )
    INSERT INTO public.ops_tenant_totals AS o (client_tenant_id, positions)
    SELECT c.t, sum(c.s - c.del) FROM c WHERE c.s <> c.del GROUP BY 1
    ON CONFLICT (client_tenant_id) DO UPDATE SET positions = greatest(0, o.positions + excluded.positions), updated_at = now()
  $$;

-- Counters older than their use: minutes after 2 hours, hours after 8 days, days after 400.
CREATE FUNCTION ops_prune_ingest_counts() RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    DELETE FROM public.ops_ingest_counts
     WHERE (grain = 'minute' AND bucket < now() - interval '2 hours')
        OR (grain = 'hour' AND bucket < now() - interval '8 days')
        OR (grain = 'day' AND bucket < now() - interval '400 days')
  $$;

-- The owner reads tenant tables for the count functions below (FORCE binds it too).
CREATE POLICY owner_ops_counts ON device_state FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY owner_ops_counts ON alerts FOR SELECT TO CURRENT_USER USING (true);
-- Open critical alerts per tenant, without reading the tenant's other alerts.
CREATE INDEX alerts_open_critical_idx ON alerts (tenant_id) WHERE status <> 'resolved' AND severity = 'critical';

-- Per client account: units assigned, reporting within p_silent_after, silent for longer,
-- never reported; low battery; units with trouble codes; the latest report; members; open
-- critical alerts. Counts only, and only for a provider session (else no rows).
CREATE FUNCTION ops_tenant_counts(p_silent_after interval, p_low_percent real, p_low_volts real, p_tenant uuid)
  RETURNS TABLE (tenant_id uuid, units integer, reporting integer, silent integer, never_reported integer,
                 low_battery integer, with_dtc integer, last_report_at timestamptz, users integer, critical_alerts integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    WITH u AS (
      SELECT r.assigned_tenant_id AS tenant_id, count(*)::int AS units,
             count(*) FILTER (WHERE s.last_seen_at >= now() - p_silent_after)::int AS reporting,
             count(*) FILTER (WHERE s.last_seen_at < now() - p_silent_after)::int AS silent,
             count(*) FILTER (WHERE s.device_id IS NULL)::int AS never_reported,
             count(*) FILTER (WHERE s.battery_level < p_low_percent OR s.battery_voltage < p_low_volts)::int AS low_battery,
             count(*) FILTER (WHERE s.dtc_codes <> '[]'::jsonb)::int AS with_dtc,
             max(s.last_seen_at) AS last_report_at
        FROM public.registry_devices r
        LEFT JOIN public.device_state s ON s.tenant_id = r.assigned_tenant_id AND s.device_id = r.assigned_device_id
       WHERE r.assigned_tenant_id IS NOT NULL AND (p_tenant IS NULL OR r.assigned_tenant_id = p_tenant)
       GROUP BY 1
    ), m AS (
      SELECT ms.tenant_id, count(*)::int AS users FROM public.memberships ms WHERE p_tenant IS NULL OR ms.tenant_id = p_tenant GROUP BY 1
    ), a AS (
      SELECT al.tenant_id, count(*)::int AS critical_alerts FROM public.alerts al
       WHERE al.status <> 'resolved' AND al.severity = 'critical' AND (p_tenant IS NULL OR al.tenant_id = p_tenant) GROUP BY 1
    )
    SELECT t.id, coalesce(u.units, 0), coalesce(u.reporting, 0), coalesce(u.silent, 0), coalesce(u.never_reported, 0),
           coalesce(u.low_battery, 0), coalesce(u.with_dtc, 0), u.last_report_at, coalesce(m.users, 0), coalesce(a.critical_alerts, 0)
      FROM public.tenants t
      LEFT JOIN u ON u.tenant_id = t.id LEFT JOIN m ON m.tenant_id = t.id LEFT JOIN a ON a.tenant_id = t.id
     WHERE t.kind = 'client' AND (p_tenant IS NULL OR t.id = p_tenant) AND public.app_current_tenant_is_provider()
  $$;
-- One account's units without reading the others'.
CREATE INDEX registry_devices_assigned_idx ON registry_devices (assigned_tenant_id) WHERE assigned_tenant_id IS NOT NULL;

-- The health of each unit across all tenants (inventory health): when it last reported, its
-- battery, how many trouble codes, the app/firmware version where it reports one. No position.
-- p_filter: 'all' | 'silent' | 'low-battery' | 'dtc'. Filter and order read plain columns of
-- every unit; names, codes and versions are read for the page only. (A variant with the page
-- and the total as two calls of one row function measured slower: each call materialised every
-- unit's row.)
CREATE FUNCTION ops_unit_health(p_silent_after interval, p_low_percent real, p_low_volts real, p_filter text, p_query text, p_limit integer, p_offset integer)
  RETURNS TABLE (unit_id uuid, unique_id text, model text, tenant_id uuid, tenant_name text, last_report_at timestamptz,
                 battery_level real, battery_voltage real, dtc_count integer, version text, total bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    WITH page AS (
      SELECT r.id, r.unique_id, r.model, r.assigned_tenant_id, r.assigned_device_id, s.last_seen_at,
             s.battery_level, s.battery_voltage, count(*) OVER () AS total
        FROM public.registry_devices r
        LEFT JOIN public.device_state s ON s.tenant_id = r.assigned_tenant_id AND s.device_id = r.assigned_device_id
       WHERE r.assigned_tenant_id IS NOT NULL AND public.app_current_tenant_is_provider()
         AND (p_query IS NULL OR r.unique_id ILIKE p_query OR r.model ILIKE p_query
              OR r.assigned_tenant_id IN (SELECT t.id FROM public.tenants t WHERE t.name ILIKE p_query))
         AND CASE p_filter
               WHEN 'silent' THEN s.last_seen_at IS NULL OR s.last_seen_at < now() - p_silent_after
               WHEN 'low-battery' THEN s.battery_level < p_low_percent OR s.battery_voltage < p_low_volts
               WHEN 'dtc' THEN s.dtc_codes <> '[]'::jsonb
               ELSE true END
       ORDER BY s.last_seen_at ASC NULLS FIRST, r.unique_id
       LIMIT p_limit OFFSET p_offset
    )
    SELECT p.id, p.unique_id, p.model, p.assigned_tenant_id, t.name, p.last_seen_at, p.battery_level, p.battery_voltage,
           coalesce(jsonb_array_length(s.dtc_codes), 0),
           coalesce(s.attributes->>'firmware', s.attributes->>'version', s.attributes->>'appVersion', s.attributes->>'versionName'),
           p.total
      FROM page p
      JOIN public.tenants t ON t.id = p.assigned_tenant_id
      LEFT JOIN public.device_state s ON s.tenant_id = p.assigned_tenant_id AND s.device_id = p.assigned_device_id
     ORDER BY p.last_seen_at ASC NULLS FIRST, p.unique_id
  $$;

-- Bytes the positions partitions take (tables, indexes, TOAST). A tenant's share is its part of
-- the stored positions (ops_tenant_totals): an estimate, as PostgreSQL sizes tables, not tenants.
CREATE FUNCTION ops_positions_bytes() RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT coalesce(sum(pg_total_relation_size(i.inhrelid)), 0)::bigint
      FROM pg_inherits i WHERE i.inhparent = 'public.positions'::regclass
  $$;

REVOKE ALL ON FUNCTION ops_add_ingest_counts(jsonb), ops_prune_ingest_counts(), ops_tenant_counts(interval, real, real, uuid),
  ops_unit_health(interval, real, real, text, text, integer, integer), ops_positions_bytes() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ops_add_ingest_counts(jsonb), ops_prune_ingest_counts(), ops_tenant_counts(interval, real, real, uuid),
  ops_unit_health(interval, real, real, text, text, integer, integer), ops_positions_bytes() TO {{app_role}};
