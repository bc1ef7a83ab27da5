import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../contract/api/alerts.ts';
import type { AlertActionResult, AlertList, AlertsChangedEvent, ConflictEvent } from '../../../contract/bridge/domains/alerts-domain.ts';
import type { LivePositionsBatch } from '../../../contract/bridge/domains/fleet-domain.ts';
import type { SyncStatus } from '../../../contract/bridge/domains/sync-domain.ts';
import { startEngine, type EngineHarness } from '../test/engine-harness.ts';
import { startFleetCloudProcess, type FleetCloudProcess } from '../test/fleet-cloud-process.ts';
import { deviceIdsByUnit, gothenburgUnits, ingest, overspeedRecords, serverAlerts, signInApi, tripRecords, waitFor, type ApiUser } from '../test/fleet-data.ts';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy.ts';

// Alert actions taken while the console is cut off from a running fleet cloud, replayed in
// order when the network returns; meanwhile another dispatcher acts on the same alerts.
let cloud: FleetCloudProcess;
let proxy: TcpProxy;
let engine: EngineHarness;
let anders: ApiUser;
let maria: ApiUser;
const overspeedOf = new Map<string, Alert>();

beforeAll(async () => {
  cloud = await startFleetCloudProcess();
  proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(cloud.url).port) });
  for (const [i, unit] of gothenburgUnits.entries()) await ingest(cloud.url, overspeedRecords(unit, Date.now() - 3600_000 + i * 60_000));
  anders = await signInApi(cloud.url, 'anders', 'Gothenburg Freight AB');
  maria = await signInApi(cloud.url, 'maria', 'Gothenburg Freight AB');
  const units = await deviceIdsByUnit(anders);
  for (const alert of await serverAlerts(anders)) {
    const unit = [...units].find(([, deviceId]) => deviceId === alert.deviceId)?.[0];
    if (unit && alert.type === 'overspeed') overspeedOf.set(unit, alert);
  }
  engine = await startEngine({ serverUrl: proxy.url, username: 'anders' });
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await proxy?.close();
  await cloud?.stop();
});

const alertOf = (unit: string): Alert => {
  const alert = overspeedOf.get(unit);
  if (!alert) throw new Error(`no overspeed alert for ${unit}`);
  return alert;
};
const cached = async () => new Map((await engine.call<AlertList>('alerts.list', { workspaceId: engine.workspaceId, state: 'all' })).items.map((a) => [a.id, a]));
const onServer = async () => new Map((await serverAlerts(anders)).map((a) => [a.id, a]));

