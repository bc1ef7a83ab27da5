import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeResult } from '../../../contract/bridge/bridge-error.ts';
import { createServices, type Services } from '../create-services.ts';
import { startFleetCloudProcess, type FleetCloudProcess } from '../test/fleet-cloud-process.ts';

// The admin bridge against the real fleet cloud: the engine adds tokens and turns API errors
// into bridge errors; the server decides what each role may do.
let cloud: FleetCloudProcess;
const opened: Services[] = [];

beforeAll(async () => {
  cloud = await startFleetCloudProcess();
}, 90_000);
afterAll(async () => {
  for (const services of opened) await services.close();
  await cloud?.stop();
});

async function signedIn(username: string, tenantName: string): Promise<{ services: Services; workspaceId: string }> {
  const services = createServices({ profileDir: await mkdtemp(join(tmpdir(), 'fleet-admin-test-')), logError: () => undefined });
  opened.push(services);
  const result = await services.route('session.signIn', { serverUrl: cloud.url, username, password: 'demo-password-1' });
  if (!result.ok) throw new Error(result.error.message);
  const state = result.value as { workspaces: { workspaceId: string; tenantName: string }[] };
  const workspace = state.workspaces.find((w) => w.tenantName === tenantName);
  if (!workspace) throw new Error(`${username} has no workspace ${tenantName}`);
  return { services, workspaceId: workspace.workspaceId };
}

const value = <T>(result: BridgeResult<unknown>): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
};

describe('admin bridge', () => {
  it('lets the provider list accounts and inventory', async () => {
    const { services, workspaceId } = await signedIn('operator', 'Nordic Fleet Services');
    const tenants = value<{ items: { name: string }[] }>(await services.route('admin.listTenants', { workspaceId }));
    expect(tenants.items.map((t) => t.name)).toEqual(expect.arrayContaining(['Gothenburg Freight AB', 'Harbour Taxi']));
    const stock = value<{ total: number }>(await services.route('admin.listInventory', { workspaceId, query: { status: 'unassigned' } }));
    expect(stock.total).toBeGreaterThanOrEqual(4);
  });

  it('reports a denied action as forbidden with the server reason, and bad input by field', async () => {
    const { services, workspaceId } = await signedIn('erik', 'Gothenburg Freight AB');
    const denied = await services.route('admin.listTenants', { workspaceId });
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    if (!denied.ok) expect(denied.error.message).toMatch(/tenants\.manage/);
    const settings = value<{ settings: { distanceUnit: string } }>(await services.route('settings.get', { workspaceId }));
    expect(settings.settings.distanceUnit).toBe('km');
    const invalid = await services.route('settings.update', { workspaceId, patch: { changes: { distanceUnit: 'furlong' } } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('adds, lists, changes and removes a report schedule, and hands a field error back with the field', async () => {
    const { services, workspaceId } = await signedIn('anders', 'Gothenburg Freight AB');
    const schedule = { name: 'Monthly fleet', report: 'fleet-insights', selection: { kind: 'all' }, cadence: 'monthly', formats: ['pdf', 'xlsx'], recipients: ['boss@example.com'], enabled: true };
    const created = value<{ id: string; version: number; next: { from: string; dueAt: string } }>(await services.route('admin.createReportSchedule', { workspaceId, schedule }));
    expect(created.next.from.endsWith('-01')).toBe(true);
    const list = value<{ items: { id: string; lastRun: unknown }[] }>(await services.route('admin.listReportSchedules', { workspaceId }));
    expect(list.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.id, lastRun: null })]));
    const changed = value<{ cadence: string; version: number }>(
      await services.route('admin.updateReportSchedule', { workspaceId, scheduleId: created.id, schedule: { ...schedule, cadence: 'weekly', expectedVersion: created.version } }),
    );
    expect(changed).toMatchObject({ cadence: 'weekly', version: created.version + 1 });
    const noGroup = await services.route('admin.createReportSchedule', { workspaceId, schedule: { ...schedule, selection: { kind: 'group' } } });
    expect(noGroup).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'selection.groupId', reason: 'report-selection-invalid' } });
    expect(value(await services.route('admin.deleteReportSchedule', { workspaceId, scheduleId: created.id }))).toEqual({ scheduleId: created.id });
  });
});
