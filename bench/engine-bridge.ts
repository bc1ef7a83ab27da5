/**
 * Part of `npm run bench:engine`: the whole engine (createServices), driven through its
 * validating bridge router as a host drives it. Prints figures; never fails on timing.
 *   - warm workspace switch THROUGH the router: `workspace.activate` + `fleet.snapshot`
 *     (what the map and list need), cache present, server unreachable (goal < 150 ms)
 * Memory and responsiveness of the engine as it ships (its own process, the web host) are in
 * bench/engine-hosts.ts.
 */
import { rmSync } from 'node:fs';
import type { FleetSnapshot } from '../contract/bridge/domains/fleet-domain.ts';
import { createServices, type Services } from '../electron/core/create-services.ts';
import { MemoryTokenVault } from '../electron/core/vault/token-vault.ts';
import { accountId, createBenchProfile, devicesPerWorkspace } from './engine-profile.ts';

async function snapshotVia(services: Services, workspaceId: string): Promise<FleetSnapshot> {
  const activated = await services.route('workspace.activate', { workspaceId });
  if (!activated.ok) throw new Error(activated.error.message);
  const result = await services.route('fleet.snapshot', { workspaceId });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as FleetSnapshot;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const { profileDir, workspaceIds } = createBenchProfile();
try {
  const vault = new MemoryTokenVault();
  await vault.write(accountId, 'bench-refresh-token');
  const services = createServices({ vault, profileDir, logError: () => undefined });
  await services.ready;
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
  const value = median(switches);
  console.log(`${`warm switch via bridge router, ${devicesPerWorkspace} devices (median)`.padEnd(58)} ${value.toFixed(1).padStart(8)} ms  (goal < 150 ms) ${value < 150 ? 'OK' : 'OVER'}`);
} finally {
  rmSync(profileDir, { recursive: true, force: true });
}
