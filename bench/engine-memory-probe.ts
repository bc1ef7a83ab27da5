/**
 * The engine side of the memory figure in bench/engine-bridge.ts, run in a fresh process:
 *   node engine-memory-probe <profileDir> <serverUrl> <username> [workspaceId...]
 * It restores the profile, opens each workspace once through the bridge router (as a person
 * switching through them would) and prints one JSON line of RSS/heap figures.
 * It imports only engine code so that bench/engine-bundle.ts can bundle it the way the
 * Electron main build ships (typebox and our modules in one file, node builtins, ws and keytar
 * external) and the same measurement can run against the source and the bundle.
 */
import { createServices } from '../electron/core/create-services.ts';
import { accountIdFor } from '../electron/core/session/ids.ts';
import { MemoryTokenVault } from '../electron/core/vault/token-vault.ts';

const [profileDir, serverUrl, username, ...workspaceIds] = process.argv.slice(2);
if (!profileDir || !serverUrl || !username) throw new Error('usage: engine-memory-probe <profileDir> <serverUrl> <username> [workspaceId...]');

const vault = new MemoryTokenVault();
await vault.write(accountIdFor(serverUrl, username), 'bench-refresh-token');
const services = createServices({ vault, profileDir, logError: () => undefined });
await services.ready;
for (const workspaceId of workspaceIds) {
  const activated = await services.route('workspace.activate', { workspaceId });
  if (!activated.ok) throw new Error(`workspace.activate ${workspaceId}: ${activated.error.message}`);
  const snapshot = await services.route('fleet.snapshot', { workspaceId });
  if (!snapshot.ok) throw new Error(`fleet.snapshot ${workspaceId}: ${snapshot.error.message}`);
}
const peak = process.memoryUsage().rss;
// Steady state: what the engine holds once the snapshots handed to the renderer are gone.
(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 200));
const { rss: settled, heapUsed: heap } = process.memoryUsage();
console.log(JSON.stringify({ peak, settled, heap }));
await services.close();
process.exit(0);
