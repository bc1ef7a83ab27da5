import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeResult } from '../../../contract/bridge/bridge-error.ts';
import { createServices, type Services } from '../create-services.ts';
import { startFleetCloudProcess, type FleetCloudProcess } from '../test/fleet-cloud-process.ts';
import { startTileServer, type TileServer } from '../test/tile-server.ts';

// The engine's map gateway with real sessions against the real fleet cloud: what it serves
// follows the active workspace's saved settings and the Previews its admins ask for.
let cloud: FleetCloudProcess;
let tiles: TileServer;
const opened: Services[] = [];

beforeAll(async () => {
  [cloud, tiles] = await Promise.all([startFleetCloudProcess(), startTileServer()]);
}, 90_000);
afterAll(async () => {
  for (const services of opened) await services.close();
  await cloud?.stop();
  await tiles?.close();
});

async function signedIn(username: string): Promise<{ services: Services; workspaceId: string }> {
  const services = createServices({ profileDir: await mkdtemp(join(tmpdir(), 'fleet-map-gateway-test-')), logError: () => undefined, autoRegionPacks: false });
  opened.push(services);
  const result = await services.route('session.signIn', { serverUrl: cloud.url, username, password: 'demo-password-1' });
  if (!result.ok) throw new Error(result.error.message);
  const { activeWorkspaceId } = result.value as { activeWorkspaceId: string | null };
  if (!activeWorkspaceId) throw new Error(`${username} has no open workspace`);
  return { services, workspaceId: activeWorkspaceId };
}

const status = async (services: Services, target: string) => {
  const answer = await services.mapGateway.answer(target, { range: 'bytes=0-126' });
  answer.body?.destroy();
  return answer.status;
};
const failed = (result: BridgeResult<unknown>) => (result.ok ? null : { code: result.error.code, field: result.error.field });

describe('the engine\'s map gateway', () => {
  const archive = () => `${tiles.origin}/basemap.pmtiles`;

  it('serves an unsaved address only after an admin asked for its Preview', async () => {
    const { services, workspaceId } = await signedIn('anders');
    expect(await status(services, archive())).toBe(403);
    const preview = await services.route('settings.previewMap', { workspaceId, source: { kind: 'pmtiles', pmtilesUrl: archive() } });
    expect(preview.ok && Date.parse((preview.value as { allowedUntil: string }).allowedUntil)).toBeGreaterThan(Date.now());
    expect(await status(services, archive())).toBe(206);

    expect(failed(await services.route('settings.previewMap', { workspaceId, source: { kind: 'offline' } }))).toEqual({ code: 'invalid-input', field: 'source.kind' });
    expect(failed(await services.route('settings.previewMap', { workspaceId, source: { kind: 'style', styleUrl: 'file:///etc/passwd' } }))).toEqual({ code: 'invalid-input', field: 'source.styleUrl' });
  });

  it('refuses the Preview to a role that may not change the settings', async () => {
    const { services, workspaceId } = await signedIn('erik');
    expect(failed(await services.route('settings.previewMap', { workspaceId, source: { kind: 'pmtiles', pmtilesUrl: archive() } }))).toEqual({ code: 'forbidden', field: undefined });
    expect(await status(services, archive())).toBe(403);
  });

  it('serves the saved source as soon as the admin saves it on this console', async () => {
    const { services, workspaceId } = await signedIn('anders');
    const elsewhere = 'http://127.0.0.1:9/basemap.pmtiles';
    const saved = await services.route('settings.update', { workspaceId, patch: { changes: { mapSource: { kind: 'pmtiles', pmtilesUrl: archive() } } } });
    expect(saved.ok).toBe(true);
    expect(await status(services, archive())).toBe(206);
    expect(await status(services, elsewhere)).toBe(403);
  });
});
