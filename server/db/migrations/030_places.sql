-- "Where is it?": provider settings (the geocoding service), the provider geocoder's answer cache,
-- and the address stored with each alert.

-- ---- provider settings -------------------------------------------------------------------
-- Versioned like tenant settings (012): every change is a new row; rows live in the provider
-- tenant, so only the provider's operators read or write them through RLS.
CREATE TABLE provider_settings_versions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  version integer NOT NULL CHECK (version >= 1),
  settings jsonb NOT NULL CHECK (jsonb_typeof(settings) = 'object'),
  changed_fields text[] NOT NULL DEFAULT '{}',
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  changed_by uuid REFERENCES users (id),
  changed_by_name text,
  PRIMARY KEY (tenant_id, version)
);
ALTER TABLE provider_settings_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider_settings_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON provider_settings_versions
  USING (tenant_id = app_current_tenant() AND app_current_tenant_is_provider())
  WITH CHECK (tenant_id = app_current_tenant() AND app_current_tenant_is_provider());
-- The owner function below reads the current version on behalf of every tenant's requests.
CREATE POLICY owner_geocoder_lookup ON provider_settings_versions FOR SELECT TO CURRENT_USER USING (true);
GRANT SELECT, INSERT ON provider_settings_versions TO {{app_role}};

-- Every tenant's address lookups use the provider's geocoder: this returns only that part of
-- the provider's current settings (NULL when never set = the built-in geocoder).
CREATE FUNCTION provider_geocoder_settings() RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog, pg_temp
  AS $$
    SELECT v.settings -> 'geocoder'
      FROM provider_settings_versions v JOIN tenants t ON t.id = v.tenant_id
     WHERE t.kind = 'provider'
     ORDER BY v.changed_at DESC, v.version DESC
     LIMIT 1
  $$;
REVOKE ALL ON FUNCTION provider_geocoder_settings() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION provider_geocoder_settings() TO {{app_role}};

-- ---- provider geocoder cache ---------------------------------------------------------------
-- Answers of the provider's geocoding service per coordinate rounded to 1e-4° (~11 m), shared by
-- all tenants and instances: an address is public knowledge, not tenant data (no tenant_id, no
-- RLS), and the service's rate limit (1 request/s for Nominatim) makes every answer worth
-- keeping across restarts. `service` is the base URL, so a new service starts a fresh cache.
-- Rows older than the cache's lifetime are refreshed on use and pruned (server/geocoding).
CREATE TABLE geocode_cache (
  service text NOT NULL,
  lat_e4 integer NOT NULL,
  lon_e4 integer NOT NULL,
  address jsonb NOT NULL CHECK (jsonb_typeof(address) = 'object'),
  fetched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service, lat_e4, lon_e4)
);
CREATE INDEX geocode_cache_age_idx ON geocode_cache (fetched_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON geocode_cache TO {{app_role}};

-- ---- alert addresses ---------------------------------------------------------------------
-- Where the vehicle was when the alert opened (contract Address), written with the alert so
-- notifications carry it. NULL for alerts written before this migration (no position was kept
-- with them): the API answers { kind: 'none' }.
ALTER TABLE alerts ADD COLUMN address jsonb;
