-- Tenant admins manage their members, so the API role now reaches the users table, but only
-- through RLS: a user row is visible (and updatable) only while that user is a member of the
-- current tenant (memberships is itself tenant-filtered). Never the password hash column for
-- reading: sign-in keeps using the owner's auth_* functions.
-- ENABLE without FORCE: the owner's SECURITY DEFINER auth_* functions still read every user.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_members ON users FOR SELECT TO {{app_role}}
  USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));
CREATE POLICY tenant_members_update ON users FOR UPDATE TO {{app_role}}
  USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));
-- A new user is created and made a member in one transaction; the row is invisible until then.
CREATE POLICY create_user ON users FOR INSERT TO {{app_role}} WITH CHECK (true);
GRANT SELECT (id, username, display_name, created_at) ON users TO {{app_role}};
GRANT INSERT (id, username, display_name, password_hash) ON users TO {{app_role}};
GRANT UPDATE (display_name, password_hash) ON users TO {{app_role}};
-- UPDATE … WHERE id = $1 needs to read the id column; it is granted above.

ALTER TABLE memberships ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
