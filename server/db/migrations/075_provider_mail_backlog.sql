-- The provider's operators configure the one SMTP server every tenant's alert e-mail goes
-- through, so they need to see what waits behind it (an outage queues mail). Deliveries are
-- tenant rows under RLS; this function answers counts only (no recipients, no content), and
-- only when the caller's tenant is the provider.
CREATE FUNCTION provider_mail_backlog()
  RETURNS TABLE (tenant_id uuid, tenant_name text, waiting integer, failed integer, oldest_waiting_at timestamptz, last_error text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog, pg_temp
  AS $$
    SELECT d.tenant_id, t.name,
           count(*) FILTER (WHERE d.status = 'pending')::int,
           count(*) FILTER (WHERE d.status = 'failed')::int,
           min(d.created_at) FILTER (WHERE d.status = 'pending'),
           (array_agg(d.last_error ORDER BY d.last_attempt_at DESC NULLS LAST) FILTER (WHERE d.status = 'pending' AND d.last_error IS NOT NULL))[1]
      FROM notification_deliveries d JOIN tenants t ON t.id = d.tenant_id
     WHERE app_current_tenant_is_provider() AND d.channel = 'email' AND d.status IN ('pending', 'failed')
     GROUP BY d.tenant_id, t.name
     ORDER BY 3 DESC, t.name
  $$;
REVOKE ALL ON FUNCTION provider_mail_backlog() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION provider_mail_backlog() TO {{app_role}};
