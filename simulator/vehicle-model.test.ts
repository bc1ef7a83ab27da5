/* eslint-disable @typescript-eslint/no-non-null-assertion -- fixtures index known data */
import { describe, expect, it } from 'vitest';
import { depots, landmarks } from './places.ts';
import { createRng } from './rng.ts';
import { loadDemoRoadGraph, NodeLocator } from './road-graph.ts';
import { RouteDriver } from './route-driver.ts';
import { planRoute } from './route-planner.ts';
import { congestion, trafficFactor } from './traffic.ts';
import { defaultIncidents, VehicleModel, type IncidentRates, type VehicleKind, type VehicleSample } from './vehicle-model.ts';

const graph = loadDemoRoadGraph();
const locator = new NodeLocator(graph);
const home = locator.nearest(depots.north.at);
const destinations = landmarks.map((p) => locator.nearest(p.at));
// A Tuesday 10:00 in Gothenburg (09:00 UTC): daytime, moderate traffic.
const tuesday10 = Date.parse('2026-12-01T09:00:00Z');

function drive(kind: VehicleKind, seed: string, seconds: number, incidents: Partial<IncidentRates> = {}, obd = kind !== 'car'): { samples: VehicleSample[]; model: VehicleModel } {
  const model = new VehicleModel({ kind, obd, graph, home, start: home, destinations, incidents: { ...defaultIncidents, ...incidents }, rng: createRng(seed) }, tuesday10);
  const samples: VehicleSample[] = [];
  for (let i = 1; i <= seconds; i++) {
    const s = model.step(tuesday10 + i * 1000, 1);
    if (s) samples.push(s);
  }
  return { samples, model };
}

describe('RouteDriver', () => {
  const route = planRoute(graph, home, destinations[1]!);
  const limits = { accelMps2: 1.5, brakeMps2: 2, maxKmh: 130 };
  const wish = { speedFactor: 1, stopAtM: null, emergencyBrakeMps2: null };

  it('drives the whole route within the limits, accelerating and braking smoothly, and stops at the end', () => {
    const driver = new RouteDriver(route);
    let previous = 0;
    let steps = 0;
    for (; steps < 7200; steps++) {
      const step = driver.step(1, wish, limits);
      expect(step.speedMps * 3.6).toBeLessThanOrEqual(step.segment.speedLimitKmh + 0.01);
      expect(step.speedMps - previous).toBeLessThanOrEqual(limits.accelMps2 + 1e-9);
      expect(previous - step.speedMps).toBeLessThanOrEqual(limits.brakeMps2 * 1.6 + 1e-9);
      previous = step.speedMps;
      if (step.arrived) break;
    }
    expect(driver.remainingM).toBeLessThan(0.5);
    expect(driver.speedMps).toBe(0);
    // Slower than free flow (acceleration, corners) but within reason.
    expect(steps).toBeGreaterThan(route.freeFlowS);
    expect(steps).toBeLessThan(route.freeFlowS * 2.5 + 60);
  });

  it('stops before a red light and waits there', () => {
    const driver = new RouteDriver(route);
    const red = { ...wish, stopAtM: 300 };
    for (let i = 0; i < 120; i++) driver.step(1, red, limits);
    expect(driver.travelledM).toBeCloseTo(300, 5);
    expect(driver.speedMps).toBe(0);
  });

  it('brakes hard when told to', () => {
    const driver = new RouteDriver(route, 15);
    const step = driver.step(1, { ...wish, emergencyBrakeMps2: 6 }, limits);
    expect(step.speedMps).toBeCloseTo(9, 5);
  });
});

