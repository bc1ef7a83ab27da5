import { describe, expect, it } from 'vitest';
import { labelRank, placeLabels, placementMemory, type LabelRequest } from './label-placement.ts';

const below = [0, 20] as const;
const above = [0, -20] as const;

function vehicle(key: number, x: number, y: number, rank: number = labelRank.vehicle, offsets: readonly (readonly [number, number])[] = [below]): LabelRequest {
  return { key, x, y, width: 90, height: 16, rank, offsets };
}

const keys = (requests: LabelRequest[], previous?: Map<number, number>) =>
  placeLabels(requests, previous)
    .map((p) => p.request.key)
    .sort((a, b) => a - b);

describe('label placement', () => {
  it('draws one of two labels 5 px apart, and both when far apart', () => {
    expect(keys([vehicle(1, 100, 100), vehicle(2, 105, 100)])).toEqual([1]);
    expect(keys([vehicle(1, 100, 100), vehicle(2, 400, 100)])).toEqual([1, 2]);
    // Side by side with a gap: no overlap, both fit.
    expect(keys([vehicle(1, 100, 100), vehicle(2, 191, 100)])).toEqual([1, 2]);
  });

  it('lets the selected vehicle win, then alerts, then moving vehicles, then areas last', () => {
    expect(keys([vehicle(1, 100, 100), vehicle(9, 103, 100, labelRank.selected)])).toEqual([9]);
    expect(keys([vehicle(1, 100, 100, labelRank.moving), vehicle(9, 103, 100, labelRank.alert)])).toEqual([9]);
    expect(keys([vehicle(1, 100, 100), vehicle(9, 103, 100, labelRank.moving)])).toEqual([9]);
    const area: LabelRequest = { key: -1, x: 100, y: 120, width: 120, height: 14, rank: labelRank.area, offsets: [[0, 0]] };
    expect(keys([area, vehicle(50, 100, 100)])).toEqual([50]);
  });

  it('keeps area names off vehicle markers, but not vehicle names', () => {
    // A vehicle parked right on a geofence's label point, its marker box ±10 px.
    const marker = { boxes: [90, 90, 110, 110], fromRank: labelRank.highlightedArea };
    const area: LabelRequest = { key: -1, x: 100, y: 100, width: 60, height: 14, rank: labelRank.area, offsets: [[0, 0], [0, 20], [0, -20]] };
    const placed = placeLabels([area, vehicle(4, 100, 100, labelRank.vehicle, [[0, 12]])], new Map(), marker);
    // The vehicle's name may touch its own marker; the area's name is pushed past both, above.
    expect(placed.map((p) => [p.request.key, p.y])).toEqual([
      [4, 112],
      [-1, 80],
    ]);
    // Without the marker as an obstacle the name would sit on the vehicle.
    expect(placeLabels([area]).map((p) => p.y)).toEqual([100]);
  });

  it('keeps every name but the selected vehicle’s off a cluster marker', () => {
    const cluster = { boxes: [80, 110, 120, 150], fromRank: labelRank.alert };
    const marker = { boxes: [], fromRank: labelRank.highlightedArea };
    const requests = [vehicle(1, 100, 100, labelRank.moving), vehicle(2, 300, 100, labelRank.alert), vehicle(3, 100, 100, labelRank.selected)];
    // Vehicle 3 (selected) may cover the cluster; 1 would sit on it; 2 is far away.
    expect(placeLabels(requests, new Map(), [marker, cluster]).map((p) => p.request.key)).toEqual([3, 2]);
  });

  it('uses the same winner whatever order the labels arrive in', () => {
    const a = [vehicle(3, 100, 100), vehicle(7, 104, 102), vehicle(5, 96, 98)];
    expect(keys(a)).toEqual([3]);
    expect(keys([...a].reverse())).toEqual([3]);
  });

  it('tries the place above the marker before giving a label up', () => {
    const both = [below, above] as const;
    const placed = placeLabels([vehicle(1, 100, 100, labelRank.vehicle, both), vehicle(2, 104, 100, labelRank.vehicle, both)]);
    expect(placed.map((p) => [p.request.key, p.slot, p.y])).toEqual([
      [1, 0, 120],
      [2, 1, 80],
    ]);
    // A third one has nowhere left to go.
    expect(keys([vehicle(1, 100, 100, 3, both), vehicle(2, 104, 100, 3, both), vehicle(3, 98, 100, 3, both)])).toEqual([1, 2]);
  });

  it('keeps a label that was shown on the previous frame, in the slot it had', () => {
    const both = [below, above] as const;
    const previous = new Map([[8, 1]]);
    const placed = placeLabels([vehicle(2, 100, 100, labelRank.vehicle, [below]), vehicle(8, 100, 100, labelRank.vehicle, both)], previous);
    expect(placed.map((p) => [p.request.key, p.slot])).toEqual([
      [8, 1],
      [2, 0],
    ]);
    expect(placementMemory(placed)).toEqual(new Map([[8, 1], [2, 0]]));
    // Rank still beats history: a newly selected vehicle takes the place.
    expect(keys([vehicle(2, 100, 100, labelRank.selected), vehicle(8, 100, 100, labelRank.vehicle, [above])], new Map([[8, 0]]))).toEqual([2, 8]);
    expect(keys([vehicle(2, 100, 100, labelRank.selected), vehicle(8, 100, 100)], new Map([[8, 0]]))).toEqual([2]);
  });

  it('agrees with a brute-force check on random scenes, boxes across grid cells and off screen included', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let scene = 0; scene < 40; scene++) {
      const requests = Array.from({ length: 150 }, (_, k) =>
        vehicle(k, random() * 1400 - 60, random() * 900 - 50, Math.floor(random() * 4), random() < 0.5 ? [below, above] : [below]),
      );
      requests.forEach((r) => (r.width = 20 + random() * 120));
      const placed = placeLabels(requests);
      // No two placed boxes overlap...
      let overlaps = 0;
      const box = (p: (typeof placed)[number]) => [p.x - p.request.width / 2, p.y - p.request.height / 2, p.x + p.request.width / 2, p.y + p.request.height / 2] as const;
      for (let i = 0; i < placed.length; i++) {
        for (let j = i + 1; j < placed.length; j++) {
          const [a, b] = [box(placed[i] as PlacedOf), box(placed[j] as PlacedOf)];
          if (a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1]) overlaps++;
        }
      }
      expect(overlaps).toBe(0);
      // ...and every skipped label really had no free slot among those placed before it.
      const shown = new Set(placed.map((p) => p.request.key));
      let skippedWithRoom = 0;
      for (const r of requests) {
        if (shown.has(r.key)) continue;
        const earlier = placed.filter((p) => p.request.rank < r.rank || (p.request.rank === r.rank && p.request.key < r.key));
        for (const [dx, dy] of r.offsets) {
          const l = r.x + dx - r.width / 2;
          const t = r.y + dy - r.height / 2;
          const free = earlier.every((p) => {
            const [pl, pt, pr, pb] = box(p);
            return !(l < pr && l + r.width > pl && t < pb && t + r.height > pt);
          });
          if (free) skippedWithRoom++;
        }
      }
      expect(skippedWithRoom).toBe(0);
      expect(placed.length).toBeGreaterThan(20);
      expect(placed.length).toBeLessThan(requests.length);
    }
  });
});

type PlacedOf = ReturnType<typeof placeLabels>[number];
