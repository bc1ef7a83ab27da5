import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleetCloud } from '../server/start-fleet-cloud.ts';

/**
 * One real fleet cloud (embedded PostgreSQL, demo data) for the whole run. Each test gets its
 * own console engine (see fixtures.ts), so sign-ins never leak between tests.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fleet-e2e-'));
  const cloud = await startFleetCloud({ port: 0, host: '127.0.0.1', dataDir, seedDemo: true, logger: false });
  process.env.FLEET_SERVER_URL = cloud.url;
  // Specs that move time for one row (a support grant's expiry) act as the database's owner.
  process.env.FLEET_OWNER_DATABASE_URL = cloud.ownerUrl;
  return async () => {
    await cloud.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
