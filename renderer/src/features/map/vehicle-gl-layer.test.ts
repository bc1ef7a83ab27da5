import { describe, expect, it } from 'vitest';
import type { Device, DeviceStatus } from '../../../../contract/api/devices.ts';
import { FleetStore } from '../live/fleet-store.ts';
import { classifyVehicles, hiddenKind } from './vehicle-gl-layer.ts';
import { vehicleKinds } from './vehicle-programs.ts';

const vehicle = (name: string, status: DeviceStatus, located = true): Device => ({
  id: crypto.randomUUID(),
  uniqueId: name,
  name,
  plate: null,
  vehicleType: 'van',
  groupId: null,
  groupName: null,
  status,
  lastSeenAt: null,
  position: located ? { fixTime: '2026-01-01T10:00:00Z', latitude: 57.7, longitude: 11.9, speedKmh: 0, course: 90 } : null,
});

function classify(devices: Device[], opts: { alerting?: number[]; selected?: number; hidden?: number[] } = {}) {
  const store = new FleetStore();
  store.setDevices(devices);
  store.setAlerting((opts.alerting ?? []).map((i) => devices[i]?.id ?? ''));
  const hidden = new Uint8Array(devices.length);
  for (const i of opts.hidden ?? []) hidden[i] = 1;
  const kinds = new Uint8Array(devices.length);
  const start = [0, 0, 0];
  const count = [0, 0, 0];
  classifyVehicles(store, hidden, opts.selected ?? -1, kinds, start, count);
  const names = [...kinds].map((k) => (k === hiddenKind ? 'hidden' : vehicleKinds[k]));
  return { names, start, count };
}

describe('classifyVehicles (which shader variant draws each vehicle)', () => {
  it('gives moving vehicles a pointer, stationary ones the plain marker', () => {
    const { names } = classify([vehicle('a', 'moving'), vehicle('b', 'idle'), vehicle('c', 'stopped'), vehicle('d', 'offline'), vehicle('e', 'unknown')]);
    expect(names).toEqual(['pointer', 'plain', 'plain', 'plain', 'plain']);
  });

  it('rings alerting and selected vehicles of any status, so they are drawn last (on top)', () => {
    const { names, start, count } = classify([vehicle('a', 'moving'), vehicle('b', 'idle'), vehicle('c', 'moving'), vehicle('d', 'stopped')], { alerting: [0], selected: 3 });
    expect(names).toEqual(['ringed', 'plain', 'pointer', 'ringed']);
    expect(count).toEqual([1, 1, 2]);
    expect(start).toEqual([0, 1, 2]);
  });

  it('leaves out vehicles hidden in a cluster and vehicles without a position', () => {
    const { names, count } = classify([vehicle('a', 'moving'), vehicle('b', 'idle', false), vehicle('c', 'idle')], { hidden: [0] });
    expect(names).toEqual(['hidden', 'hidden', 'plain']);
    expect(count).toEqual([1, 0, 0]);
  });
});
