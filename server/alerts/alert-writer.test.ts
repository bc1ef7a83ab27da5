import { describe, expect, it } from 'vitest';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { defined } from '../test/defined.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { applySignals } from './alert-writer.ts';
import { alertsByIds } from './alerts-repository.ts';
import { loadMonitoringSettings } from './monitoring-settings.ts';
import type { AlertSignal } from './rules.ts';

const suite = useTestFleet();
const tenant = demoTenants.cityUtilities;
const [truck, van] = demoDevices.filter((d) => d.tenant === tenant);
const at = Date.now() - 60_000;
const signal = (kind: AlertSignal['kind'], type: AlertSignal['type'], key: string, s: number, details: Record<string, unknown> = {}): AlertSignal =>
  ({ kind, type, key, severity: 'warning', at: at + s * 1000, lat: 57.7, lon: 11.97, message: `${type} ${key}`, details });

describe('applySignals', () => {
  it('writes signals of different alerts in one round, and keeps one alert\'s signals in order', async () => {
    const truckId = defined(truck, 'a truck').id;
    const vanId = defined(van, 'a van').id;
    // Twelve engine codes in one record (an OBD reader reports them together), and beside them
    // an overspeed episode of another vehicle: raise, update, and a second raise that counts into it.
    const codes = Array.from({ length: 12 }, (_, i) => `P0${300 + i}`);
    const devices = [
      { deviceId: truckId, groupId: null, signals: codes.map((code) => signal('raise', 'dtc', code, 0, { code })) },
      { deviceId: vanId, groupId: null, signals: [signal('raise', 'overspeed', '', 0, { speedKmh: 120 }), signal('update', 'overspeed', '', 10, { speedKmh: 131 }), signal('raise', 'overspeed', '', 20, { speedKmh: 125 })] },
    ];
    const statements: string[] = [];
    const written = await suite.fleet.db.withTenant(tenant.id, async (db) => {
      const counting: DbSession = { query: ((text: string, values?: unknown[]) => (statements.push(text), db.query(text, values))) as DbSession['query'] };
      return applySignals(counting, devices, await loadMonitoringSettings(db, tenant.id));
    });
    // Round 0: the twelve codes and the van's raise (repeats, then new alerts); round 1: the van's
    // update; round 2: its second raise, which counts into the open alert (its details merged in).
    // One round per code
    // instead would be 2 statements each.
    expect(statements).toHaveLength(4);
    expect(written.opened).toHaveLength(13);
    const rows = await suite.fleet.db.withTenant(tenant.id, async (db) => (await db.query<{ device_id: string; type: string; dedup_key: string; occurrences: number; details: { speedKmh?: number } }>(
      'SELECT device_id, type, dedup_key, occurrences, details FROM alerts WHERE device_id = ANY ($1::uuid[]) ORDER BY type, dedup_key', [[truckId, vanId]])).rows);
    expect(rows.filter((r) => r.type === 'dtc').map((r) => r.dedup_key)).toEqual(codes);
    expect(rows.filter((r) => r.type === 'overspeed')).toMatchObject([{ device_id: vanId, occurrences: 2, details: { speedKmh: 125 } }]);
    // The alerts come back from the writes as the API reads them (decision 0490: no read-back):
    // each in its last state, the van's after its second raise.
    const read = await suite.fleet.db.withTenant(tenant.id, (db) => alertsByIds(db, written.changed));
    expect(read).toHaveLength(13);
    expect([...written.rows.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual(read.sort((a, b) => a.id.localeCompare(b.id)));
    expect(written.rows.get(defined(read.find((a) => a.type === 'overspeed'), 'the overspeed alert').id)).toMatchObject({ occurrences: 2, version: 3 });
  });
});
