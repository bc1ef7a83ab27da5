-- Outbound notifications (issue 11): per-tenant webhooks, a durable outbox written by ingest and
-- the escalation job, the deliveries it expands into (webhook calls and e-mails, retried with
-- backoff), alert rules versioned like settings, and the escalation mark on alerts.

-- ---- webhooks ------------------------------------------------------------------------------
CREATE TABLE webhooks (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  url text NOT NULL CHECK (length(url) <= 2048),
  -- HMAC-SHA256 key the receiver verifies the signature with (shown to admins once, at creation).
  secret text NOT NULL,
  min_severity text NOT NULL DEFAULT 'info' CHECK (min_severity IN ('info', 'warning', 'critical')),
  enabled boolean NOT NULL DEFAULT true,
  -- Why it is off: 'consecutive-failures' (automatic) or 'by-admin'; NULL while enabled.
  disabled_reason text CHECK (disabled_reason IN ('consecutive-failures', 'by-admin')),
  disabled_at timestamptz,
  consecutive_failures integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  CHECK (enabled = (disabled_reason IS NULL))
);
ALTER TABLE webhooks ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhooks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhooks
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON webhooks TO {{app_role}};

-- ---- outbox ---------------------------------------------------------------------------------
-- One row per notifiable event, written in the transaction that raised it (so it exists exactly
-- when the alert does) and costing ingest one INSERT per batch with new alerts. The dispatcher
-- expands it into deliveries later, outside ingest: rules, webhooks and recipients are read there.
CREATE TABLE notification_outbox (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  event text NOT NULL CHECK (event IN ('alert.opened', 'alert.escalated')),
  alert_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expanded_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX notification_outbox_pending_idx ON notification_outbox (tenant_id, id) WHERE expanded_at IS NULL;
ALTER TABLE notification_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notification_outbox
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY owner_due_lookup ON notification_outbox FOR SELECT TO CURRENT_USER USING (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON notification_outbox TO {{app_role}};

-- ---- deliveries -----------------------------------------------------------------------------
-- One attempt-tracked message to one destination; the delivery log admins read.
CREATE TABLE notification_deliveries (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  channel text NOT NULL CHECK (channel IN ('webhook', 'email')),
  webhook_id uuid,
  recipient text,
  event text NOT NULL,
  alert_id uuid,
  -- Exactly what is sent: the webhook's JSON body, or { subject, text } of an e-mail.
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_attempt_at timestamptz,
  last_http_status integer,
  -- A code (contract/api/notifications.ts DeliveryErrorCode), never a sentence.
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, webhook_id) REFERENCES webhooks (tenant_id, id) ON DELETE CASCADE,
  CHECK ((channel = 'webhook') = (webhook_id IS NOT NULL) AND (channel = 'email') = (recipient IS NOT NULL))
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (tenant_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_deliveries_log_idx ON notification_deliveries (tenant_id, created_at DESC);
ALTER TABLE notification_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notification_deliveries
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY owner_due_lookup ON notification_deliveries FOR SELECT TO CURRENT_USER USING (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON notification_deliveries TO {{app_role}};

-- Tenants with work for the dispatcher: an unexpanded outbox row or a delivery due by `at`.
-- Across tenants, so owner-owned; it returns ids only.
CREATE FUNCTION notification_due_tenants(at timestamptz) RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog, pg_temp
  AS $$
    SELECT o.tenant_id FROM notification_outbox o WHERE o.expanded_at IS NULL
    UNION
    SELECT d.tenant_id FROM notification_deliveries d WHERE d.status = 'pending' AND d.next_attempt_at <= at
  $$;
REVOKE ALL ON FUNCTION notification_due_tenants(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION notification_due_tenants(timestamptz) TO {{app_role}};

-- ---- alert rules ----------------------------------------------------------------------------
-- Versioned like tenant settings (012): every save is a new row, the highest version applies.
CREATE TABLE alert_rules_versions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  version integer NOT NULL CHECK (version >= 1),
  rules jsonb NOT NULL CHECK (jsonb_typeof(rules) = 'object'),
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  changed_by uuid REFERENCES users (id),
  changed_by_name text,
  PRIMARY KEY (tenant_id, version)
);
ALTER TABLE alert_rules_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_rules_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alert_rules_versions
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
GRANT SELECT, INSERT ON alert_rules_versions TO {{app_role}};

-- ---- alerts: quiet and escalated ------------------------------------------------------------
-- quiet: raised inside the rule's quiet hours: recorded, nobody disturbed.
ALTER TABLE alerts ADD COLUMN quiet boolean NOT NULL DEFAULT false;
ALTER TABLE alerts ADD COLUMN escalated_at timestamptz;
CREATE INDEX alerts_escalation_idx ON alerts (tenant_id, opened_at) WHERE status = 'open' AND escalated_at IS NULL;

-- Every tenant's notifications go through the provider's SMTP server and follow its rule on
-- private webhook addresses: this returns only those parts of the provider's current settings
-- (the owner policy owner_geocoder_lookup of migration 030 lets it read them).
CREATE FUNCTION provider_notification_settings() RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog, pg_temp
  AS $$
    SELECT jsonb_build_object('smtp', v.settings -> 'smtp', 'allowPrivateWebhooks', v.settings -> 'allowPrivateWebhooks')
      FROM provider_settings_versions v JOIN tenants t ON t.id = v.tenant_id
     WHERE t.kind = 'provider'
     ORDER BY v.changed_at DESC, v.version DESC
     LIMIT 1
  $$;
REVOKE ALL ON FUNCTION provider_notification_settings() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION provider_notification_settings() TO {{app_role}};
