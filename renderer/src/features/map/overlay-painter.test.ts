import { describe, expect, it } from 'vitest';
import type { Cluster } from './cluster-grid.ts';
import type { PlacedLabel } from './label-placement.ts';
import { overlaySignature, sameSignature, type ClusterMark } from './overlay-painter.ts';

const cluster = (count: number, byStatus: Cluster['byStatus'] = [count, 0, 0, 0, 0], alerting = 0): Cluster => ({ x: 0.5, y: 0.3, count, byStatus, alerting, minX: 0, minY: 0, maxX: 1, maxY: 1 });
const mark = (x: number, y: number, c: Cluster): ClusterMark => ({ x, y, r: 20, cluster: c });
const label = (key: number, x: number, y: number, slot = 0): PlacedLabel => ({ request: { key, x, y: y - 20, width: 40, height: 16, rank: 3, offsets: [[0, 20]] }, slot, x, y });

const same = (a: Parameters<typeof overlaySignature>, b: Parameters<typeof overlaySignature>) => sameSignature(overlaySignature(...a), overlaySignature(...b));

describe('overlaySignature (is the next overlay frame the same picture?)', () => {
  it('calls a frame the same when every donut and name is within a quarter pixel of where it was', () => {
    // A re-clustering a second later: new objects, centroids crept by a few hundredths of a pixel.
    expect(same([[mark(100, 200, cluster(12))], [label(3, 400, 300)]], [[mark(100.04, 199.97, cluster(12))], [label(3, 400.05, 300)]])).toBe(true);
  });

  it('calls it different when a donut moves, its count or mix or alert ring changes, or a name moves or flips side', () => {
    const before: Parameters<typeof overlaySignature> = [[mark(100, 200, cluster(12))], [label(3, 400, 300)]];
    expect(same(before, [[mark(101, 200, cluster(12))], [label(3, 400, 300)]])).toBe(false);
    expect(same(before, [[mark(100, 200, cluster(13, [13, 0, 0, 0, 0]))], [label(3, 400, 300)]])).toBe(false);
    expect(same(before, [[mark(100, 200, cluster(12, [11, 1, 0, 0, 0]))], [label(3, 400, 300)]])).toBe(false);
    expect(same(before, [[mark(100, 200, cluster(12, [12, 0, 0, 0, 0], 1))], [label(3, 400, 300)]])).toBe(false);
    expect(same(before, [[mark(100, 200, cluster(12))], [label(3, 400, 301)]])).toBe(false);
    expect(same(before, [[mark(100, 200, cluster(12))], [label(3, 400, 300, 1)]])).toBe(false);
    expect(same(before, [[mark(100, 200, cluster(12))], [label(4, 400, 300)]])).toBe(false);
    expect(same(before, [[mark(100, 200, cluster(12))], []])).toBe(false);
  });
});
