/* eslint-disable @typescript-eslint/no-non-null-assertion -- fixtures index known small graphs */
import { describe, expect, it } from 'vitest';
import { depots, landmarks } from './places.ts';
import { decodeRoadGraph, distanceM, loadDemoRoadGraph, NodeLocator, type LonLat, type RoadGraphFile } from './road-graph.ts';
import { planRoute } from './route-planner.ts';

/**
 * A hand-made grid (1e-6° units): 0 ─ 1 ─ 2 along the bottom (50 km/h), 0 ─ 3 ─ 2 over a
 * detour on a 110 km/h road that is longer but faster, and 1 → 4 oneway.
 */
function tinyGraph() {
  const file: RoadGraphFile = {
    attribution: 'test',
    classes: ['residential', 'motorway'],
    names: ['Bottom', 'Detour'],
    // Nodes: 0 (0,0), 1 (+0.01,0), 2 (+0.02,0), 3 (+0.01,+0.004), 4 (+0.01,-0.004)
    nodes: [11_900_000, 57_700_000, 10_000, 0, 10_000, 0, -10_000, 4_000, 0, -8_000],
    edges: [
      [0, 1, 0, 50, 0, 0, []],
      [1, 2, 0, 50, 0, 0, []],
      [0, 3, 1, 110, 0, 1, []],
      [3, 2, 1, 110, 0, 1, [5_000, 0]],
      [1, 4, 0, 30, 1, -1, []],
    ],
  };
  return decodeRoadGraph(file);
}

describe('road graph', () => {
  it('decodes nodes, shapes, two-way and oneway edges', () => {
    const g = tinyGraph();
    expect(g.nodes).toHaveLength(5);
    expect(g.nodes[1]).toEqual([11.91, 57.7]);
    expect(g.edgeCount).toBe(9);
    expect(g.out[4]).toEqual([]); // 1 → 4 is oneway: nothing leaves 4
    const detour = g.out[3]!.find((e) => e.to === 2)!;
    expect(detour.points).toHaveLength(3);
    expect(detour.points[1]).toEqual([11.915, 57.704]);
    expect(detour.speedLimitKmh).toBe(110);
    expect(detour.name).toBe('Detour');
  });

  it('uses Swedish defaults when a road has no maxspeed tag', () => {
    const g = decodeRoadGraph({ attribution: '', classes: ['residential'], names: [], nodes: [0, 0, 1000, 0], edges: [[0, 1, 0, 0, 0, -1, []]] });
    expect(g.out[0]![0]!.speedLimitKmh).toBe(30);
  });

  it('finds the nearest node', () => {
    const g = tinyGraph();
    const locator = new NodeLocator(g);
    expect(locator.nearest([11.9101, 57.7001])).toBe(1);
    expect(locator.nearest([11.925, 57.7])).toBe(2);
  });
});

describe('planRoute', () => {
  it('prefers the faster road over the shorter one', () => {
    const g = tinyGraph();
    const route = planRoute(g, 0, 2);
    expect(route.nodes).toEqual([0, 3, 2]);
    expect(route.segments.every((s) => s.name === 'Detour')).toBe(true);
    const direct = distanceM(g.nodes[0]!, g.nodes[2]!);
    expect(route.lengthM).toBeGreaterThan(direct);
    expect(route.freeFlowS).toBeCloseTo(route.lengthM / (110 / 3.6), 1);
  });

  it('respects oneway streets', () => {
    const g = tinyGraph();
    expect(planRoute(g, 1, 4).nodes).toEqual([1, 4]);
    expect(() => planRoute(g, 4, 1)).toThrow(/no route from node 4 to node 1/);
  });

  it('rejects nodes that are not in the graph', () => {
    expect(() => planRoute(tinyGraph(), 0, 99)).toThrow(/route end 99 is not a node/);
  });

  it('routes between every demo place on the real Gothenburg network, continuously', () => {
    const g = loadDemoRoadGraph();
    expect(g.attribution).toContain('OpenStreetMap contributors');
    const locator = new NodeLocator(g);
    const places = [...Object.values(depots), ...landmarks].map((p) => locator.nearest(p.at));
    for (let i = 0; i < places.length; i++) {
      const from = places[i]!;
      const to = places[(i + 5) % places.length]!;
      const route = planRoute(g, from, to);
      expect(route.nodes[0]).toBe(from);
      expect(route.nodes.at(-1)).toBe(to);
      // Consecutive segments join up: the vehicle never jumps.
      for (let s = 1; s < route.segments.length; s++) expect(distanceM(route.segments[s - 1]!.b, route.segments[s]!.a)).toBeLessThan(0.01);
      // Roads are longer than the crow flies, but not absurdly.
      const crow = distanceM(g.nodes[from] as LonLat, g.nodes[to] as LonLat);
      expect(route.lengthM).toBeGreaterThanOrEqual(crow);
      expect(route.lengthM).toBeLessThan(crow * 3 + 2000);
    }
  });
});
