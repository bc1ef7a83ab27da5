import type { LatLon } from '../../../../contract/api/places.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { fromMercator } from '../live/mercator.ts';

/**
 * The middle of the located fleet, rounded to 0.01° so searches typed a second apart share one
 * cache key: place searches rank hits near where the fleet works first.
 */
export function fleetCentre(store: FleetStore): LatLon | null {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let i = 0; i < store.count; i++) {
    if (!store.located[i]) continue;
    sx += store.x[i] ?? 0;
    sy += store.y[i] ?? 0;
    n++;
  }
  if (n === 0) return null;
  const [longitude, latitude] = fromMercator(sx / n, sy / n);
  return { latitude: Math.round(latitude * 100) / 100, longitude: Math.round(longitude * 100) / 100 };
}
