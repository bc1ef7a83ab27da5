import { describe, expect, it } from 'vitest';
import { geodata } from './geodata.ts';
import { fold } from './place-search.ts';

const g = geodata();

describe('built-in reverse geocoding', () => {
  it('names the street a point is on, with its road number and locality', () => {
    expect(g.geocoder.reverse(57.709857, 11.985238)).toEqual({ kind: 'street', street: 'Odinsplatsen', locality: 'Göteborg', source: 'builtin', approximate: false });
    const e6 = g.search.search('E6', 1)[0];
    expect(e6).toBeDefined();
    const onE6 = g.geocoder.reverse(e6?.latitude ?? 0, e6?.longitude ?? 0);
    expect(onE6.kind === 'street' && (onE6.ref ?? onE6.street)).toContain('E6');
  });

  it('outside the known roads answers distance and direction from the nearest town', () => {
    // 3 km north-east of Kungälv's centre (57.87096 N, 11.98054 E), beyond the road data.
    expect(g.geocoder.reverse(57.89004, 12.01644)).toEqual({ kind: 'near', locality: 'Kungälv', distanceM: 3000, bearing: 'NE', source: 'builtin', approximate: true });
  });

  it('outside every known area answers none, never an error', () => {
    expect(g.geocoder.reverse(40.4, -3.7)).toEqual({ kind: 'none' });
    expect(g.geocoder.reverse(Number.NaN, 11.9)).toEqual({ kind: 'none' });
  });

  it('marks a fallback answer approximate', () => {
    expect(g.geocoder.reverse(57.709857, 11.985238, true)).toMatchObject({ kind: 'street', approximate: true });
  });
});

describe('posted limits', () => {
  it('knows the posted limit of a signed road and a lower bound near it', () => {
    expect(g.roads.postedLimitAt(57.709857, 11.985238)).toBe(40);
    expect(g.roads.lowestPostedNear(57.709857, 11.985238)).toBeLessThanOrEqual(40);
  });

  it('knows nothing away from the roads', () => {
    expect(g.roads.postedLimitAt(57.89004, 12.01644)).toBeNull();
    expect(g.roads.lowestPostedNear(57.89004, 12.01644)).toBeNull();
  });
});

describe('forward search', () => {
  it('finds streets by a prefix and localities without diacritics or by their English name', () => {
    expect(g.search.search('sveapl', 5)[0]).toMatchObject({ kind: 'street', name: 'Sveaplan', locality: 'Göteborg', source: 'builtin' });
    expect(g.search.search('goteborg', 5)[0]).toMatchObject({ kind: 'locality', name: 'Göteborg' });
    expect(g.search.search('Gothenburg', 5)[0]).toMatchObject({ kind: 'locality', name: 'Göteborg' });
  });

  it('gives a street its extent and a point on it', () => {
    const street = g.search.search('lundbyleden', 1)[0];
    const [w, s, e, n] = street?.bounds ?? [0, 0, 0, 0];
    expect(street?.latitude).toBeGreaterThanOrEqual(s);
    expect(street?.latitude).toBeLessThanOrEqual(n);
    expect(street?.longitude).toBeGreaterThanOrEqual(w);
    expect(street?.longitude).toBeLessThanOrEqual(e);
  });

  it('matches a street together with its locality, and ranks near the given point first', () => {
    expect(g.search.search('göteborgsvägen mölndal', 5).map((r) => r.locality)).toEqual(['Mölndal']);
    const nearMolndal = g.search.search('göteborgsvägen', 5, { latitude: 57.6554, longitude: 12.0138 });
    expect(nearMolndal[0]?.locality).toBe('Mölndal');
  });

  it('folds case and diacritics', () => {
    expect(fold('Ålgården Øster Æble')).toBe('algarden oster aeble');
    expect(g.search.search('   ', 5)).toEqual([]);
  });
});

describe('drive times', () => {
  it('routes vehicles on the network to a point and leaves off-network ones null', () => {
    const [near, far, off] = g.router.drivesTo({ latitude: 57.709857, longitude: 11.985238 }, [
      { latitude: 57.707711, longitude: 11.984664 },
      { latitude: 57.72, longitude: 11.94 },
      { latitude: 59.0, longitude: 11.0 },
    ]);
    expect(near?.distanceM).toBeGreaterThan(200);
    expect(near?.distanceM).toBeLessThan(2000);
    expect(far?.timeS).toBeGreaterThan(near?.timeS ?? 0);
    expect(off).toBeNull();
  });
});
