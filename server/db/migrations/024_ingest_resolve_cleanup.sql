-- Monitoring cleanup of 020's device resolution (020 itself is applied and checksummed, so it
-- stays as it is; this migration states what is true now).
--
-- 020 created a fallback ingest_resolve_device over the devices table "only when it does not
-- exist yet". Migrations run in file order and 011 (the device registry) always defines it
-- first, so that fallback body never ran on any database: the function in force is 011's,
-- where the registry decides (assigned, active tenant, not transferred). We re-assert that
-- definition here so the monitoring side no longer relies on a conditional that cannot fire,
-- and so ingest_resolve_devices (which calls it per unit) has exactly one meaning.
CREATE OR REPLACE FUNCTION ingest_resolve_device(p_unique_id text)
  RETURNS TABLE (tenant_id uuid, device_id uuid, group_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT d.tenant_id, d.id, d.group_id
      FROM public.registry_devices r
      JOIN public.devices d ON d.tenant_id = r.assigned_tenant_id AND d.id = r.assigned_device_id
      JOIN public.tenants t ON t.id = d.tenant_id
     WHERE lower(r.unique_id) = lower(p_unique_id) AND t.status = 'active' AND d.transferred_at IS NULL
  $$;
REVOKE ALL ON FUNCTION ingest_resolve_device(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ingest_resolve_device(text) TO {{app_role}};

-- 020's owner read policy on devices existed for that fallback; 011's owner_registry_lookup
-- is the identical policy the registry-backed function relies on. One is enough.
DROP POLICY owner_ingest_lookup ON devices;
