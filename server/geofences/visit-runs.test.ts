import { describe, expect, it } from 'vitest';
import { evaluateRules, type RuleGeofence } from '../alerts/rules.ts';
import { monitoringSettingsFrom } from '../alerts/monitoring-settings.ts';
import { visitRuns, visitWrites } from './visit-runs.ts';

const settings = monitoringSettingsFrom({});
const yard: RuleGeofence = { id: 'yard', name: 'Yard', groupId: null, shape: { type: 'circle', center: { latitude: 57.7, longitude: 11.9 }, radiusM: 200 }, alertOnEnter: false, alertOnExit: false };
const gate: RuleGeofence = {
  id: 'gate', name: 'Gate', groupId: null, alertOnEnter: true, alertOnExit: true,
  shape: { type: 'polygon', points: [{ latitude: 57.699, longitude: 11.899 }, { latitude: 57.699, longitude: 11.901 }, { latitude: 57.701, longitude: 11.901 }, { latitude: 57.701, longitude: 11.899 }] },
};
const inYardAndGate = { lat: 57.7, lon: 11.9 };
const inYardOnly = { lat: 57.7015, lon: 11.9 };
const outside = { lat: 57.71, lon: 11.9 };
// A vehicle that starts at the gate, drives out, comes back into the yard only, then to the gate.
const track = [inYardAndGate, inYardAndGate, inYardOnly, outside, outside, inYardOnly, inYardAndGate].map((p, i) => ({ t: 1_000 * (i + 1), ...p }));

describe('visit runs', () => {
  it('makes one visit per run of fixes inside a geofence, from the first fix inside to the first outside', () => {
    expect(visitRuns(track, [yard, gate])).toEqual([
      { geofenceId: 'yard', enteredAt: 1000, leftAt: 4000 },
      { geofenceId: 'gate', enteredAt: 1000, leftAt: 3000 },
      { geofenceId: 'yard', enteredAt: 6000, leftAt: null },
      { geofenceId: 'gate', enteredAt: 7000, leftAt: null },
    ]);
  });

  it('gives the same visits from the rules’ crossings, batch by batch, as from the whole track (alerting or not)', () => {
    const device = { groupId: null, speedLimitKmh: null, describeDtc: () => null };
    const points = track.map((p) => ({ ...p, speedKmh: 30, ignition: true, batteryVoltage: null, dtc: null }));
    const first = evaluateRules({}, points.slice(0, 4), settings, device, [yard, gate]);
    const second = evaluateRules(first.state, points.slice(4), settings, device, [yard, gate]);
    const one = visitWrites([{ deviceId: 'd', crossings: first.crossings }]);
    const two = visitWrites([{ deviceId: 'd', crossings: second.crossings }]);
    expect(one).toEqual({ closes: [], opens: [{ deviceId: 'd', geofenceId: 'gate', enteredAt: 1000, leftAt: 3000 }, { deviceId: 'd', geofenceId: 'yard', enteredAt: 1000, leftAt: 4000 }] });
    expect(two).toEqual({ closes: [], opens: [{ deviceId: 'd', geofenceId: 'yard', enteredAt: 6000, leftAt: null }, { deviceId: 'd', geofenceId: 'gate', enteredAt: 7000, leftAt: null }] });
    // Only the gate alerts; the yard's crossings are visits all the same.
    expect(first.signals.map((s) => s.type).filter((t) => t.startsWith('geofence'))).toEqual(['geofence_exit']);
  });

  it('closes a visit opened in an earlier batch, and pairs an entry and exit within one batch', () => {
    const writes = visitWrites([{ deviceId: 'd', crossings: [
      { geofenceId: 'yard', entered: true, at: 5000 },
      { geofenceId: 'yard', entered: false, at: 2000 },
      { geofenceId: 'yard', entered: false, at: 7000 },
    ] }]);
    expect(writes).toEqual({ closes: [{ deviceId: 'd', geofenceId: 'yard', at: 2000 }], opens: [{ deviceId: 'd', geofenceId: 'yard', enteredAt: 5000, leftAt: 7000 }] });
  });
});
