/**
 * The server half of `npm run bench:fairness` (bench/ingest-fairness.ts), in its own process:
 * embedded PostgreSQL, the seeded demo, two client accounts with bench units — A (`noisy-*`,
 * City Utilities) and B (`quiet-*`, Harbour Taxi) — each on the default plan, and the fleet
 * cloud on a free port with plans and fair share as in production. Talks to the parent over IPC.
 */
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { appConfig } from '../server/config.ts';
import { bootstrapDatabase } from '../server/db/bootstrap.ts';
import { createFleetDb } from '../server/db/fleet-db.ts';
import { startTestPostgres } from '../server/test/test-postgres.ts';
import { demoTenants } from '../demo/demo-accounts.ts';

const noisyUnits = Number(process.env.BENCH_NOISY_UNITS ?? 2000);
const quietUnits = Number(process.env.BENCH_QUIET_UNITS ?? 1000);
const tenants = { noisy: demoTenants.cityUtilities.id, quiet: demoTenants.harbourTaxi.id };

const postgres = await startTestPostgres();
const ownerUrl = await postgres.createDatabase();
const boot = await bootstrapDatabase({ ownerUrl, seedDemo: true });

async function asOwner<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

await asOwner(async (owner) => {
  for (const [prefix, tenant, count] of [['noisy', tenants.noisy, noisyUnits], ['quiet', tenants.quiet, quietUnits]] as const) {
    await owner.query('BEGIN');
    await owner.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
    await owner.query(`INSERT INTO devices (tenant_id, unique_id, name) SELECT $1, $2 || '-' || i, $2 || ' ' || i FROM generate_series(1, $3) i`, [tenant, prefix, count]);
    await owner.query('COMMIT');
  }
  // Units report only when the provider's registry has them assigned; key = sha256(unit id).
  await owner.query('BEGIN');
  await owner.query("SELECT set_config('app.tenant_id', $1, true)", [demoTenants.nordicFleetServices.id]);
  await owner.query(
    `INSERT INTO registry_devices (unique_id, secret_hash, assigned_tenant_id, assigned_device_id)
     SELECT d.unique_id, sha256(d.unique_id::bytea), d.tenant_id, d.id FROM devices d WHERE d.unique_id LIKE 'noisy-%' OR d.unique_id LIKE 'quiet-%'`,
  );
  await owner.query('COMMIT');
  await owner.query('ANALYZE');
});

const db = createFleetDb({ connectionString: boot.appUrl, max: 10 });
const app = await buildApp({ db, config: appConfig(boot.signingKey), logger: { level: 'error' } });
const url = await app.listen({ port: 0, host: '127.0.0.1' });

/** Positions stored per account's bench units, counted as the owner (no RLS), after draining. */
async function counts(): Promise<{ noisy: number; quiet: number }> {
  await app.ingest.drain();
  return asOwner(async (owner) => {
    const rows = await owner.query<{ prefix: string; n: number }>(
      `SELECT split_part(d.unique_id, '-', 1) AS prefix, count(*)::int AS n
         FROM positions p JOIN devices d ON d.tenant_id = p.tenant_id AND d.id = p.device_id
        WHERE d.unique_id LIKE 'noisy-%' OR d.unique_id LIKE 'quiet-%' GROUP BY 1`,
    );
    const of = (prefix: string) => rows.rows.find((r) => r.prefix === prefix)?.n ?? 0;
    return { noisy: of('noisy'), quiet: of('quiet') };
  });
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'count') void counts().then((stored) => process.send?.({ type: 'count', ...stored }));
  else if (message.type === 'stop') void app.close().then(() => db.close()).then(() => postgres.stop()).then(() => process.exit(0));
});
process.send?.({ type: 'ready', url, tenants, signingKey: boot.signingKey });
