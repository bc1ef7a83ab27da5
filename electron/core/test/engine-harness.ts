import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BridgeEventName, BridgeEvents } from '../../../contract/bridge/console-bridge.ts';
import type { SyncStatus } from '../../../contract/bridge/domains/sync-domain.ts';
import type { SessionState } from '../../../contract/bridge/session.ts';
import { CacheRegistry } from '../cache/cache-registry.ts';
import { openServices, type Services, type ServicesOptions } from '../create-services.ts';
import { waitFor } from './fleet-data.ts';
import { ManualScheduler } from './manual-scheduler.ts';

export interface RecordedEvent {
  name: BridgeEventName;
  payload: unknown;
  at: number;
}

/** A console engine as a host runs it (best vault of this machine, real profile and cache files), driven through its bridge router. */
export interface EngineHarness {
  services: Services;
  profileDir: string;
  workspaceId: string;
  events: RecordedEvent[];
  call<T>(method: string, input?: unknown): Promise<T>;
  status(): Promise<SyncStatus>;
  waitForStatus(what: string, test: (status: SyncStatus) => boolean, timeoutMs?: number): Promise<SyncStatus>;
  eventsOf<E extends BridgeEventName>(name: E): BridgeEvents[E][];
  /**
   * The sync's retries after a failure (manual: nothing waits out a backoff). `waitForStatus`
   * runs the pending one on each poll, so an engine that is offline retries as soon as a test
   * waits for a state; a test that only reads the cache leaves it offline.
   */
  retries: ManualScheduler;
  /** The workspace's SQLite file (open it read-only to check what is on disk). */
  cacheFile(): string;
  close(): Promise<void>;
}

export async function startEngine(options: {
  serverUrl: string;
  username: string;
  /** For accounts with several workspaces. */
  tenantName?: string;
  profileDir?: string;
  services?: Omit<ServicesOptions, 'vault' | 'vaultStatus' | 'profileDir'>;
}): Promise<EngineHarness> {
  const profileDir = options.profileDir ?? (await mkdtemp(join(tmpdir(), 'fleet-engine-profile-')));
  const retries = new ManualScheduler();
  const services = await openServices({ profileDir, logError: () => undefined, scheduleSyncRetry: retries.schedule, ...options.services });
  const events: RecordedEvent[] = [];
  services.onEvent((name, payload) => events.push({ name, payload, at: Date.now() }));
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const result = await services.route(method, input);
    if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.message}`), { code: result.error.code });
    return result.value as T;
  };
  let state = await call<SessionState>('session.state');
  if (!state.activeWorkspaceId) {
    state = await call<SessionState>('session.signIn', { serverUrl: options.serverUrl, username: options.username, password: 'demo-password-1' });
    const wanted = options.tenantName ? state.workspaces.find((w) => w.tenantName === options.tenantName) : state.workspaces[0];
    if (!wanted) throw new Error(`${options.username} has no workspace ${options.tenantName ?? ''}`);
    if (state.activeWorkspaceId !== wanted.workspaceId) state = await call<SessionState>('workspace.activate', { workspaceId: wanted.workspaceId });
  }
  const workspaceId = state.activeWorkspaceId ?? '';
  const workspace = state.workspaces.find((w) => w.workspaceId === workspaceId);
  if (!workspace) throw new Error('no active workspace');
  const status = () => call<SyncStatus>('sync.status', { workspaceId });
  return {
    services,
    profileDir,
    workspaceId,
    events,
    call,
    status,
    retries,
    waitForStatus: (what, test, timeoutMs = 30_000) => waitFor(what, async () => {
      retries.fireAll();
      const current = await status();
      return test(current) ? current : null;
    }, timeoutMs),
    eventsOf: <E extends BridgeEventName>(name: E) => events.filter((e) => e.name === name).map((e) => e.payload as BridgeEvents[E]),
    cacheFile: () => new CacheRegistry(profileDir).fileFor({ serverUrl: workspace.serverUrl, username: workspace.username, tenantId: workspace.tenantId }),
    close: () => services.close(),
  };
}
