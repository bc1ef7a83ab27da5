import { describe, expect, it } from 'vitest';
import { toMercator } from '../live/mercator.ts';
import { mercatorToClip, type Project } from './camera-matrix.ts';

/**
 * MapLibre's projection at pitch 0, written out: mercator relative to the centre, scaled to the
 * world's pixel size at the zoom, turned by the bearing (a positive bearing turns the map
 * anticlockwise), around the centre of the padded view.
 */
function projection(center: [number, number], zoom: number, bearing: number, width: number, height: number, padding = { left: 0, top: 0 }): Project {
  const [cx, cy] = toMercator(...center);
  const world = 512 * 2 ** zoom;
  const a = (-bearing * Math.PI) / 180;
  return ([lng, lat]) => {
    const [x, y] = toMercator(lng, lat);
    const dx = (x - cx) * world;
    const dy = (y - cy) * world;
    return { x: width / 2 + padding.left / 2 + dx * Math.cos(a) - dy * Math.sin(a), y: height / 2 + padding.top / 2 + dx * Math.sin(a) + dy * Math.cos(a) };
  };
}

/** The clip position the matrix gives a mercator point, and the one `project` says. */
function both(project: Project, origin: [number, number], width: number, height: number, lng: number, lat: number) {
  const m = mercatorToClip(new Float32Array(16), project, origin, width, height);
  const [x, y] = toMercator(lng, lat);
  const rx = x - origin[0];
  const ry = y - origin[1];
  const got = [(m[0] ?? 0) * rx + (m[4] ?? 0) * ry + (m[12] ?? 0), (m[1] ?? 0) * rx + (m[5] ?? 0) * ry + (m[13] ?? 0), m[15]];
  const p = project([lng, lat]);
  return { got, want: [(p.x / width) * 2 - 1, 1 - (p.y / height) * 2, 1] };
}

describe('mercatorToClip (the vehicle canvas follows the map camera)', () => {
  const origin = toMercator(11.97, 57.7);
  const cases = [
    { name: 'north up, city zoom', width: 1280, height: 800, project: projection([11.97, 57.705], 11, 0, 1280, 800) },
    { name: 'street zoom, turned, with a panel padding the view', width: 1920, height: 1080, project: projection([11.99, 57.71], 17.3, 33, 1920, 1080, { left: 0, top: 120 }) },
    { name: 'a narrow pop-out', width: 600, height: 1000, project: projection([11.95, 57.69], 13, -90, 600, 1000) },
  ];
  for (const { name, width, height, project } of cases) {
    it(`puts vehicles where the map projects them: ${name}`, () => {
      for (const [lng, lat] of [[11.97, 57.705], [11.991, 57.7101], [11.8, 57.6], [12.1, 57.75]] as const) {
        const { got, want } = both(project, origin, width, height, lng, lat);
        // float32 matrix entries: within a hundredth of a pixel at these sizes.
        expect(got[0]).toBeCloseTo(want[0] ?? 0, 4);
        expect(got[1]).toBeCloseTo(want[1] ?? 0, 4);
        expect(got[2]).toBe(1);
      }
    });
  }
});
