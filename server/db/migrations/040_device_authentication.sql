-- Device authentication (issue 15, S1). A unit proves itself with the reporting secret the
-- registry already keeps (registry_devices.secret_hash, shown once at registration/rotation):
-- one credential per unit, no second one. Each client account chooses how strictly ingest
-- checks it, so a fleet can move its trackers over without losing data:
--   off     keys are ignored;
--   log     reports without the right key are stored and logged (the rollout step);
--   enforce reports without the right key get the same answer as an unknown unit.
-- Existing accounts start in `log` (their units were configured before keys existed); new
-- accounts start in `enforce`: every unit assigned to them comes with its key.
ALTER TABLE tenants ADD COLUMN device_auth text NOT NULL DEFAULT 'enforce'
  CHECK (device_auth IN ('off', 'log', 'enforce'));
UPDATE tenants SET device_auth = 'log';

-- Resolution for ingest, with what the key check needs, so a report costs no extra query:
-- ingest caches this per unit and forgets it when the registry announces a change (rotation
-- included). Same rows as ingest_resolve_devices (assigned, active tenant, not transferred).
CREATE FUNCTION ingest_resolve_units(p_unique_ids text[])
  RETURNS TABLE (unique_id text, tenant_id uuid, device_id uuid, group_id uuid, secret_hash bytea, device_auth text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT u.uid, d.tenant_id, d.id, d.group_id, r.secret_hash, t.device_auth
      FROM unnest(p_unique_ids) AS u(uid)
      JOIN public.registry_devices r ON lower(r.unique_id) = lower(u.uid)
      JOIN public.devices d ON d.tenant_id = r.assigned_tenant_id AND d.id = r.assigned_device_id
      JOIN public.tenants t ON t.id = d.tenant_id
     WHERE t.status = 'active' AND d.transferred_at IS NULL
  $$;
REVOKE ALL ON FUNCTION ingest_resolve_units(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ingest_resolve_units(text[]) TO {{app_role}};

-- A fix implying an impossible jump is stored, then flagged in its attributes by the batch that
-- judged it (server/ingest/jump-guard.ts): the one column ingest may change after the insert.
GRANT UPDATE (attributes) ON positions TO {{app_role}};
