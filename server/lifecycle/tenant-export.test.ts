import { createHash } from 'node:crypto';
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiErrorBody } from '../../contract/api/errors.ts';
import type { ExportManifest, StartedExport, TenantExport } from '../../contract/api/lifecycle.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { demoDeviceSecret } from '../../demo/demo-registry.ts';
import { readZip } from '../test/read-zip.ts';
import { accessTokenFor, bearer } from '../test/test-fleet.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';

const suite = useTestFleet();
const freight = demoTenants.gothenburgFreight;
let operator: string;
let maria: string;

beforeAll(async () => {
  operator = await accessTokenFor(suite.fleet.app, 'operator', demoTenants.nordicFleetServices.id);
  maria = await accessTokenFor(suite.fleet.app, 'maria', freight.id);
  // Positions of our own (with a note holding a comma, a quote and a line end: CSV quoting is
  // part of what the counts must survive), so the positions file is not empty.
  const truck = demoDevices.find((d) => d.tenant.id === freight.id);
  if (!truck) throw new Error('demo fleet has no Gothenburg Freight unit');
  const start = Date.now() - 3_600_000;
  const records = Array.from({ length: 500 }, (_, i) => ({ deviceId: truck.uniqueId, time: new Date(start + i * 1000).toISOString(), latitude: 57.7 + i * 1e-5, longitude: 11.97, speed: 10 }));
  const stored = await suite.fleet.app.inject({ method: 'POST', url: '/api/ingest/batch', headers: { 'x-device-key': demoDeviceSecret(truck.uniqueId) }, payload: { records } });
  expect(stored.statusCode, stored.body).toBe(200);
  await suite.fleet.app.ingest.drain();
  const renamed = await suite.fleet.app.inject({ method: 'PATCH', url: `/api/groups/${(await firstGroup()).id}`, headers: bearer(maria), payload: { name: 'North, "the depot"\nby the harbour' } });
  expect(renamed.statusCode, renamed.body).toBe(200);
});

