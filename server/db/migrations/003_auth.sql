-- Authentication state. These tables are per user, not per tenant: sign-in happens before a
-- tenant is chosen. The app role reaches users/memberships only through the functions below.

-- Narrow, owner-run lookups for sign-in and token exchange. SECURITY DEFINER with a fixed
-- search_path so a caller cannot substitute its own tables or operators.
CREATE FUNCTION auth_find_user(p_username text)
  RETURNS TABLE (id uuid, username text, display_name text, password_hash text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT u.id, u.username, u.display_name, u.password_hash
      FROM public.users u WHERE lower(u.username) = lower(p_username)
  $$;

CREATE FUNCTION auth_user(p_user_id uuid)
  RETURNS TABLE (id uuid, username text, display_name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT u.id, u.username, u.display_name FROM public.users u WHERE u.id = p_user_id $$;

-- Memberships in active tenants only: suspending a tenant ends its token exchanges.
CREATE FUNCTION auth_memberships(p_user_id uuid)
  RETURNS TABLE (tenant_id uuid, tenant_name text, tenant_kind text, role text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT t.id, t.name, t.kind, m.role
      FROM public.memberships m JOIN public.tenants t ON t.id = m.tenant_id
     WHERE m.user_id = p_user_id AND t.status = 'active'
     ORDER BY t.kind DESC, lower(t.name)
  $$;

REVOKE ALL ON FUNCTION auth_find_user(text), auth_user(uuid), auth_memberships(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_find_user(text), auth_user(uuid), auth_memberships(uuid) TO {{app_role}};

-- Refresh tokens rotate on every use; all tokens descending from one sign-in share family_id,
-- so presenting a used token again (a stolen copy) revokes the whole family.
CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  family_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- SHA-256 of the token: a database leak does not yield usable tokens.
  token_hash bytea NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- Failed sign-ins, per account and per client address, in a table so every instance agrees.
CREATE TABLE sign_in_failures (
  scope text NOT NULL CHECK (scope IN ('account', 'address')),
  key text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX sign_in_failures_key_idx ON sign_in_failures (scope, key, failed_at);
CREATE INDEX sign_in_failures_time_idx ON sign_in_failures (failed_at);

GRANT SELECT, INSERT, UPDATE ON refresh_tokens TO {{app_role}};
GRANT SELECT, INSERT, DELETE ON sign_in_failures TO {{app_role}};