describe('offline alert actions against the real fleet cloud', () => {
  it('apply at once, queue, replay in order on reconnect; a conflicting one shows the server\'s state', async () => {
    const [u1, u2, u3, u4] = gothenburgUnits;
    const [a1, a2, a3, a4] = [alertOf(u1), alertOf(u2), alertOf(u3), alertOf(u4)];
    await engine.waitForStatus('synced', (s) => s.state === 'online' && s.lastSyncedAt !== null);
    await waitFor('the alerts cached', async () => (await cached()).size >= 4);

    proxy.cut();
    await engine.waitForStatus('offline', (s) => s.state === 'offline');
    const workspaceId = engine.workspaceId;
    const acted: AlertActionResult[] = [];
    acted.push(await engine.call('alerts.acknowledge', { workspaceId, alertId: a1.id, note: 'Called the driver' }));
    acted.push(await engine.call('alerts.resolve', { workspaceId, alertId: a1.id }));
    acted.push(await engine.call('alerts.assign', { workspaceId, alertId: a2.id, assigneeId: anders.userId }));
    acted.push(await engine.call('alerts.addNote', { workspaceId, alertId: a3.id, text: 'Checked the tachograph' }));
    acted.push(await engine.call('alerts.acknowledge', { workspaceId, alertId: a4.id }));
    expect(acted.every((r) => r.queued)).toBe(true);
    // Shown at once, from the cache, with what is still waiting.
    const local = await cached();
    expect(local.get(a1.id)?.status).toBe('resolved');
    expect(local.get(a1.id)?.pendingActions).toEqual(['acknowledge', 'resolve']);
    expect(local.get(a2.id)?.assignee?.id).toBe(anders.userId);
    expect(local.get(a3.id)?.notes.map((n) => n.text)).toContain('Checked the tachograph');
    expect(local.get(a4.id)?.status).toBe('acknowledged');
    expect((await engine.status()).pendingActions).toBe(5);

    // Meanwhile: Maria resolves alert 4, and vehicle 2 speeds again (alert 2's version moves,
    // which alone is no reason to refuse the assignment).
    const resolved = await maria.post<Alert>(`/api/alerts/${a4.id}/resolve`, { expectedVersion: a4.version, note: 'Handled by phone' });
    expect(resolved.status).toBe(200);
    await ingest(cloud.url, overspeedRecords(u2, Date.now() - 30_000));
    expect((await onServer()).get(a2.id)?.version).toBeGreaterThan(a2.version);

    proxy.restore();
    await engine.waitForStatus('replayed', (s) => s.state === 'online' && s.pendingActions === 0, 45_000);
    const server = await onServer();
    const s1 = server.get(a1.id);
    expect(s1?.status).toBe('resolved');
    expect(s1?.acknowledgedBy?.id).toBe(anders.userId); // acknowledged first, then resolved: in order
    expect(s1?.resolvedBy?.id).toBe(anders.userId);
    expect(s1?.notes.map((n) => n.text)).toEqual(['Called the driver']);
    expect(server.get(a2.id)?.assignee?.id).toBe(anders.userId);
    expect(server.get(a3.id)?.notes.map((n) => n.text)).toEqual(['Checked the tachograph']);
    // The conflict: the server's state wins, in the cache and in the event the UI shows.
    const s4 = server.get(a4.id);
    expect(s4?.status).toBe('resolved');
    expect(s4?.resolvedBy?.id).toBe(maria.userId);
    expect(s4?.acknowledgedBy).toBeNull();
    const conflicts = engine.eventsOf('onConflict');
    expect(conflicts.map((c: ConflictEvent) => [c.alertId, c.action])).toEqual([[a4.id, 'acknowledge']]);
    expect(conflicts[0]?.message).toContain('Maria Manager resolved this alert');
    const after = await cached();
    for (const id of [a1.id, a2.id, a3.id, a4.id]) {
      expect(after.get(id)?.pendingActions).toEqual([]);
      expect(after.get(id)?.version, id).toBe(server.get(id)?.version);
      expect(after.get(id)?.status).toBe(server.get(id)?.status);
    }
  }, 90_000);

  it('an action queued offline tells every window at once: the alert changed and one more action waits', async () => {
    const a5 = alertOf(gothenburgUnits[4]);
    const workspaceId = engine.workspaceId;
    await engine.waitForStatus('online', (s) => s.state === 'online' && s.pendingActions === 0, 45_000);
    proxy.cut();
    await engine.waitForStatus('offline', (s) => s.state === 'offline');
    const from = engine.events.length;
    const result = await engine.call<AlertActionResult>('alerts.acknowledge', { workspaceId, alertId: a5.id });
    expect(result.queued).toBe(true);
    const after = engine.events.slice(from);
    expect(after.some((e) => e.name === 'onAlertsChanged' && (e.payload as AlertsChangedEvent).alertIds.includes(a5.id))).toBe(true);
    expect(after.some((e) => e.name === 'onSyncStatus' && (e.payload as SyncStatus).state === 'offline' && (e.payload as SyncStatus).pendingActions === 1)).toBe(true);
    proxy.restore();
    await engine.waitForStatus('replayed', (s) => s.state === 'online' && s.pendingActions === 0, 45_000);
    expect((await onServer()).get(a5.id)?.status).toBe('acknowledged');
  }, 90_000);

  it('bulk-acknowledge right after bulk-assign keeps both: no late copy of the assignment undoes the acknowledgement', async () => {
    const workspaceId = engine.workspaceId;
    const ids = [alertOf(gothenburgUnits[1]).id, alertOf(gothenburgUnits[2]).id];
    await engine.waitForStatus('online', (s) => s.state === 'online' && s.pendingActions === 0, 45_000);
    const from = engine.events.length;
    // The second is taken while the first is still on its way, as a dispatcher pressing keys would.
    const assign = engine.call('alerts.bulk', { workspaceId, alertIds: ids, action: 'assign', assigneeId: maria.userId });
    const acknowledge = engine.call('alerts.bulk', { workspaceId, alertIds: ids, action: 'acknowledge' });
    await Promise.all([assign, acknowledge]);
    await engine.waitForStatus('replayed', (s) => s.state === 'online' && s.pendingActions === 0, 45_000);
    // Both changes of both alerts come back on the live stream too, after the answers. The stream
    // is in order: once a fix reported after the actions has come through it (seq > 0; a pull's
    // batch has seq 0), so have they.
    const [marker] = gothenburgUnits.slice(-1);
    const markerId = marker ? (await deviceIdsByUnit(anders)).get(marker) : undefined;
    if (!marker || !markerId) throw new Error('no unit to mark the stream with');
    await ingest(cloud.url, tripRecords(marker, Date.now() - 600_000, 1));
    await waitFor('the stream past both changes', () => engine.events.slice(from).some((e) => e.name === 'onLivePositions' && (e.payload as LivePositionsBatch).seq > 0 && (e.payload as LivePositionsBatch).deviceIds.includes(markerId)) || null);
    const server = await onServer();
    const local = await cached();
    for (const id of ids) {
      expect(server.get(id)).toMatchObject({ status: 'acknowledged', assignee: { id: maria.userId } });
      expect(local.get(id)).toMatchObject({ status: 'acknowledged', assignee: { id: maria.userId }, version: server.get(id)?.version, pendingActions: [] });
    }
  }, 90_000);
  it('a bulk acknowledgement reaches the screens as field changes that make their copies the cache\'s; its echo on the live stream names nothing to read', async () => {
    const workspaceId = engine.workspaceId;
    await engine.waitForStatus('online', (s) => s.state === 'online' && s.pendingActions === 0, 45_000);
    // Fresh alerts to act on (the ones above are all handled): three engine codes of one vehicle.
    const [unit] = gothenburgUnits.slice(-1);
    if (!unit) throw new Error('no unit');
    await ingest(cloud.url, [{ deviceId: unit, time: Date.now() - 120_000, latitude: 57.7089, longitude: 11.9746, speedKmh: 0, course: 0, ignition: true, dtc: ['P0301', 'P0302', 'P0303'] }]);
    const openNow = async () => [...(await cached()).values()].filter((a) => a.status === 'open');
    await waitFor('the new alerts cached', async () => ((await openNow()).length >= 3 ? true : null));
    // What a screen holds: the open alerts, read once.
    const held = new Map((await openNow()).map((a) => [a.id, a]));
    const from = engine.events.length;
    await engine.call('alerts.bulk', { workspaceId, alertIds: [...held.keys()], action: 'acknowledge' });
    // The stream is in order: once a fix reported after the action came through it, so did the
    // alerts' copies (decision 0270's marker, as above).
    // (Another vehicle than the test above used, so this trip is its newest data.)
    const [marker] = gothenburgUnits;
    const markerId = (await deviceIdsByUnit(anders)).get(marker);
    if (!markerId) throw new Error('no unit to mark the stream with');
    await ingest(cloud.url, tripRecords(marker, Date.now() - 600_000, 1));
    await waitFor('the stream past the acknowledgements', () => engine.events.slice(from).some((e) => e.name === 'onLivePositions' && (e.payload as LivePositionsBatch).seq > 0 && (e.payload as LivePositionsBatch).deviceIds.includes(markerId)) || null);
    const changed = engine.events.slice(from).filter((e) => e.name === 'onAlertsChanged').map((e) => e.payload as AlertsChangedEvent);
    // Nothing to read back: the local change and the server's answer travel as fields, and the
    // stream's copies (spelled differently from the answer's) change nothing in the cache.
    expect(changed.flatMap((e) => e.alertIds).filter((id) => held.has(id))).toEqual([]);
    expect(changed.filter((e) => e.changes?.length).length).toBe(2);
    for (const { changes } of changed) {
      for (const { ids, set } of changes ?? []) {
        for (const id of ids) {
          const copy = held.get(id);
          if (copy) held.set(id, { ...copy, ...set });
        }
      }
    }
    const local = await cached();
    for (const [id, copy] of held) expect(copy).toEqual(local.get(id));
    expect([...held.values()].every((a) => a.status === 'acknowledged' && a.pendingActions.length === 0)).toBe(true);
  }, 90_000);

  it('a replay cut off between its waves tells the screens what the first wave wrote; the rest is sent on the next replay', async () => {
    const a4 = alertOf(gothenburgUnits[3]);
    const workspaceId = engine.workspaceId;
    await engine.waitForStatus('online', (s) => s.state === 'online' && s.pendingActions === 0, 45_000);
    proxy.cut();
    await engine.waitForStatus('offline', (s) => s.state === 'offline');
    // Two notes on one alert: two waves, one request each.
    await engine.call('alerts.addNote', { workspaceId, alertId: a4.id, text: 'First wave' });
    await engine.call('alerts.addNote', { workspaceId, alertId: a4.id, text: 'Second wave' });
    let bulks = 0;
    proxy.cutWhen((sent) => sent.includes('POST /api/alerts/bulk') && ++bulks === 2);
    const from = engine.events.length;
    proxy.restore();
    await engine.waitForStatus('cut again', (s) => s.state === 'offline' && s.pendingActions === 1, 45_000);
    const serverNotes = (await onServer()).get(a4.id)?.notes.map((n) => n.text) ?? [];
    expect(serverNotes).toContain('First wave');
    expect(serverNotes).not.toContain('Second wave');
    const told = engine.events.slice(from).filter((e) => e.name === 'onAlertsChanged').map((e) => e.payload as AlertsChangedEvent);
    expect(told.some((e) => e.alertIds.includes(a4.id) || (e.changes ?? []).some((c) => c.ids.includes(a4.id)))).toBe(true);
    proxy.restore();
    await engine.waitForStatus('replayed', (s) => s.state === 'online' && s.pendingActions === 0, 45_000);
    expect((await onServer()).get(a4.id)?.notes.map((n) => n.text)).toEqual(expect.arrayContaining(['First wave', 'Second wave']));
  }, 120_000);
});
