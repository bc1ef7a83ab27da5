/**
 * A console engine in its own process, for tests that kill it (crash safety). Signs in (or
 * restores the last run's session), syncs, and reports on stdout one JSON line per sync status
 * change; `{"done":true}` once the first full sync has finished. Configured by environment:
 * FLEET_SERVER_URL, FLEET_PROFILE_DIR, FLEET_USERNAME, FLEET_PAGE_SIZE.
 */
import type { SyncStatus } from '../../../contract/bridge/domains/sync-domain.ts';
import type { SessionState } from '../../../contract/bridge/session.ts';
import { openServices } from '../create-services.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const services = await openServices({ profileDir: env('FLEET_PROFILE_DIR'), syncPageSize: Number(process.env.FLEET_PAGE_SIZE ?? 2000), logError: () => undefined });
const report = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
services.onEvent((name, payload) => {
  if (name !== 'onSyncStatus') return;
  const status = payload as SyncStatus;
  report({ state: status.state, progress: status.progress });
  if (status.state === 'online' && status.progress === null && status.lastSyncedAt) report({ done: true });
});
const call = async <T>(method: string, input: unknown): Promise<T> => {
  const result = await services.route(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
};
const state = await call<SessionState>('session.state', {});
if (!state.activeWorkspaceId) await call('session.signIn', { serverUrl: env('FLEET_SERVER_URL'), username: env('FLEET_USERNAME'), password: 'demo-password-1' });
report({ started: true });
