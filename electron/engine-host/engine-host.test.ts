import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildConsoleBridge } from '../../contract/bridge/build-bridge.ts';
import type { ConsoleBridge } from '../../contract/bridge/console-bridge.ts';
import type { MessageTransport } from '../../contract/bridge/message-transport.ts';
import type { SessionState } from '../../contract/bridge/session.ts';
import { startFleetCloudProcess, type FleetCloudProcess } from '../core/test/fleet-cloud-process.ts';
import { waitFor } from '../core/test/fleet-data.ts';
import { vaultFileName } from '../core/vault/open-vault.ts';
import { AesGcmCipher } from '../core/vault/test-cipher.ts';
import type { PortEnd } from './engine-links.ts';
import { EngineSupervisor, type EngineState } from './engine-supervisor.ts';
import { nodeEngineLauncher } from './node-launcher.ts';
import { transportOverPort } from './port-client.ts';

// The engine entry (electron/engine-host/main.ts, the file the bundle is built from) in its own
// process, supervised as Electron's main supervises it, talking to a real fleet cloud and real
// SQLite files. The renderer side is the contract's message transport, as in the preload.
let cloud: FleetCloudProcess;
const supervisors: Array<EngineSupervisor<PortEnd>> = [];

beforeAll(async () => {
  cloud = await startFleetCloudProcess();
}, 120_000);
afterAll(async () => cloud?.stop());
afterEach(async () => {
  for (const supervisor of supervisors.splice(0)) await supervisor.stop();
});

/** Keychain out of reach (no D-Bus session), so the vault must use the parent's cipher. */
const withoutKeychain = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/fleet-test-bus' };

async function startSupervised(profileDir: string, cipher: AesGcmCipher | null): Promise<EngineSupervisor<PortEnd>> {
  const supervisor = new EngineSupervisor({
    launch: nodeEngineLauncher({ entry: join(import.meta.dirname, 'main.ts'), profileDir, cipherAvailable: cipher !== null, env: withoutKeychain }),
    cipher,
    restartDelayMs: () => 0,
    log: () => undefined,
  });
  supervisors.push(supervisor);
  supervisor.start();
  await untilState(supervisor, 'ready');
  return supervisor;
}

function untilState(supervisor: EngineSupervisor<PortEnd>, wanted: EngineState): Promise<void> {
  return waitFor(`engine ${wanted}`, () => supervisor.state === wanted || null, 30_000).then(() => undefined);
}

/** A renderer on a fresh port: the contract transport, fed by the port. */
function connectRenderer(supervisor: EngineSupervisor<PortEnd>): { bridge: ConsoleBridge; transport: MessageTransport; port: PortEnd } {
  const port = supervisor.connect();
  if (!port) throw new Error('engine not ready');
  const transport = transportOverPort(port, { code: 'internal', message: 'engine lost' });
  return { bridge: buildConsoleBridge(transport.call, transport.subscribe), transport, port };
}

describe('engine host process', () => {
  it('serves the bridge over a port: validated calls, results and events', async () => {
    const supervisor = await startSupervised(await mkdtemp(join(tmpdir(), 'engine-host-')), null);
    expect(supervisor.vault).toBe('memory');
    const { bridge, transport } = connectRenderer(supervisor);
    const changes: SessionState[] = [];
    transport.subscribe('onSessionChanged', (state) => changes.push(state));

    await expect(bridge.session.signIn({ serverUrl: cloud.url, username: '', password: 'x' })).rejects.toMatchObject({ code: 'invalid-input', field: 'username' });
    const state = await bridge.session.signIn({ serverUrl: cloud.url, username: 'anders', password: 'demo-password-1' });

    expect(state.workspaces.map((w) => w.tenantName)).toContain('Gothenburg Freight AB');
    await waitFor('onSessionChanged', () => changes.find((c) => c.accounts.length === 1));
    const unknown = await transport.call('system.exec' as never, {} as never);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('closes a port that sends something other than bridge calls', async () => {
    const supervisor = await startSupervised(await mkdtemp(join(tmpdir(), 'engine-host-')), null);
    const { port, transport } = connectRenderer(supervisor);
    port.post({ hello: 'not a call' });
    await waitFor('port closed', () => transport.connection.get() === 'lost' || null);
    // The engine itself is fine: a new port works.
    const again = connectRenderer(supervisor);
    await expect(again.bridge.session.state()).resolves.toMatchObject({ accounts: [] });
  });

  it('seals sign-ins with the parent\'s cipher, and a restarted engine restores them after a crash', async () => {
    const profileDir = await mkdtemp(join(tmpdir(), 'engine-host-'));
    const cipher = new AesGcmCipher();
    const supervisor = await startSupervised(profileDir, cipher);
    expect(supervisor.vault).toBe('encrypted-file');
    const first = connectRenderer(supervisor);
    const signedIn = await first.bridge.session.signIn({ serverUrl: cloud.url, username: 'anders', password: 'demo-password-1' });
    const [workspace] = signedIn.workspaces;
    if (!workspace) throw new Error('anders has no workspace');
    await first.bridge.workspace.activate({ workspaceId: workspace.workspaceId });

    // On disk only what the parent's cipher sealed: the plain token is not in the file.
    const vaultFile = JSON.parse(await readFile(join(profileDir, vaultFileName), 'utf8')) as { entries: Record<string, string> };
    const [sealed] = Object.values(vaultFile.entries);
    expect(sealed).toBeDefined();
    expect(cipher.decrypt(Buffer.from(sealed ?? '', 'base64'))).toMatch(/\S{20,}/);

    // The profile is written behind the answer; crash only once it is on disk.
    await waitFor('profile saved', async () => {
      const profile = JSON.parse(await readFile(join(profileDir, 'profile.json'), 'utf8').catch(() => '{}')) as { lastWorkspaceId?: string };
      return profile.lastWorkspaceId === workspace.workspaceId || null;
    });
    const states: EngineState[] = [];
    supervisor.onChange((state) => states.push(state));
    const crashedPid = supervisor.pid;
    process.kill(crashedPid ?? 0, 'SIGKILL');

    // The renderer's port drops at once; calls fail with the lost error instead of hanging.
    await waitFor('renderer sees the loss', () => first.transport.connection.get() === 'lost' || null);
    await expect(first.bridge.session.state()).rejects.toMatchObject({ message: 'engine lost' });
    await untilState(supervisor, 'ready');
    expect(states).toEqual(['lost', 'starting', 'ready']);
    expect(supervisor.pid).not.toBe(crashedPid);

    // The new engine restored the sign-in through the brokered cipher and the last workspace.
    const second = connectRenderer(supervisor);
    const restored = await second.bridge.session.state();
    expect(restored.accounts.map((a) => a.username)).toEqual(['anders']);
    expect(restored.activeWorkspaceId).toBe(workspace.workspaceId);
    expect(restored.notice).toBeNull();
  });

  it('stops cleanly: the engine closes its caches and exits when asked', async () => {
    const supervisor = await startSupervised(await mkdtemp(join(tmpdir(), 'engine-host-')), null);
    const pid = supervisor.pid;
    await supervisor.stop();
    expect(supervisor.state).toBe('stopped');
    expect(() => process.kill(pid ?? 0, 0)).toThrow();
  });
});
