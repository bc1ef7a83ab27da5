import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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

  it('exports a client account through a link the browser downloads, and polls its progress', async () => {
    const { services, workspaceId } = await signedIn('operator', 'Nordic Fleet Services');
    const tenants = value<{ items: { id: string; name: string }[] }>(await services.route('admin.listTenants', { workspaceId }));
    const taxi = tenants.items.find((t) => t.name === 'Harbour Taxi');
    if (!taxi) throw new Error('no Harbour Taxi');
    const started = value<{ export: { id: string }; downloadUrl: string }>(await services.route('admin.startTenantExport', { workspaceId, tenantId: taxi.id }));
    // Absolute, on the fleet cloud, with its ticket: the renderer hands it to the browser as is.
    expect(started.downloadUrl.startsWith(`${cloud.url}/api/exports/${started.export.id}/download?ticket=`)).toBe(true);
    const zip = await fetch(started.downloadUrl);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const bytes = Buffer.from(await zip.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('hex')).toBe('504b0304');
    // Recorded just after the last byte went out: the console polls until it says so.
    const progress = await vi.waitFor(async () => {
      const p = value<{ state: string; filesWritten: number }>(await services.route('admin.tenantExport', { workspaceId, tenantId: taxi.id, exportId: started.export.id }));
      expect(p.state).toBe('done');
      return p;
    }, { timeout: 10_000, interval: 50 });
    expect(progress.filesWritten).toBeGreaterThan(3);
  });

  it('downloads the usage CSV, and schedules and restores a deletion with the reasons intact', async () => {
    const { services, workspaceId } = await signedIn('operator', 'Nordic Fleet Services');
    const month = new Date().toISOString().slice(0, 7);
    const usage = value<{ fileName: string; csv: string }>(await services.route('admin.usageCsv', { workspaceId, month }));
    expect(usage.fileName).toBe(`usage-${month}.csv`);
    expect(usage.csv.split('\r\n')[0]).toMatch(/^month,tenant_id,tenant_name,/);
    const badMonth = await services.route('admin.usageCsv', { workspaceId, month: '2026-13' });
    expect(badMonth).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'month' } });

    const tenants = value<{ items: { id: string; name: string }[] }>(await services.route('admin.listTenants', { workspaceId }));
    const utilities = tenants.items.find((t) => t.name === 'City Utilities');
    if (!utilities) throw new Error('no City Utilities');
    const pending = value<{ status: string; purgeAt: string }>(await services.route('admin.scheduleDeletion', { workspaceId, tenantId: utilities.id, graceDays: 5 }));
    expect(pending.status).toBe('pending-deletion');
    const console2 = createServices({ profileDir: await mkdtemp(join(tmpdir(), 'fleet-admin-test-')), logError: () => undefined });
    opened.push(console2);
    const refused = await console2.route('session.signIn', { serverUrl: cloud.url, username: 'sofia', password: 'demo-password-1' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'account-pending-deletion', params: { tenantName: 'City Utilities', purgeAt: pending.purgeAt } } });
    const restored = value<{ status: string }>(await services.route('admin.restoreTenant', { workspaceId, tenantId: utilities.id }));
    expect(restored.status).toBe('active');
    expect((await console2.route('session.signIn', { serverUrl: cloud.url, username: 'sofia', password: 'demo-password-1' })).ok).toBe(true);
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
