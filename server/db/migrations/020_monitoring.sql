-- Fleet monitoring: positions (time-partitioned), latest state per device, trips, alerts,
-- geofences, the live stream's event log, and the lookups ingest needs before a tenant is known.
-- Every tenant table follows 001's rules: tenant_id first in the key, ENABLE + FORCE RLS,
-- policy tenant_isolation. Group scoping (app_device_in_scope) is added by the tenancy
-- migrations once that function exists.
--
-- changed_xid (xid8) on synced tables: the writing transaction's id. Lists sync "changed since"
-- by it, reading only below the oldest running transaction (pg_snapshot_xmin), so a row written
-- by a transaction that commits late is never skipped. Writers set it explicitly (no trigger:
-- ingest updates thousands of rows per second).

-- ---- device resolution ------------------------------------------------------------------
-- A reporting unit is resolved before any tenant is known, so this runs as the owner. The
-- tenancy side owns the device registry and may (re)define ingest_resolve_device with this
-- signature in its own migrations: we create it only when it does not exist yet. The batch
-- variant below calls it, so it follows any redefinition. No row: unknown or unassigned.
CREATE POLICY owner_ingest_lookup ON devices FOR SELECT TO CURRENT_USER USING (true);

DO $do$
BEGIN
  IF to_regprocedure('public.ingest_resolve_device(text)') IS NULL THEN
    CREATE FUNCTION public.ingest_resolve_device(p_unique_id text)
      RETURNS TABLE (tenant_id uuid, device_id uuid, group_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
      AS $$
        -- Over the devices table alone (no dependency on the registry's columns); where a unit
        -- has several rows (transferred), the newest is the current one.
        SELECT d.tenant_id, d.id, d.group_id
          FROM public.devices d JOIN public.tenants t ON t.id = d.tenant_id
         WHERE d.unique_id = p_unique_id AND t.status = 'active'
         ORDER BY d.created_at DESC LIMIT 1
      $$;
  END IF;
END
$do$;

CREATE FUNCTION ingest_resolve_devices(p_unique_ids text[])
  RETURNS TABLE (unique_id text, tenant_id uuid, device_id uuid, group_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT u.uid, r.tenant_id, r.device_id, r.group_id
      FROM unnest(p_unique_ids) AS u(uid) CROSS JOIN LATERAL public.ingest_resolve_device(u.uid) r
  $$;


-- Active tenants, for background jobs (offline sweep, retention) that then work per tenant.
CREATE FUNCTION monitoring_tenants() RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT t.id FROM public.tenants t WHERE t.status = 'active' $$;

-- ---- positions --------------------------------------------------------------------------
-- One partition per UTC day. The key makes retries idempotent: a device cannot have two fixes
-- at the same instant, so a resent record hits ON CONFLICT DO NOTHING.
CREATE TABLE positions (
  tenant_id uuid NOT NULL,
  device_id uuid NOT NULL,
  fix_time timestamptz NOT NULL,
  server_time timestamptz NOT NULL DEFAULT now(),
  latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  speed_kmh real NOT NULL CHECK (speed_kmh >= 0),
  course real NOT NULL CHECK (course >= 0 AND course <= 360),
  altitude_m real,
  accuracy_m real,
  valid boolean NOT NULL DEFAULT true,
  ignition boolean,
  attributes jsonb,
  PRIMARY KEY (tenant_id, device_id, fix_time)
) PARTITION BY RANGE (fix_time);
ALTER TABLE positions ENABLE ROW LEVEL SECURITY;
ALTER TABLE positions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON positions
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT, DELETE ON positions TO {{app_role}};

-- The app role may not create tables; partitions are created through this owner function
-- (named positions_YYYYMMDD). Idempotent and safe to race: it serialises on an advisory lock.
CREATE FUNCTION monitoring_ensure_positions_partition(p_day date) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog, pg_temp
  AS $$
  DECLARE
    part text := 'positions_' || to_char(p_day, 'YYYYMMDD');
  BEGIN
    IF to_regclass(part) IS NOT NULL THEN RETURN false; END IF;
    PERFORM pg_advisory_xact_lock(7301942015552);
    IF to_regclass(part) IS NOT NULL THEN RETURN false; END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF positions FOR VALUES FROM (%L) TO (%L)',
                   part, p_day::timestamp AT TIME ZONE 'UTC', (p_day + 1)::timestamp AT TIME ZONE 'UTC');
    RETURN true;
  END $$;

-- Drops whole day partitions that end at or before p_before (retention of the longest-keeping
-- tenant; shorter tenant retentions are row deletes). Returns the dropped names.
CREATE FUNCTION monitoring_drop_positions_before(p_before timestamptz) RETURNS SETOF text
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog, pg_temp
  AS $$
  DECLARE
    part record;
  BEGIN
    FOR part IN
      SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'positions'::regclass AND c.relname ~ '^positions_\d{8}$'
         AND (to_date(substr(c.relname, 11), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC' <= p_before
    LOOP
      EXECUTE format('DROP TABLE %I', part.relname);
      RETURN NEXT part.relname;
    END LOOP;
  END $$;

REVOKE ALL ON FUNCTION ingest_resolve_device(text), ingest_resolve_devices(text[]), monitoring_tenants(),
  monitoring_ensure_positions_partition(date), monitoring_drop_positions_before(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ingest_resolve_device(text), ingest_resolve_devices(text[]), monitoring_tenants(),
  monitoring_ensure_positions_partition(date), monitoring_drop_positions_before(timestamptz) TO {{app_role}};

-- ---- latest state per device -------------------------------------------------------------
-- The newest fix by device time, vehicle readings, and the trip/rule engines' memory, so any
-- instance can continue where another stopped (rows are locked while a batch is applied).
CREATE TABLE device_state (
  tenant_id uuid NOT NULL,
  device_id uuid NOT NULL,
  last_seen_at timestamptz NOT NULL,
  fix_time timestamptz NOT NULL,
  server_time timestamptz NOT NULL,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL,
  speed_kmh real NOT NULL,
  course real NOT NULL,
  altitude_m real,
  accuracy_m real,
  valid boolean NOT NULL,
  ignition boolean,
  attributes jsonb,
  online boolean NOT NULL DEFAULT true,
  battery_voltage real,
  battery_level real,
  charging boolean,
  odometer_km double precision,
  fuel_level real,
  coolant_temp_c real,
  rpm real,
  -- [{code, firstSeenAt}] of the last report that carried a DTC list.
  dtc_codes jsonb NOT NULL DEFAULT '[]',
  -- Per-vehicle speed limit; null: the tenant's default applies.
  speed_limit_kmh real CHECK (speed_limit_kmh > 0),
  trip_state jsonb,
  rule_state jsonb NOT NULL DEFAULT '{}',
  changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (tenant_id, device_id)
);
CREATE INDEX device_state_changed_idx ON device_state (tenant_id, changed_xid);
ALTER TABLE device_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_state FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON device_state
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON device_state TO {{app_role}};

-- ---- trips -------------------------------------------------------------------------------
CREATE TABLE trips (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  device_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  start_time timestamptz NOT NULL,
  end_time timestamptz NOT NULL CHECK (end_time >= start_time),
  start_lat double precision NOT NULL,
  start_lon double precision NOT NULL,
  start_name text,
  end_lat double precision NOT NULL,
  end_lon double precision NOT NULL,
  end_name text,
  distance_km double precision NOT NULL CHECK (distance_km >= 0),
  max_speed_kmh real NOT NULL,
  moving_s double precision NOT NULL,
  idle_s double precision NOT NULL,
  point_count integer NOT NULL,
  changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX trips_device_time_idx ON trips (tenant_id, device_id, start_time DESC);
CREATE INDEX trips_time_idx ON trips (tenant_id, start_time DESC);
CREATE INDEX trips_changed_idx ON trips (tenant_id, changed_xid);
CREATE UNIQUE INDEX trips_one_open_key ON trips (tenant_id, device_id) WHERE status = 'open';
ALTER TABLE trips ENABLE ROW LEVEL SECURITY;
ALTER TABLE trips FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON trips
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON trips TO {{app_role}};

-- ---- geofences ---------------------------------------------------------------------------
CREATE TABLE geofences (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (btrim(name) <> ''),
  description text,
  group_id uuid,
  -- The contract's GeofenceShape, validated by the API.
  shape jsonb NOT NULL,
  alert_on_enter boolean NOT NULL DEFAULT true,
  alert_on_exit boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id)
);
CREATE INDEX geofences_changed_idx ON geofences (tenant_id, changed_xid);
ALTER TABLE geofences ENABLE ROW LEVEL SECURITY;
ALTER TABLE geofences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON geofences
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON geofences TO {{app_role}};

-- ---- alerts ------------------------------------------------------------------------------
CREATE TABLE alerts (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  device_id uuid NOT NULL,
  type text NOT NULL,
  -- What makes two alerts of one type the same episode: a geofence id, a DTC code, or ''.
  dedup_key text NOT NULL DEFAULT '',
  severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  message text NOT NULL,
  opened_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  occurrences integer NOT NULL DEFAULT 1,
  acknowledged_by uuid,
  acknowledged_at timestamptz,
  resolved_by uuid,
  resolved_at timestamptz,
  assignee_id uuid,
  details jsonb NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (tenant_id, id)
);
-- De-duplication the database enforces: one unresolved alert per device, type and key.
CREATE UNIQUE INDEX alerts_one_active_key ON alerts (tenant_id, device_id, type, dedup_key) WHERE status <> 'resolved';
CREATE INDEX alerts_opened_idx ON alerts (tenant_id, opened_at DESC);
CREATE INDEX alerts_changed_idx ON alerts (tenant_id, changed_xid);
CREATE INDEX alerts_cooldown_idx ON alerts (tenant_id, device_id, type, dedup_key, last_seen_at DESC);
ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE alerts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alerts
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT, UPDATE ON alerts TO {{app_role}};

CREATE TABLE alert_notes (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  alert_id uuid NOT NULL,
  author_id uuid,
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, alert_id) REFERENCES alerts (tenant_id, id)
);
CREATE INDEX alert_notes_alert_idx ON alert_notes (tenant_id, alert_id, created_at);
ALTER TABLE alert_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_notes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alert_notes
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT ON alert_notes TO {{app_role}};

-- Deleted geofences and recomputed-away trips, so a "since" sync can remove them too.
CREATE TABLE monitoring_tombstones (
  tenant_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('trip', 'geofence')),
  id uuid NOT NULL,
  changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (tenant_id, kind, id)
);
CREATE INDEX monitoring_tombstones_changed_idx ON monitoring_tombstones (tenant_id, kind, changed_xid);
ALTER TABLE monitoring_tombstones ENABLE ROW LEVEL SECURITY;
ALTER TABLE monitoring_tombstones FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON monitoring_tombstones
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON monitoring_tombstones TO {{app_role}};

-- ---- live stream -------------------------------------------------------------------------
-- The per-tenant sequence is a row, bumped in the writing transaction: its row lock orders
-- commits, so seq order = commit order and a reader never sees seq 7 before seq 6 exists.
CREATE TABLE stream_sequences (
  tenant_id uuid PRIMARY KEY,
  seq bigint NOT NULL DEFAULT 0
);
ALTER TABLE stream_sequences ENABLE ROW LEVEL SECURITY;
ALTER TABLE stream_sequences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stream_sequences
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT, UPDATE ON stream_sequences TO {{app_role}};

-- Recent events for resume; pruned after a while (older resumes get "resync").
CREATE TABLE stream_events (
  tenant_id uuid NOT NULL,
  seq bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- The ServerMessage without seq, as JSON text (sent as is, never parsed by SQL).
  body text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX stream_events_created_idx ON stream_events (created_at);
ALTER TABLE stream_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE stream_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stream_events
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT, DELETE ON stream_events TO {{app_role}};

-- ---- group scope (migration 010) ----------------------------------------------------------
-- Restrictive: ANDed with tenant_isolation. Device-keyed rows follow their vehicle's group;
-- a geofence without a group is tenant-wide and visible to every member.
CREATE POLICY group_scope ON positions AS RESTRICTIVE USING (app_device_in_scope(device_id));
CREATE POLICY group_scope ON device_state AS RESTRICTIVE USING (app_device_in_scope(device_id));
CREATE POLICY group_scope ON trips AS RESTRICTIVE USING (app_device_in_scope(device_id));
CREATE POLICY group_scope ON alerts AS RESTRICTIVE USING (app_device_in_scope(device_id));
CREATE POLICY group_scope ON geofences AS RESTRICTIVE USING (group_id IS NULL OR app_group_in_scope(group_id));
