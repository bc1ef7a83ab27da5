import type { NearestVehicle } from '../../../../contract/api/places.ts';

/**
 * Nearest first: vehicles with a known drive time by that time (what a dispatcher sends by),
 * then the others by straight-line distance. Ties by distance, then id (a stable order).
 */
export function orderNearest(vehicles: readonly NearestVehicle[]): NearestVehicle[] {
  return [...vehicles].sort((a, b) => {
    const at = a.driveTimeS;
    const bt = b.driveTimeS;
    if (at !== null && bt !== null && at !== bt) return at - bt;
    if ((at === null) !== (bt === null)) return at === null ? 1 : -1;
    return a.distanceM - b.distanceM || a.deviceId.localeCompare(b.deviceId);
  });
}

/** "4 min", "1 h 12 min", "< 1 min". */
export function formatDriveTime(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
