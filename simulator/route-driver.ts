import { bearingDeg, type LonLat } from './road-graph.ts';
import type { Route, RouteSegment } from './route-planner.ts';

/**
 * Drives one route: where the vehicle is, and how fast it may go given what lies ahead
 * (lower limits, sharp turns, a red light, the destination). Pure and deterministic; the
 * behaviour model decides the wishes (cruise factor, red lights), this keeps the physics honest.
 */
export interface DriveLimits {
  /** m/s² the vehicle accelerates with. */
  accelMps2: number;
  /** m/s² a driver brakes with normally (plans stops with it). */
  brakeMps2: number;
  /** Vehicle top speed, km/h. */
  maxKmh: number;
}

export interface DriveWish {
  /** Multiplies the speed limit: traffic (< 1) and the driver's temper (> 1 when speeding). */
  speedFactor: number;
  /** A red light ahead at this distance along the route (metres from the start), or null. */
  stopAtM: number | null;
  /** Forces a hard stop now (something in the road): decelerates with this many m/s². */
  emergencyBrakeMps2: number | null;
}

export interface DriveStep {
  position: LonLat;
  speedMps: number;
  courseDeg: number;
  segment: RouteSegment;
  /** Distance covered in this step, metres. */
  movedM: number;
  arrived: boolean;
}

const lookAheadM = 400;
const minCrawlMps = 1.5;

/** Speed allowed through the joint between two segments, from how sharply the road turns. */
export function cornerSpeedMps(a: RouteSegment, b: RouteSegment): number {
  const turn = Math.abs(((bearingDeg(b.a, b.b) - bearingDeg(a.a, a.b) + 540) % 360) - 180);
  if (turn > 100) return 12 / 3.6;
  if (turn > 60) return 20 / 3.6;
  if (turn > 30) return 35 / 3.6;
  return Infinity;
}

export class RouteDriver {
  readonly route: Route;
  /** Metres from the route start. */
  travelledM = 0;
  speedMps: number;
  private index = 0;
  private offsetM = 0;
  private readonly starts: number[] = [];

  constructor(route: Route, initialSpeedMps = 0) {
    if (route.segments.length === 0) throw new Error('a route to drive needs at least one segment');
    this.route = route;
    this.speedMps = initialSpeedMps;
    let at = 0;
    for (const s of route.segments) {
      this.starts.push(at);
      at += s.lengthM;
    }
  }

  get remainingM(): number {
    return Math.max(0, this.route.lengthM - this.travelledM);
  }

  get segment(): RouteSegment {
    return this.route.segments[this.index] as RouteSegment;
  }

  /** Segment start distances of junctions ahead within `rangeM` (where red lights can be). */
  junctionsAhead(rangeM: number): { atM: number; roadClass: string }[] {
    const found: { atM: number; roadClass: string }[] = [];
    for (let i = this.index + 1; i < this.route.segments.length; i++) {
      const at = this.starts[i] ?? 0;
      if (at - this.travelledM > rangeM) break;
      const prev = this.route.segments[i - 1] as RouteSegment;
      const next = this.route.segments[i] as RouteSegment;
      if (prev.name !== next.name || prev.roadClass !== next.roadClass) found.push({ atM: at, roadClass: next.roadClass });
    }
    return found;
  }

  /** The highest speed now that still lets the vehicle meet every constraint ahead while braking normally. */
  allowedSpeedMps(wish: DriveWish, limits: DriveLimits, dtS = 0): number {
    const brake = limits.brakeMps2;
    // Distances shrink by what this step covers at the current speed: braking starts in time, not one step late.
    const margin = this.speedMps * dtS;
    const reach = (targetMps: number, distanceM: number) => Math.sqrt(targetMps * targetMps + 2 * brake * Math.max(0, distanceM - margin));
    const cap = Math.min(limits.maxKmh, this.segment.speedLimitKmh * wish.speedFactor) / 3.6;
    let allowed = Math.max(cap, minCrawlMps);
    allowed = Math.min(allowed, reach(0, this.remainingM));
    if (wish.stopAtM !== null && wish.stopAtM >= this.travelledM) allowed = Math.min(allowed, reach(0, wish.stopAtM - this.travelledM));
    for (let i = this.index + 1; i < this.route.segments.length; i++) {
      const distance = (this.starts[i] ?? 0) - this.travelledM;
      if (distance > lookAheadM) break;
      const next = this.route.segments[i] as RouteSegment;
      const corner = Math.max(cornerSpeedMps(this.route.segments[i - 1] as RouteSegment, next), minCrawlMps);
      const nextCap = Math.max(Math.min(limits.maxKmh, next.speedLimitKmh * wish.speedFactor) / 3.6, minCrawlMps);
      allowed = Math.min(allowed, reach(Math.min(corner, nextCap), distance));
    }
    return allowed;
  }

  /** Advances dt seconds: accelerate towards the allowed speed, or brake (hard if told to). */
  step(dtS: number, wish: DriveWish, limits: DriveLimits): DriveStep {
    const before = this.speedMps;
    let after: number;
    if (wish.emergencyBrakeMps2 !== null) after = Math.max(0, before - wish.emergencyBrakeMps2 * dtS);
    else {
      const allowed = this.allowedSpeedMps(wish, limits, dtS);
      // Braking may exceed the planned rate a little when a constraint appears late (like people do).
      after = allowed >= before ? Math.min(allowed, before + limits.accelMps2 * dtS) : Math.max(allowed, before - limits.brakeMps2 * 1.6 * dtS, 0);
    }
    let moved = ((before + after) / 2) * dtS;
    const stopAt = wish.stopAtM;
    if (stopAt !== null && this.travelledM <= stopAt && this.travelledM + moved > stopAt) {
      moved = stopAt - this.travelledM;
      after = 0;
    }
    moved = Math.min(moved, this.remainingM);
    this.speedMps = after;
    this.advance(moved);
    const arrived = this.remainingM < 0.5 && after < 0.5;
    if (arrived) this.speedMps = 0;
    const s = this.segment;
    const f = s.lengthM > 0 ? Math.min(1, this.offsetM / s.lengthM) : 0;
    return {
      position: [s.a[0] + (s.b[0] - s.a[0]) * f, s.a[1] + (s.b[1] - s.a[1]) * f],
      speedMps: this.speedMps, courseDeg: bearingDeg(s.a, s.b), segment: s, movedM: moved, arrived,
    };
  }

  private advance(metres: number): void {
    this.travelledM += metres;
    this.offsetM += metres;
    while (this.index < this.route.segments.length - 1 && this.offsetM >= this.segment.lengthM) {
      this.offsetM -= this.segment.lengthM;
      this.index++;
    }
    this.offsetM = Math.min(this.offsetM, this.segment.lengthM);
  }
}
