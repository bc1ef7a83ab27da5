-- Per-tenant settings, versioned: every change is a new row (who, when, which fields), and the
-- current settings are the highest version. Concurrent edits collide on the primary key.
CREATE TABLE tenant_settings_versions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  version integer NOT NULL CHECK (version >= 1),
  settings jsonb NOT NULL CHECK (jsonb_typeof(settings) = 'object'),
  changed_fields text[] NOT NULL DEFAULT '{}',
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  changed_by uuid REFERENCES users (id),
  changed_by_name text,
  PRIMARY KEY (tenant_id, version)
);
ALTER TABLE tenant_settings_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_settings_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_settings_versions
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
-- Append-only: history is not rewritten.
GRANT SELECT, INSERT ON tenant_settings_versions TO {{app_role}};

-- The audit log: every administrative change with who, when, what, before and after. Rows live
-- in the tenant they concern (a provider's transfer writes into both tenants); the provider
-- reads every tenant's log. Append-only for the API role.
CREATE TABLE audit_log (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_user_id uuid REFERENCES users (id),
  actor_name text NOT NULL,
  -- The tenant the actor acted from: differs from tenant_id when the provider acted.
  actor_tenant_id uuid NOT NULL REFERENCES tenants (id),
  action text NOT NULL CHECK (action ~ '^[a-z]+(\.[a-zA-Z]+)+$'),
  target_type text NOT NULL,
  target_id uuid,
  target_label text,
  before jsonb,
  after jsonb,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_time_idx ON audit_log (tenant_id, at DESC);
CREATE INDEX audit_log_all_time_idx ON audit_log (at DESC);
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_log
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY provider_reads_all ON audit_log FOR SELECT TO {{app_role}} USING (app_current_tenant_is_provider());
GRANT SELECT, INSERT ON audit_log TO {{app_role}};
