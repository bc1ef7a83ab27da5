import { describe, expect, it } from 'vitest';
import type { Device } from '../../../../contract/api/devices.ts';
import { FleetStore } from '../live/fleet-store.ts';
import { toMercator } from '../live/mercator.ts';
import { clusterFleet, clusterRadius, type Clustering } from './cluster-grid.ts';

/** Long after every glide has ended: positions are the stored fixes. */
const later = 1e12;

function device(i: number, longitude: number, latitude: number): Device {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    uniqueId: String(i),
    name: `Truck ${i}`,
    plate: null,
    vehicleType: 'truck',
    groupId: null,
    groupName: null,
    status: i % 2 ? 'moving' : 'stopped',
    lastSeenAt: null,
    position: { fixTime: '2026-01-01T10:00:00Z', latitude, longitude, speedKmh: 0, course: 0 },
  };
}

function storeOf(points: readonly (readonly [number, number])[]): FleetStore {
  const store = new FleetStore();
  store.setDevices(points.map(([lon, lat], i) => device(i, lon, lat)), 0);
  return store;
}

/** A seeded scatter over Gothenburg, some of it gathered at three depots. */
function scatter(n: number, seed = 3): [number, number][] {
  let s = seed;
  const random = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const depots = [
    [11.95, 57.7],
    [12.02, 57.72],
    [11.9, 57.66],
  ] as const;
  return Array.from({ length: n }, (_, i) => {
    const depot = depots[i % 4];
    if (!depot) return [11.97 + (random() - 0.5) * 0.25, 57.705 + (random() - 0.5) * 0.12];
    return [depot[0] + (random() - 0.5) * 0.004, depot[1] + (random() - 0.5) * 0.002];
  });
}

/** Screen position (world pixels at the clustering zoom) of every marker drawn: clusters and lone vehicles. */
function markers(store: FleetStore, result: Clustering, zoom: number) {
  const scale = 512 * 2 ** Math.floor(zoom);
  const out = result.clusters.map((c) => ({ x: c.x * scale, y: c.y * scale, r: clusterRadius(c.count) }));
  for (let i = 0; i < store.count; i++) if (!result.hidden[i]) out.push({ x: (store.x[i] ?? 0) * scale, y: (store.y[i] ?? 0) * scale, r: 8 });
  return out;
}

describe('clusterFleet', () => {
  it('draws a cluster at the centroid of its members, not at a grid cell centre', () => {
    const points: [number, number][] = [
      [11.9701, 57.7001],
      [11.9703, 57.7002],
      [11.9708, 57.7004],
    ];
    const store = storeOf(points);
    const { clusters, hidden } = clusterFleet(store, 10, later);
    expect(clusters).toHaveLength(1);
    const cluster = clusters[0];
    const mean = [0, 1].map((axis) => points.map((p) => toMercator(p[0], p[1])[axis] ?? 0).reduce((a, b) => a + b, 0) / points.length);
    expect(cluster?.x).toBeCloseTo(mean[0] ?? 0, 12);
    expect(cluster?.y).toBeCloseTo(mean[1] ?? 0, 12);
    expect(cluster?.count).toBe(3);
    expect([...hidden]).toEqual([1, 1, 1]);
  });

  it('keeps the members’ bounds for framing them on a click', () => {
    const store = storeOf([
      [11.96, 57.7],
      [11.961, 57.701],
    ]);
    const [cluster] = clusterFleet(store, 9, later).clusters;
    const [west, north] = toMercator(11.96, 57.701);
    const [east, south] = toMercator(11.961, 57.7);
    expect(cluster).toMatchObject({ minX: west, maxX: east, minY: north, maxY: south });
  });

  it('leaves a vehicle alone when no other marker touches it', () => {
    const store = storeOf([
      [11.9, 57.7],
      [12.1, 57.7],
    ]);
    const result = clusterFleet(store, 11, later);
    expect(result.clusters).toHaveLength(0);
    expect([...result.hidden]).toEqual([0, 0]);
    expect([...result.memberOf]).toEqual([-1, -1]);
  });

  it.each([6, 8, 10, 11])('leaves no two markers overlapping at zoom %i', (zoom) => {
    const store = storeOf(scatter(10_000));
    const result = clusterFleet(store, zoom + 0.5, later);
    const drawn = markers(store, result, zoom);
    // Exhaustive pairwise check; markers are few once clustered.
    for (let a = 0; a < drawn.length; a++) {
      for (let b = a + 1; b < drawn.length; b++) {
        const p = drawn[a];
        const q = drawn[b];
        if (!p || !q) continue;
        expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeGreaterThanOrEqual(p.r + q.r);
      }
    }
    expect(result.clusters.reduce((sum, c) => sum + c.count, 0) + result.hidden.filter((h) => h === 0).length).toBe(10_000);
  });

  it('counts every member once, with their statuses and alerts', () => {
    const store = storeOf(scatter(2_000));
    store.setAlerting([store.ids[0] ?? '', store.ids[4] ?? '']);
    const result = clusterFleet(store, 9, later);
    for (const [c, cluster] of result.clusters.entries()) {
      const members = [...result.memberOf.keys()].filter((i) => result.memberOf[i] === c);
      expect(members).toHaveLength(cluster.count);
      expect(cluster.byStatus.reduce((a, b) => a + b, 0)).toBe(cluster.count);
      expect(cluster.alerting).toBe(members.filter((i) => store.alerting[i]).length);
    }
  });

  it('is deterministic: the same fleet in any order gives the same clusters', () => {
    const points = scatter(3_000);
    const a = clusterFleet(storeOf(points), 10, later);
    const b = clusterFleet(storeOf([...points].reverse()), 10, later);
    const sorted = (r: Clustering) => r.clusters.map((c) => `${c.count}@${c.x.toFixed(12)},${c.y.toFixed(12)}`).sort();
    expect(sorted(b)).toEqual(sorted(a));
    expect(clusterFleet(storeOf(points), 10, later)).toEqual(a);
  });

  it('does not change within a zoom level, and barely when vehicles move a few metres', () => {
    const points = scatter(3_000);
    const store = storeOf(points);
    const base = clusterFleet(store, 10.1, later);
    expect(clusterFleet(store, 10.9, later)).toEqual(base);
    // Every vehicle 5 m further east (a second of driving): the big clusters stay where they were.
    const moved = clusterFleet(storeOf(points.map(([lon, lat]) => [lon + 0.00008, lat])), 10.1, later);
    const scale = 512 * 2 ** 10;
    const big = base.clusters.filter((c) => c.count >= 50);
    expect(big.length).toBeGreaterThan(0);
    for (const c of big) {
      const nearest = Math.min(...moved.clusters.map((m) => Math.hypot(m.x - c.x, m.y - c.y) * scale));
      expect(nearest).toBeLessThan(3);
    }
  });

  it('ignores vehicles without a position', () => {
    const store = new FleetStore();
    store.setDevices([{ ...device(0, 0, 0), position: null }, device(1, 11.97, 57.7), device(2, 11.9701, 57.7)], 0);
    const result = clusterFleet(store, 10, later);
    expect(result.clusters[0]?.count).toBe(2);
    expect([...result.hidden]).toEqual([0, 1, 1]);
  });
});