async function firstGroup(): Promise<{ id: string }> {
  const groups = await suite.fleet.app.inject({ method: 'GET', url: '/api/groups', headers: bearer(maria) });
  const first = groups.json<{ items: { id: string }[] }>().items[0];
  if (!first) throw new Error('no group');
  return first;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function download(started: StartedExport) {
  return suite.fleet.app.inject({ method: 'GET', url: started.downloadPath });
}

/** Rows of the account per table, counted as the database owner (no RLS in the way of the count). */
async function ownerCounts(tables: string[]): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: suite.fleet.ownerUrl });
  await client.connect();
  try {
    const counts = new Map<string, number>();
    for (const table of tables) {
      const result = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${client.escapeIdentifier(table)} WHERE tenant_id = $1`, [freight.id]);
      counts.set(table, result.rows[0]?.n ?? -1);
    }
    return counts;
  } finally {
    await client.end();
  }
}

describe('tenant export (provider and owner)', () => {
  it('streams a ZIP whose manifest names every file with its rows and SHA-256, matching the database', async () => {
    const start = await suite.fleet.app.inject({ method: 'POST', url: `/api/tenants/${freight.id}/exports`, headers: bearer(operator) });
    expect(start.statusCode, start.body).toBe(201);
    const started = start.json<StartedExport>();
    expect(started.export.state).toBe('ready');

    const response = await download(started);
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(String(response.headers['content-disposition'])).toMatch(/^attachment; filename="Gothenburg-Freight-AB-export-\d{4}-\d{2}-\d{2}\.zip"$/);
    const files = await readZip(response.rawPayload);
    const names = [...files.keys()];
    expect(names.at(-1)).toBe('manifest.json');
    const manifest = JSON.parse(String(files.get('manifest.json'))) as ExportManifest;
    expect(manifest).toMatchObject({ format: 'fleet-tenant-export', formatVersion: 1, tenant: { id: freight.id, name: 'Gothenburg Freight AB', status: 'active' } });
    expect(manifest.schemaVersion).toBeGreaterThanOrEqual(111);
    expect(manifest.files.map((f) => f.name)).toEqual(names.slice(0, -1));

    // Each file as written: bytes and hash.
    for (const file of manifest.files) {
      const content = files.get(file.name);
      expect(content, file.name).toBeDefined();
      expect({ name: file.name, bytes: content?.length, sha256: content && sha256(content) }).toEqual({ name: file.name, bytes: file.bytes, sha256: file.sha256 });
    }
    // Each table's rows against the database.
    const tables = manifest.files.filter((f) => f.name.startsWith('data/')).map((f) => f.name.slice('data/'.length, -'.csv'.length));
    expect(tables).toEqual(expect.arrayContaining(['devices', 'groups', 'memberships', 'positions', 'trips', 'alerts', 'geofences', 'drivers', 'audit_log', 'tenant_settings_versions']));
    const counts = await ownerCounts(tables);
    for (const file of manifest.files.filter((f) => f.name.startsWith('data/'))) {
      expect({ file: file.name, rows: file.rows }).toEqual({ file: file.name, rows: counts.get(file.name.slice('data/'.length, -'.csv'.length)) });
    }
    expect(manifest.files.find((f) => f.name === 'data/positions.csv')?.rows).toBeGreaterThanOrEqual(500);
    // Nothing of the API role's reach is left out; secrets are named as left out.
    expect(manifest.omitted.filter((o) => o.reason === 'not-readable')).toEqual([]);

    // Members without any password hash, and only this account's members.
    const users = String(files.get('users.csv'));
    expect(users.split('\n')[0]).toBe('id,username,display_name,role,member_since,created_at');
    expect(users).not.toMatch(/scrypt|password/i);
    expect(manifest.files.find((f) => f.name === 'users.csv')?.rows).toBe(counts.get('memberships'));
    expect(users).toContain('maria');
    expect(users).not.toContain('sofia');
    // The group name with a comma, quote and line end came through as one CSV field.
    expect(String(files.get('data/groups.csv'))).toContain('"North, ""the depot""\nby the harbour"');
    // Only this account's rows: no other tenant id anywhere in the data.
    for (const other of [demoTenants.harbourTaxi.id, demoTenants.cityUtilities.id]) {
      for (const [name, content] of files) expect({ name, leaks: content.includes(other) }).toEqual({ name, leaks: false });
    }

    // The console's poll sees the finished export (recorded just after the last byte went out).
    const poll = async () => (await suite.fleet.app.inject({ method: 'GET', url: `/api/tenants/${freight.id}/exports/${started.export.id}`, headers: bearer(operator) })).json<TenantExport>();
    const finished = await vi.waitFor(async () => {
      const e = await poll();
      expect(e.state).toBe('done');
      return e;
    }, { timeout: 10_000, interval: 50 });
    expect(finished).toMatchObject({ state: 'done', filesWritten: manifest.files.length, currentFile: null, error: null });
    expect(finished.rowsWritten).toBe(manifest.files.reduce((n, f) => n + f.rows, 0));
    expect(finished.bytesWritten).toBe(manifest.files.reduce((n, f) => n + f.bytes, 0) + (files.get('manifest.json')?.length ?? 0));
  });

  it('serves a ticket once: a second download, a wrong ticket and another id are refused alike', async () => {
    const started = (await suite.fleet.app.inject({ method: 'POST', url: `/api/tenants/${freight.id}/exports`, headers: bearer(operator) })).json<StartedExport>();
    const wrong = await suite.fleet.app.inject({ method: 'GET', url: started.downloadPath.replace(/ticket=.{4}/, 'ticket=AAAA') });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json<ApiErrorBody>().reason).toBe('export-ticket-invalid');
    expect((await download(started)).statusCode).toBe(200);
    const again = await download(started);
    expect(again.statusCode).toBe(404);
    expect(again.json<ApiErrorBody>().reason).toBe('export-ticket-invalid');
  });

  it("lets the owner export their own account, recorded in the account's audit log; not a dispatcher", async () => {
    const own = await suite.fleet.app.inject({ method: 'POST', url: '/api/exports', headers: bearer(maria) });
    expect(own.statusCode, own.body).toBe(201);
    const started = own.json<StartedExport>();
    const files = await readZip((await download(started)).rawPayload);
    expect(JSON.parse(String(files.get('manifest.json')))).toMatchObject({ tenant: { id: freight.id } });
    await vi.waitFor(async () => {
      const poll = await suite.fleet.app.inject({ method: 'GET', url: `/api/exports/${started.export.id}`, headers: bearer(maria) });
      expect(poll.json<TenantExport>().state).toBe('done');
    }, { timeout: 10_000, interval: 50 });
    const audit = await suite.fleet.app.inject({ method: 'GET', url: '/api/audit?limit=10', headers: bearer(maria) });
    expect(audit.json<{ items: { action: string }[] }>().items.filter((e) => e.action === 'tenants.export').length).toBeGreaterThanOrEqual(2);

    const erik = await accessTokenFor(suite.fleet.app, 'erik', freight.id);
    const refused = await suite.fleet.app.inject({ method: 'POST', url: '/api/exports', headers: bearer(erik) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<ApiErrorBody>()).toMatchObject({ reason: 'permission-missing', params: { permission: 'account.export' } });
    // Another account's export id is not found for the owner.
    const taxiExport = (await suite.fleet.app.inject({ method: 'POST', url: `/api/tenants/${demoTenants.harbourTaxi.id}/exports`, headers: bearer(operator) })).json<StartedExport>();
    expect((await suite.fleet.app.inject({ method: 'GET', url: `/api/exports/${taxiExport.export.id}`, headers: bearer(maria) })).statusCode).toBe(404);
  });
});
