import { distanceLatLonM } from '../../contract/geo/sphere.ts';

/**
 * Trip segmentation as a pure state machine over one device's fixes in device-time order.
 * The same code runs incrementally (state kept in device_state.trip_state between batches)
 * and in a recompute after late data (fresh state over the stored fixes), so both agree.
 */
export const tripRules = {
  /** At or above this a vehicle is moving; GPS jitter at rest stays below it. */
  movingKmh: 5,
  /** Standing still this long (engine on or unknown) ends a trip, at the moment it stopped. */
  minParkingMs: 5 * 60_000,
  /** A silence this long ends a trip at its last fix (the device was switched off). */
  maxGapMs: 10 * 60_000,
  /** Shorter "trips" are GPS noise or shunting and are dropped. */
  minDistanceKm: 0.2,
  /** A trip starts at the fix before the first moving one, if it is this recent. */
  startLookbackMs: 5 * 60_000,
};

export interface TripPoint {
  t: number;
  lat: number;
  lon: number;
  speedKmh: number;
  ignition: boolean | null;
}

export interface OpenTrip {
  id: string;
  startT: number;
  startLat: number;
  startLon: number;
  endT: number;
  endLat: number;
  endLon: number;
  distanceKm: number;
  maxSpeedKmh: number;
  movingS: number;
  idleS: number;
  points: number;
  /** Set while standing inside the trip: when and where it stopped, idle seconds since. */
  stop: { t: number; lat: number; lon: number; idleS: number; points: number } | null;
}

export interface TripState {
  last: TripPoint | null;
  trip: OpenTrip | null;
}

export interface TripUpdate {
  state: TripState;
  /** Trips completed by these points (already trimmed to where the vehicle stopped). */
  closed: OpenTrip[];
  /** Ids of open trips dropped as too short: remove their stored rows. */
  dropped: string[];
}

export const emptyTripState = (): TripState => ({ last: null, trip: null });

const isMoving = (p: TripPoint) => p.speedKmh >= tripRules.movingKmh && p.ignition !== false;

/** Feeds `points` (ascending t, all newer than state.last) to the state machine. */
export function advanceTrips(initial: TripState, points: readonly TripPoint[], newId: () => string): TripUpdate {
  let { last, trip } = initial;
  trip = trip ? { ...trip, stop: trip.stop ? { ...trip.stop } : null } : null;
  const closed: OpenTrip[] = [];
  const dropped: string[] = [];
  const finish = (t: OpenTrip) => {
    const final = t.stop ? { ...t, endT: t.stop.t, endLat: t.stop.lat, endLon: t.stop.lon, idleS: t.idleS - t.stop.idleS, points: t.points - t.stop.points, stop: null } : t;
    if (final.distanceKm >= tripRules.minDistanceKm) closed.push(final);
    else dropped.push(t.id);
  };
  for (const p of points) {
    if (last && p.t <= last.t) continue;
    if (trip && last && p.t - last.t > tripRules.maxGapMs) {
      finish(trip);
      trip = null;
    }
    if (!trip) {
      if (isMoving(p)) {
        const from = last && p.t - last.t <= tripRules.startLookbackMs ? last : p;
        trip = {
          id: newId(), startT: from.t, startLat: from.lat, startLon: from.lon, endT: p.t, endLat: p.lat, endLon: p.lon,
          distanceKm: from === p ? 0 : distanceLatLonM(from.lat, from.lon, p.lat, p.lon) / 1000,
          maxSpeedKmh: p.speedKmh, movingS: from === p ? 0 : (p.t - from.t) / 1000, idleS: 0, points: from === p ? 1 : 2, stop: null,
        };
      }
      last = p;
      continue;
    }
    const dt = last ? (p.t - last.t) / 1000 : 0;
    trip.distanceKm += last ? distanceLatLonM(last.lat, last.lon, p.lat, p.lon) / 1000 : 0;
    trip.maxSpeedKmh = Math.max(trip.maxSpeedKmh, p.speedKmh);
    trip.endT = p.t;
    trip.endLat = p.lat;
    trip.endLon = p.lon;
    trip.points += 1;
    if (isMoving(p)) {
      // Time since the previous fix counts as moving if either end moved.
      if (last && isMoving(last)) trip.movingS += dt;
      else trip.idleS += dt;
      trip.stop = null;
    } else {
      trip.idleS += dt;
      if (!trip.stop) trip.stop = { t: p.t, lat: p.lat, lon: p.lon, idleS: 0, points: 1 };
      else {
        trip.stop.idleS += dt;
        trip.stop.points += 1;
      }
      if (p.ignition === false || p.t - trip.stop.t >= tripRules.minParkingMs) {
        finish(trip);
        trip = null;
      }
    }
    last = p;
  }
  return { state: { last, trip }, closed, dropped };
}

/** Summary numbers of a trip as the API shows them. */
export function tripFigures(trip: OpenTrip): { durationS: number; avgSpeedKmh: number } {
  const durationS = (trip.endT - trip.startT) / 1000;
  return { durationS, avgSpeedKmh: trip.movingS > 0 ? (trip.distanceKm / trip.movingS) * 3600 : 0 };
}
