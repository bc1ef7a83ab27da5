import type pg from 'pg';

/**
 * Creates (or re-keys) the login role the API serves requests with. It must never be able to
 * skip row-level security: not a superuser, no BYPASSRLS, not the owner of any table. We check
 * the result instead of trusting it, because the role may predate us (created by hand).
 */
export async function ensureAppRole(client: pg.ClientBase, role: string, password: string): Promise<void> {
  const name = client.escapeIdentifier(role);
  const secret = client.escapeLiteral(password);
  const existing = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (existing.rowCount === 0) {
    await client.query(
      `CREATE ROLE ${name} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD ${secret}`,
    );
  } else {
    // Only LOGIN and PASSWORD: changing SUPERUSER/BYPASSRLS, even to "no", needs a superuser.
    await client.query(`ALTER ROLE ${name} LOGIN PASSWORD ${secret}`);
  }
  const check = await client.query<{ rolsuper: boolean; rolbypassrls: boolean; owns: boolean }>(
    `SELECT r.rolsuper, r.rolbypassrls,
            EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid) AS owns
       FROM pg_roles r WHERE r.rolname = $1`,
    [role],
  );
  const row = check.rows[0];
  if (!row) throw new Error(`Role ${role} was not created`);
  if (row.rolsuper || row.rolbypassrls || row.owns) {
    throw new Error(
      `Role ${role} can bypass row-level security (superuser, BYPASSRLS or table owner); refusing to serve tenants through it`,
    );
  }
}
