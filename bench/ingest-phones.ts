/**
 * The phone half of `npm run bench:ingest`: units that each send one OsmAnd request per fix, as
 * Traccar Client does, on their own clocks (open loop). Every unit's next report is due at its
 * own time whether or not the server answered the last one (a unit sends its reports one at a
 * time, in order, as the app does: a report due while the last is unanswered waits for it), and
 * a report's latency is measured from the moment it was due, not from when the client got round
 * to sending it — so a server that falls behind shows it in the latency (no coordinated omission,
 * as wrk2 measures), instead of quietly slowing the generator down as a fixed set of busy
 * connections would (decision 0190).
 *
 * Transport: undici's Pool (the HTTP client under Node's own fetch; llhttp parser, keep-alive),
 * `connections` sockets to the server. A phone keeps its own connection; a pool of a few hundred
 * keep-alive sockets is what a load balancer in front of the fleet cloud would hold.
 */
import { Pool } from 'undici';
import { step, type Vehicle } from './fleet-motion.ts';

export interface PhoneLoad {
  url: string;
  units: readonly Vehicle[];
  /** Reports per second offered in total (each unit: `rate / units.length` Hz). */
  rate: number;
  seconds: number;
  connections: number;
  /**
   * Device time between a unit's fixes (ms), for rates above 1 Hz per unit (below the wall-clock
   * period, so clocks stay behind now). Unset: a fix carries the time it is sent, as a phone's does.
   */
  fixSpacingMs?: number;
  /** Last device time per unit (shared across phases so each unit's fixes stay in order). */
  lastFix: Map<Vehicle, number>;
  random: () => number;
}

export interface PhoneFigures {
  offered: number;
  acknowledged: number;
  /** Answers other than 200, by status (0: connection error). */
  refused: Map<number, number>;
  /** Acknowledged reports per second of the phase. */
  rate: number;
  /** Acknowledgement latency from the moment a report was due (ms), sorted. */
  latencies: Float64Array;
  /**
   * Of every answered report (ms, sorted): from its due time to the moment the generator handed
   * it to its connection pool — the generator's own delay (its unit's previous report still
   * unanswered, the 2 ms tick, the generator's event loop) — and from then to the answer (HTTP
   * both ways, the server's accept and read, its work).
   */
  sendLag: Float64Array;
  inFlight: Float64Array;
  /** Reports that were due while their unit's previous report was still unanswered. */
  behindOwnUnit: number;
  /** TCP connections the pool opened in the phase. */
  connects: number;
  wallSeconds: number;
}

/** Percentile of sorted values (nearest rank). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/** The OsmAnd query Traccar Client sends (speed in knots), with the unit's key. */
/**
 * The phone's own battery level (%), derived from the vehicle's voltage so that it moves: at most
 * 100, which the server checks (14.4 V × 7 was 101, and such a report was answered 400).
 */
function phoneBattery(v: Vehicle): number {
  return Math.min(100, Math.round(v.batteryV * 7));
}

function osmAndPath(v: Vehicle, time: number): string {
  const knots = (v.speedKmh / 1.852).toFixed(1);
  return `/?id=${v.uniqueId}&key=${v.uniqueId}&timestamp=${time}&lat=${v.lat.toFixed(6)}&lon=${v.lon.toFixed(6)}&speed=${knots}&bearing=${v.headingDeg.toFixed(1)}&batt=${phoneBattery(v)}`;
}

/**
 * Offers `rate` reports/s for `seconds`, spread evenly over the units (unit i reports at phase
 * i/units of its period). Waits for every answer before returning.
 */
export async function runPhones(load: PhoneLoad): Promise<PhoneFigures> {
  const pool = new Pool(load.url, { connections: load.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const total = Math.floor(load.rate * load.seconds);
  const latencies = new Float64Array(total);
  const refused = new Map<number, number>();
  let acknowledged = 0;
  const sendLag = new Float64Array(total);
  const inFlight = new Float64Array(total);
  let answered = 0;
  let behindOwnUnit = 0;
  let connects = 0;
  pool.on('connect', () => {
    connects += 1;
  });
  const inflight = new Set<Promise<void>>();
  // A unit's reports waiting behind its own request in flight; a unit is a key while it has one.
  // Traccar Client sends its buffered fixes one at a time, each after the last was answered, so
  // a unit's fixes reach the server in order however far behind it is (decision 0456: sent
  // concurrently, 2.8 % arrived late and each rebuilt that device's geofence state).
  const waiting = new Map<Vehicle, { path: string; due: number }[]>();
  const dispatch = (v: Vehicle, path: string, due: number): void => {
    const sent = performance.now();
    const done = pool
      .request({ path, method: 'GET' })
      .then(async (response) => {
        await response.body.dump();
        sendLag[answered] = sent - due;
        inFlight[answered++] = performance.now() - sent;
        if (response.statusCode === 200) latencies[acknowledged++] = performance.now() - due;
        else refused.set(response.statusCode, (refused.get(response.statusCode) ?? 0) + 1);
      })
      .catch(() => {
        refused.set(0, (refused.get(0) ?? 0) + 1);
      })
      .finally(() => {
        inflight.delete(done);
        const next = waiting.get(v)?.shift();
        if (next) dispatch(v, next.path, next.due);
        else waiting.delete(v);
      });
    inflight.add(done);
  };
  // The fix is taken when it is due (its time is that moment's), and sent when its unit is free.
  const send = (v: Vehicle, due: number): void => {
    const last = load.lastFix.get(v) ?? Date.now() - 60_000;
    const time = load.fixSpacingMs === undefined ? Math.max(last + 1, Date.now()) : last + load.fixSpacingMs;
    load.lastFix.set(v, time);
    step(v, (time - last) / 1000, load.random);
    const path = osmAndPath(v, time);
    const queue = waiting.get(v);
    if (queue) {
      queue.push({ path, due });
      behindOwnUnit += 1;
    }
    else {
      waiting.set(v, []);
      dispatch(v, path, due);
    }
  };
  // The schedule: report k (k = 0 … total-1) is due at start + k / rate, by unit k mod units.
  const start = performance.now();
  let next = 0;
  while (next < total) {
    const now = performance.now();
    const dueUpTo = Math.min(total, Math.floor(((now - start) / 1000) * load.rate) + 1);
    for (; next < dueUpTo; next++) send(load.units[next % load.units.length] as Vehicle, start + (next / load.rate) * 1000);
    // A 2 ms tick: sends bunch by at most that much; latency is still counted from each due time.
    await new Promise((r) => setTimeout(r, 2));
  }
  // Answers start the reports queued behind them: wait until none is left.
  while (inflight.size > 0) await Promise.all([...inflight]);
  const wallSeconds = (performance.now() - start) / 1000;
  await pool.close();
  const measured = latencies.slice(0, acknowledged).sort();
  return {
    offered: total,
    acknowledged,
    refused,
    rate: acknowledged / wallSeconds,
    latencies: measured,
    sendLag: sendLag.slice(0, answered).sort(),
    inFlight: inFlight.slice(0, answered).sort(),
    behindOwnUnit,
    connects,
    wallSeconds,
  };
}
