/**
 * Plausible vehicle motion for the ingest benchmark: each vehicle drives with a smoothly
 * changing heading, accelerates and brakes gently (≤ 2 m/s², below the harsh-driving
 * thresholds), cruises at 30–90 km/h (a few percent of cruises a little over the limit),
 * stops now and then for half a minute to two minutes with the engine running, and stays
 * inside the Gothenburg area. It is NOT the road network (that is the simulator's job,
 * scripts/simulate.ts); it only makes the load look like traffic to trips and rules: a few
 * metres per second of movement, trips that run and end, occasional overspeed.
 */
export interface Vehicle {
  uniqueId: string;
  lat: number;
  lon: number;
  headingDeg: number;
  speedKmh: number;
  targetKmh: number;
  stoppedUntilS: number;
  clockS: number;
  batteryV: number;
}

export interface BenchRecord {
  deviceId: string;
  time: number;
  latitude: number;
  longitude: number;
  speedKmh: number;
  course: number;
  ignition: boolean;
  batteryVoltage: number;
}

const box = { south: 57.65, north: 57.76, west: 11.87, east: 12.09 };
const centre = { lat: (box.south + box.north) / 2, lon: (box.west + box.east) / 2 };
const metresPerDegLat = 111_320;

/** mulberry32: a small seeded PRNG, so runs are comparable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createFleet(count: number, random: () => number): Vehicle[] {
  return Array.from({ length: count }, (_, i) => ({
    uniqueId: `bench-${i + 1}`,
    lat: box.south + random() * (box.north - box.south),
    lon: box.west + random() * (box.east - box.west),
    headingDeg: random() * 360,
    speedKmh: 0,
    targetKmh: 30 + random() * 60,
    stoppedUntilS: 0,
    clockS: 0,
    batteryV: 13.8 + random() * 0.4,
  }));
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Advances one vehicle by `dtS` seconds of its own clock. */
export function step(v: Vehicle, dtS: number, random: () => number): void {
  v.clockS += dtS;
  if (v.clockS < v.stoppedUntilS) {
    v.speedKmh = 0;
    return;
  }
  if (v.speedKmh === 0 && v.targetKmh === 0) v.targetKmh = 30 + random() * 60;
  if (random() < dtS / 600) {
    v.targetKmh = 0; // a stop every ~10 minutes on average
  } else if (random() < dtS / 60) {
    v.targetKmh = random() < 0.05 ? 95 + random() * 15 : 30 + random() * 60;
  }
  const maxChangeKmh = (random() < 0.5 ? 1.5 : 2) * 3.6 * dtS;
  v.speedKmh = clamp(v.targetKmh, v.speedKmh - maxChangeKmh, v.speedKmh + maxChangeKmh);
  if (v.speedKmh === 0 && v.targetKmh === 0) v.stoppedUntilS = v.clockS + 30 + random() * 90;
  // Gentle turns; back towards the centre when leaving the area.
  const outside = v.lat < box.south || v.lat > box.north || v.lon < box.west || v.lon > box.east;
  if (outside) {
    const toCentre = (Math.atan2((centre.lon - v.lon) * Math.cos((v.lat * Math.PI) / 180), centre.lat - v.lat) * 180) / Math.PI;
    v.headingDeg = toCentre;
  } else v.headingDeg += (random() - 0.5) * 8 * dtS;
  v.headingDeg = ((v.headingDeg % 360) + 360) % 360;
  const metres = (v.speedKmh / 3.6) * dtS;
  const rad = (v.headingDeg * Math.PI) / 180;
  v.lat += (metres * Math.cos(rad)) / metresPerDegLat;
  v.lon += (metres * Math.sin(rad)) / (metresPerDegLat * Math.cos((v.lat * Math.PI) / 180));
  v.batteryV = clamp(v.batteryV + (random() - 0.5) * 0.02, 13.2, 14.4);
}

/** The vehicle's current fix as a POST /api/ingest/batch record at device time `time`. */
export function recordOf(v: Vehicle, time: number): BenchRecord {
  return {
    deviceId: v.uniqueId, time, latitude: Number(v.lat.toFixed(6)), longitude: Number(v.lon.toFixed(6)),
    speedKmh: Number(v.speedKmh.toFixed(1)), course: Number(v.headingDeg.toFixed(1)), ignition: true, batteryVoltage: Number(v.batteryV.toFixed(2)),
  };
}
