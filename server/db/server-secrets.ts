import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/**
 * Secrets every API instance on one database must agree on (the app role's password, the
 * token-signing key) live in an owner-only table: no grant to the app role, so a request
 * can never read them, and a second instance on the same DATABASE_URL needs no extra config.
 */
export async function ensureSecretsTable(client: pg.ClientBase): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS server_secrets (
    name text PRIMARY KEY,
    value text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`);
  await client.query('REVOKE ALL ON server_secrets FROM PUBLIC');
}

/** Returns the stored secret, creating a random one on first use. */
export async function getOrCreateSecret(client: pg.ClientBase, name: string): Promise<string> {
  await client.query('INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    name,
    randomBytes(32).toString('base64url'),
  ]);
  const row = await client.query<{ value: string }>('SELECT value FROM server_secrets WHERE name = $1', [name]);
  const value = row.rows[0]?.value;
  if (!value) throw new Error(`Secret ${name} could not be stored`);
  return value;
}
