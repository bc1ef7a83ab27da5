/**
 * Part of `npm run bench:engine`: the whole engine (createServices), driven through its
 * validating bridge router as a host drives it. Prints figures; never fails on timing.
 *   - warm workspace switch THROUGH the router: `workspace.activate` + `fleet.snapshot`
 *     (what the map and list need), cache present, server unreachable (goal < 150 ms)
 *   - engine memory with three workspaces cached and each opened once (goal < 150 MB RSS)
 * The profile is a restored one (profile.json + a vault entry), so no server is needed: the
 * fleet cloud URL points at a closed port, as on a train.
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Device } from '../contract/api/devices.ts';
import type { FleetSnapshot } from '../contract/bridge/domains/fleet-domain.ts';
import { CacheRegistry } from '../electron/core/cache/cache-registry.ts';
import { applyLatestPositions } from '../electron/core/cache/positions-store.ts';
import { WorkspaceCache } from '../electron/core/cache/workspace-cache.ts';
import { createServices, type Services } from '../electron/core/create-services.ts';
import { accountIdFor, workspaceIdFor } from '../electron/core/session/ids.ts';
import { MemoryTokenVault } from '../electron/core/vault/token-vault.ts';
import { buildBundledProbe } from './engine-bundle.ts';

const serverUrl = 'http://127.0.0.1:9';
const username = 'bench';
const devicesPerWorkspace = 10_000;
const accountId = accountIdFor(serverUrl, username);

async function openEngine(profileDir: string): Promise<Services> {
  const vault = new MemoryTokenVault();
  await vault.write(accountId, 'bench-refresh-token');
  const services = createServices({ vault, profileDir, logError: () => undefined });
  await services.ready;
  return services;
}

async function snapshotVia(services: Services, workspaceId: string): Promise<FleetSnapshot> {
  const activated = await services.route('workspace.activate', { workspaceId });
  if (!activated.ok) throw new Error(activated.error.message);
  const result = await services.route('fleet.snapshot', { workspaceId });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as FleetSnapshot;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const report = (name: string, value: number, goal: number, unit = 'ms') =>
  console.log(`${name.padEnd(58)} ${value.toFixed(1).padStart(8)} ${unit}  (goal < ${goal} ${unit}) ${value < goal ? 'OK' : 'OVER'}`);
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const profileDir = mkdtempSync(join(tmpdir(), 'bench-engine-bridge-'));
const registry = new CacheRegistry(profileDir);
const tenants = ['Alpha Freight', 'Beta Taxi', 'Gamma Utilities'].map((tenantName) => ({ tenantId: randomUUID(), tenantName }));
for (const { tenantId } of tenants) {
  const cache = registry.open({ serverUrl, username, tenantId });
  const devices: Device[] = Array.from({ length: devicesPerWorkspace }, (_, i) => ({
    id: randomUUID(), uniqueId: `IMEI${i}`, name: `Vehicle ${i}`, plate: `ABC ${i}`, vehicleType: 'truck', groupId: null, groupName: null,
    status: 'moving', lastSeenAt: new Date().toISOString(), position: null,
  }));
  cache.db.write((db) => WorkspaceCache.replaceDevices(db, devices));
  const ids = devices.map((d) => d.id);
  applyLatestPositions(cache.db, {
    deviceIds: ids, longitudes: ids.map((_, i) => 11.9 + (i % 100) / 1000), latitudes: ids.map((_, i) => 57.7 + (i % 97) / 1000),
    speedsKmh: ids.map((_, i) => i % 90), courses: ids.map((_, i) => i % 360), fixTimes: ids.map(() => Date.now()), statuses: ids.map(() => 'moving' as const),
  }, 1);
}
registry.closeAll();
const workspaceIds = tenants.map((t) => workspaceIdFor(accountId, t.tenantId));
writeFileSync(join(profileDir, 'profile.json'), JSON.stringify({
  version: 1,
  accounts: [{
    account: { accountId, serverUrl, username, displayName: 'Bench User' },
    userId: randomUUID(),
    memberships: tenants.map((t) => ({ ...t, tenantKind: 'client', role: 'dispatcher' })),
  }],
  lastWorkspaceId: workspaceIds[0],
  cacheLimitBytes: 1024 ** 3,
  tripWindowDays: 7,
}), { mode: 0o600 });

const services = await openEngine(profileDir);
// The first open of each file is a cold switch; then switch round twice, warm.
for (const workspaceId of workspaceIds) await snapshotVia(services, workspaceId);
const switches: number[] = [];
for (const workspaceId of [...workspaceIds, ...workspaceIds]) {
  const start = process.hrtime.bigint();
  const snapshot = await snapshotVia(services, workspaceId);
  switches.push(ms(start));
  if (snapshot.devices.length !== devicesPerWorkspace || snapshot.positions.deviceIds.length !== devicesPerWorkspace) throw new Error('snapshot incomplete');
}
await services.close();
report(`warm switch via bridge router, ${devicesPerWorkspace} devices (median)`, median(switches), 150);

// Memory is measured in fresh processes running bench/engine-memory-probe.ts: once from the
// TypeScript sources (as the web host runs), once bundled the way the Electron main ships.
const mb = (bytes: number) => bytes / 1024 / 1024;
const line = (name: string, value: number, note = '') => console.log(`${name.padEnd(58)} ${value.toFixed(1).padStart(8)} MB${note}`);
const probe = (entry: string, workspaces: string[]) => {
  const run = spawnSync(process.execPath, ['--expose-gc', entry, profileDir, serverUrl, username, ...workspaces], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`${entry} exited ${run.status ?? run.signal}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim()) as { peak: number; settled: number; heap: number };
};
// The floor a fair comparison starts from: a bare Node 24, and one that strips types (as the
// source-run engine does; Electron runs a built bundle and does not pay for the stripper).
const floorOf = (args: string[]) => mb(Number(spawnSync(process.execPath, [...args, '-e', 'console.log(process.memoryUsage().rss)'], { encoding: 'utf8' }).stdout.trim()));
line('bare Node 24 process RSS (floor)', floorOf([]));
line('bare Node 24 process RSS, TypeScript stripping loaded', floorOf(['--input-type=module-typescript']));
const sourceProbe = join(import.meta.dirname, 'engine-memory-probe.ts');
try {
  const bundledProbe = await buildBundledProbe();
  for (const [label, entry] of [['source-run (web host)', sourceProbe], ['bundled as shipped (Electron main)', bundledProbe]] as const) {
    console.log(`engine ${label}:`);
    line('  whole engine RSS, restored but no workspace opened', mb(probe(entry, []).settled), '  (baseline)');
    const memory = probe(entry, workspaceIds);
    report('  whole engine RSS, 3 workspaces opened, peak (10k each)', mb(memory.peak), 150, 'MB');
    report('  whole engine RSS, 3 workspaces opened, after GC', mb(memory.settled), 150, 'MB');
    line('    of which V8 heap in use', mb(memory.heap));
  }
} finally {
  rmSync(profileDir, { recursive: true, force: true });
}