describe('VehicleModel', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = drive('van', 'seed-a', 1800).samples;
    const b = drive('van', 'seed-a', 1800).samples;
    const c = drive('van', 'seed-b', 1800).samples;
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(100);
    expect(c).not.toEqual(a);
  });

  it('makes trips: ignition on, moves, stops at destinations, parks with the ignition off and sends heartbeats', () => {
    const { samples } = drive('truck', 'trips', 4 * 3600);
    const moving = samples.filter((s) => s.moving);
    expect(moving.length).toBeGreaterThan(600);
    expect(moving.every((s) => s.ignition)).toBe(true);
    expect(Math.max(...samples.map((s) => s.speedKmh))).toBeLessThanOrEqual(90);
    // Idling: ignition on at a standstill.
    expect(samples.some((s) => s.ignition && s.speedKmh === 0)).toBe(true);
    // Parked: ignition off, reported once a minute, not every second.
    const parked = samples.filter((s) => !s.ignition);
    expect(parked.length).toBeGreaterThan(3);
    for (let i = 1; i < samples.length; i++) {
      if (!samples[i]!.ignition && !samples[i - 1]!.ignition) expect(samples[i]!.t - samples[i - 1]!.t).toBeGreaterThanOrEqual(60_000);
    }
    const odometer = samples.at(-1)!.health.odometerKm - samples[0]!.health.odometerKm;
    expect(odometer).toBeGreaterThan(10);
    const fuel = samples.map((s) => s.health.fuelLevelPercent);
    expect(fuel.at(-1)! < fuel[0]! || fuel.includes(100)).toBe(true);
  });

  it('keeps to the limits normally, and speeds 15–35 % over them in episodes', () => {
    const ratio = (samples: VehicleSample[]) => Math.max(...samples.filter((s) => s.roadLimitKmh && s.speedKmh > 20).map((s) => s.speedKmh / s.roadLimitKmh!));
    expect(ratio(drive('car', 'calm', 2 * 3600, { speedingPerHour: 0 }).samples)).toBeLessThan(1.06);
    const speeding = ratio(drive('car', 'speeder', 2 * 3600, { speedingPerHour: 30 }).samples);
    expect(speeding).toBeGreaterThan(1.12);
    expect(speeding).toBeLessThan(1.4);
  });

  it('brakes harshly now and then (over 4 m/s² between fixes a second apart)', () => {
    const { samples } = drive('van', 'brakes', 2 * 3600, { harshBrakingPerHour: 20 });
    let hardest = 0;
    for (let i = 1; i < samples.length; i++) {
      const dt = (samples[i]!.t - samples[i - 1]!.t) / 1000;
      if (dt === 1) hardest = Math.max(hardest, (samples[i - 1]!.speedKmh - samples[i]!.speedKmh) / 3.6);
    }
    expect(hardest).toBeGreaterThan(4);
  });

  it('raises trouble codes on OBD-II units only', () => {
    expect(drive('van', 'dtc', 3600, { dtcPerHour: 20 }).samples.some((s) => s.health.dtc.length > 0)).toBe(true);
    expect(drive('car', 'dtc', 3600, { dtcPerHour: 20 }, false).samples.some((s) => s.health.dtc.length > 0)).toBe(false);
  });

  it('goes silent for a while', () => {
    const { samples } = drive('car', 'offline', 3 * 3600, { offlinePerHour: 2, offlineMinutes: [12, 15] });
    let longestGap = 0;
    for (let i = 1; i < samples.length; i++) longestGap = Math.max(longestGap, samples[i]!.t - samples[i - 1]!.t);
    expect(longestGap).toBeGreaterThanOrEqual(12 * 60_000);
  });

  it('a worn battery sags below 11.8 V when parked and recovers while the engine runs', () => {
    let weak: VehicleSample[] | null = null;
    for (let i = 0; i < 40 && !weak; i++) {
      const run = drive('truck', `battery-${i}`, 2 * 3600);
      if (run.model.weakBattery) weak = run.samples;
    }
    expect(weak).not.toBeNull();
    expect(weak!.some((s) => !s.ignition && s.health.batteryVoltage < 11.8)).toBe(true);
    expect(weak!.some((s) => s.ignition && s.moving && s.health.batteryVoltage > 13)).toBe(true);
  });

  it('drives slower in the rush hour than at night', () => {
    expect(congestion(8, false)).toBeGreaterThan(0.8);
    expect(congestion(3, false)).toBeLessThan(0.1);
    expect(trafficFactor(Date.parse('2026-12-01T07:45:00Z'), 'primary')).toBeLessThan(trafficFactor(Date.parse('2026-12-01T02:00:00Z'), 'primary'));
  });
});
