import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { isPostmasterOf, postmasterPid } from '../db/postmaster.ts';

/**
 * The chaos suite's pieces beside the fleet cloud's own process (server/test/fleet-cloud-child.ts):
 * devices that report like Traccar Client does (one fix per request, resend until a 200), and a
 * count against the database.
 */

/** The running postmaster of the fleet cloud in `dataDir` (chaos kills it), else null. */
export function postmasterOf(dataDir: string): number | null {
  const clusterDir = join(dataDir, 'pg', 'cluster');
  const pid = postmasterPid(clusterDir);
  return pid !== null && isPostmasterOf(pid, clusterDir) ? pid : null;
}

/**
 * Simulated trackers: each demo unit sends its fixes in order, one request at a time, and resends
 * a fix until it is acknowledged with 200 (any other answer or a dead socket: wait, resend).
 * `acked` holds every acknowledged fix as "deviceId|epoch ms".
 */
export class Trackers {
  readonly acked = new Set<string>();
  /** Answers other than 200 (503 while the database is away) and failed connections. */
  refused = 0;
  failed = 0;
  private stopped = false;
  private loops: Promise<void>[] = [];
  private readonly devices: typeof demoDevices;
  private url: string;
  private readonly from: number;
  private readonly stepMs: number;
  private readonly paceMs: number;

  /**
   * `from`: device time of the first fix (default an hour ago); `stepMs`: device time between a
   * unit's fixes; `paceMs`: the least wall time between them (0: as fast as acknowledged).
   */
  constructor(url: string, options: { devices?: typeof demoDevices; from?: number; stepMs?: number; paceMs?: number } = {}) {
    this.url = url;
    this.devices = options.devices ?? demoDevices.slice(0, 12);
    this.from = options.from ?? Date.now() - 3600_000;
    this.stepMs = options.stepMs ?? 1000;
    this.paceMs = options.paceMs ?? 0;
  }

  /** Point the trackers at a restarted server (same port: nothing changes). */
  retarget(url: string): void {
    this.url = url;
  }

  start(): void {
    const t0 = Math.floor(this.from / 1000) * 1000;
    this.loops = this.devices.map(async (device, i) => {
      for (let s = 0; !this.stopped; ) {
        const fixTime = t0 + s * this.stepMs;
        const query = `id=${device.uniqueId}&lat=${(57.65 + i * 0.005).toFixed(5)}&lon=${(11.9 + s * 0.0001).toFixed(5)}&speed=20&timestamp=${fixTime}`;
        const began = Date.now();
        try {
          const response = await fetch(`${this.url}/?${query}`, { signal: AbortSignal.timeout(10_000) });
          await response.arrayBuffer();
          if (response.status === 200) {
            this.acked.add(`${device.id}|${fixTime}`);
            s += 1;
            const rest = this.paceMs - (Date.now() - began);
            if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
            continue;
          }
          this.refused += 1;
        } catch {
          this.failed += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  /** Resolves once `n` more fixes than now were acknowledged (at most `timeoutMs`). */
  async more(n: number, timeoutMs = 60_000): Promise<void> {
    const target = this.acked.size + n;
    const deadline = Date.now() + timeoutMs;
    while (this.acked.size < target) {
      if (Date.now() > deadline) throw new Error(`only ${this.acked.size} of ${target} fixes acknowledged after ${timeoutMs} ms (refused ${this.refused}, failed ${this.failed})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Which acknowledged fixes are in positions, counted with the superuser (no RLS in the way). */
export async function countStored(dataDir: string, acked: ReadonlySet<string>): Promise<{ acked: number; stored: number; lost: string[] }> {
  const pgDir = join(dataDir, 'pg');
  const password = readFileSync(join(pgDir, 'superuser-password'), 'utf8').trim();
  const port = Number(readFileSync(join(pgDir, 'cluster', 'postmaster.pid'), 'utf8').split('\n')[3]);
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'fleet' });
  await client.connect();
  try {
    const ids = [...new Set([...acked].map((key) => key.split('|')[0] ?? ''))];
    const rows = await client.query<{ k: string }>(
      "SELECT device_id || '|' || round(extract(epoch FROM fix_time) * 1000)::bigint AS k FROM positions WHERE device_id = ANY ($1::uuid[])",
      [ids],
    );
    const inDb = new Set(rows.rows.map((r) => r.k));
    const lost = [...acked].filter((key) => !inDb.has(key));
    return { acked: acked.size, stored: acked.size - lost.length, lost };
  } finally {
    await client.end();
  }
}
