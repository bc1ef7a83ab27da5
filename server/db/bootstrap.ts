import pg from 'pg';
import { ensureAppRole } from './app-role.ts';
import { appConnectionString, appRoleName } from './connection-settings.ts';
import { applyMigrations } from './migrations-runner.ts';
import { seedDemo } from './seed/seed-demo.ts';
import { ensureSecretsTable, getOrCreateSecret } from './server-secrets.ts';

export interface BootstrapOptions {
  /** Owner connection: creates the schema, the app role and the secrets. Not used for requests. */
  ownerUrl: string;
  seedDemo: boolean;
}

export interface BootstrapResult {
  /** Connection string of the app login role (RLS applies to it). */
  appUrl: string;
  appRole: string;
  /** Token-signing key shared by every instance on this database. */
  signingKey: string;
  appliedMigrations: string[];
}

/**
 * Any fixed 64-bit number; all instances use it. Advisory locks are per database, so one
 * cluster can bootstrap several databases at once.
 */
const bootstrapLockKey = 7_301_942_015_551n;

/**
 * Brings a database up to date under a session advisory lock: several API instances may start
 * at the same moment, and only one at a time may create roles, apply migrations or seed.
 */
export async function bootstrapDatabase(options: BootstrapOptions): Promise<BootstrapResult> {
  const client = new pg.Client({ connectionString: options.ownerUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [bootstrapLockKey.toString()]);
    try {
      await ensureSecretsTable(client);
      const appRole = appRoleName(options.ownerUrl);
      const appPassword = await getOrCreateSecret(client, 'app_role_password');
      await ensureAppRole(client, appRole, appPassword);
      const applied = await applyMigrations(client, appRole);
      const signingKey = await getOrCreateSecret(client, 'token_signing_key');
      if (options.seedDemo) await seedDemo(client);
      return {
        appUrl: appConnectionString(options.ownerUrl, appRole, appPassword),
        appRole,
        signingKey,
        appliedMigrations: applied.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`),
      };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [bootstrapLockKey.toString()]);
    }
  } finally {
    await client.end();
  }
}
