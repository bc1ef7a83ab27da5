-- Ingest's unit lookup (decision 0410). Joined to unnest, the planner hash-joined the looked-up ids
-- against the whole registry: a sequential scan computing lower(unique_id) for every registered
-- unit on every lookup (17 ms for 224 ids against 10,000 units here, growing with the registry,
-- while the index on lower(unique_id) was unused). The ids now go to that index as one array
-- (`= ANY`: one index search per id), and only the units found meet the rest. Same rows, same
-- columns: the caller's spelling of each id, units of closed accounts with their status.
CREATE OR REPLACE FUNCTION ingest_resolve_units(p_unique_ids text[])
  RETURNS TABLE (unique_id text, tenant_id uuid, device_id uuid, group_id uuid, secret_hash bytea, device_auth text, tenant_status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    WITH r AS MATERIALIZED (
      SELECT r.unique_id, r.secret_hash, r.assigned_tenant_id, r.assigned_device_id
        FROM public.registry_devices r
       WHERE lower(r.unique_id) = ANY (ARRAY(SELECT lower(x) FROM unnest(p_unique_ids) AS x))
    )
    SELECT u.uid, d.tenant_id, d.id, d.group_id, r.secret_hash, t.device_auth, t.status
      FROM unnest(p_unique_ids) AS u(uid)
      JOIN r ON lower(r.unique_id) = lower(u.uid)
      JOIN public.devices d ON d.tenant_id = r.assigned_tenant_id AND d.id = r.assigned_device_id
      JOIN public.tenants t ON t.id = d.tenant_id
     WHERE t.status IN ('active', 'suspended', 'pending-deletion') AND d.transferred_at IS NULL
  $$;
