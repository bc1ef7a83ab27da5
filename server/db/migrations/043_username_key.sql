-- One normalisation of usernames (issue 15, S3): contract/api/users.ts usernameKey() (NFKC,
-- case fold). Usernames are ASCII by contract, where that key is plain lower case, so stored
-- names are brought to it and kept in it; sign-in passes the key and it is compared as is.
-- Before, the lookup lower-cased in PostgreSQL while the throttle lower-cased in Node: the two
-- disagreed on look-alike spellings (`vİktor` signed in as viktor with guesses of its own).
UPDATE users SET username = lower(username) WHERE username <> lower(username);
ALTER TABLE users ADD CONSTRAINT users_username_normalised CHECK (username = lower(username));

CREATE FUNCTION auth_find_user_by_key(p_key text)
  RETURNS TABLE (id uuid, username text, display_name text, password_hash text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT u.id, u.username, u.display_name, u.password_hash
      FROM public.users u WHERE lower(u.username) = p_key
  $$;
REVOKE ALL ON FUNCTION auth_find_user_by_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_find_user_by_key(text) TO {{app_role}};
