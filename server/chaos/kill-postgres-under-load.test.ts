import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForExit } from '../test/processes.ts';
import { startFleetCloudChild } from '../test/fleet-cloud-child.ts';
import { countStored, postmasterOf, Trackers } from './chaos-fleet.ts';

// Chaos (issue 15, R2): PostgreSQL is killed with SIGKILL while trackers report. The fleet cloud
// must stay up (it used to crash on the dying connections), shed ingest with 503 while the
// database is away, restart its embedded PostgreSQL, and go on storing; nothing acknowledged is lost.
describe('chaos: kill -9 of PostgreSQL under load', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('the fleet cloud survives, recovers by itself, and has stored every acknowledged fix', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fleet-chaos-pg-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const cloud = await startFleetCloudChild({ dataDir });
    let exited: string | null = null;
    cloud.child.once('exit', (code, signal) => {
      exited = String(code ?? signal);
    });
    cleanup.push(async () => {
      if (exited !== null) return;
      const gone = new Promise((resolve) => cloud.child.once('exit', resolve));
      cloud.child.kill('SIGTERM');
      await gone;
    });
    const trackers = new Trackers(cloud.url);
    cleanup.push(() => trackers.stop());
    trackers.start();
    await trackers.more(600);

    let degraded = 0;
    const kills: number[] = [];
    for (let round = 0; round < 2; round++) {
      const postmaster = postmasterOf(dataDir);
      if (postmaster === null) throw new Error('no running postmaster to kill');
      const ackedBefore = trackers.acked.size;
      const refusedBefore = trackers.refused;
      process.kill(postmaster, 'SIGKILL');
      const killedAt = Date.now();
      await waitForExit(postmaster);
      const health = await fetch(`${cloud.url}/health`);
      if (health.status === 503) degraded += 1;
      await trackers.more(300);
      kills.push(Date.now() - killedAt);
      console.log(
        `chaos kill -9 PostgreSQL #${round + 1}: ${ackedBefore} fixes acknowledged before, 300 more acknowledged ${kills[round]} ms after the kill; ` +
          `answered 503 meanwhile: ${trackers.refused - refusedBefore}; /health right after the kill: ${health.status}`,
      );
    }
    await trackers.stop();
    expect(exited).toBeNull(); // the server process never went down

    const counts = await countStored(dataDir, trackers.acked);
    console.log(`chaos kill -9 PostgreSQL: 2 kills survived; acknowledged ${counts.acked}, stored ${counts.stored}, lost ${counts.lost.length}; /health degraded after ${degraded} of 2 kills`);
    expect(counts.lost).toEqual([]);
    expect((await fetch(`${cloud.url}/health`)).status).toBe(200);
  }, 150_000);
});
