import { distanceLatLonM } from '../../contract/geo/sphere.ts';
import type { ResolvedReport } from './report.ts';

/** Faster than this between two fixes is not a road vehicle: one of the two is wrong or forged. */
export const maxPlausibleSpeedKmh = 500;
/** Jumps up to this far are GPS noise (a phone re-acquiring), whatever the time between. */
export const jumpToleranceM = 2000;

/** The suspect flag a stored position carries in its attributes (positions.attributes). */
export const suspectAttribute = 'suspect';
export const impossibleJump = 'impossible-jump';

interface Fix {
  fixTime: number;
  latitude: number;
  longitude: number;
}

/**
 * Splits a device's in-order fixes (sorted by time) into those that continue from `last` (its
 * live position) and those that imply an impossible jump. Suspect fixes are stored (flagged)
 * but do not move the live state, trips or rules, so one forged report cannot teleport a
 * vehicle. The anchor only moves on plausible fixes; since the allowance grows with the time
 * since the last plausible fix, a vehicle that really moved while silent (a ferry, a tow truck)
 * is accepted at its new place once enough time has passed for the distance.
 */
export function screenJumps<T extends Fix>(last: Fix | null, fixes: readonly T[]): { plausible: T[]; suspect: T[] } {
  const plausible: T[] = [];
  const suspect: T[] = [];
  let anchor = last;
  for (const fix of fixes) {
    if (anchor && isImpossibleJump(anchor, fix)) suspect.push(fix);
    else {
      plausible.push(fix);
      anchor = fix;
    }
  }
  return { plausible, suspect };
}

export function isImpossibleJump(from: Fix, to: Fix): boolean {
  const distance = distanceLatLonM(from.latitude, from.longitude, to.latitude, to.longitude);
  if (distance <= jumpToleranceM) return false;
  const seconds = Math.max(1, (to.fixTime - from.fixTime) / 1000);
  return distance > jumpToleranceM + (maxPlausibleSpeedKmh / 3.6) * seconds;
}

/** Type helper for callers that hold resolved reports. */
export type SuspectFix = Pick<ResolvedReport, 'deviceId' | 'fixTime'>;
