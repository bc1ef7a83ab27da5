import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForExit } from '../test/processes.ts';
import { startFleetCloudChild, type FleetCloudChild } from '../test/fleet-cloud-child.ts';
import { countStored, postmasterOf, Trackers } from './chaos-fleet.ts';

// Chaos (issue 15): the fleet cloud is killed with SIGKILL while trackers report; it must start
// again on the same data (R1: its embedded PostgreSQL is stopped by the guard or reclaimed), and
// every fix it acknowledged before the kill must be in the database.
describe('chaos: kill -9 of the fleet cloud under load', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('restarts on the same data and has stored every acknowledged fix', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fleet-chaos-server-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    let cloud: FleetCloudChild = await startFleetCloudChild({ dataDir });
    const stopCloud = async () => {
      cloud.child.kill('SIGTERM');
      if (cloud.child.exitCode === null && cloud.child.signalCode === null) await new Promise((resolve) => cloud.child.once('exit', resolve));
    };
    cleanup.push(stopCloud);
    const trackers = new Trackers(cloud.url);
    cleanup.push(() => trackers.stop());
    trackers.start();
    await trackers.more(600);

    const postmaster = postmasterOf(dataDir);
    const ackedBeforeKill = trackers.acked.size;
    cloud.child.kill('SIGKILL');
    await new Promise((resolve) => cloud.child.once('exit', resolve));
    // The guard stops the orphaned PostgreSQL by itself; the restart would reclaim it otherwise.
    if (postmaster !== null) await waitForExit(postmaster);
    const killedAt = Date.now();
    cloud = await startFleetCloudChild({ dataDir, port: cloud.port });
    const restartMs = Date.now() - killedAt;
    await trackers.more(600);
    await trackers.stop();

    const counts = await countStored(dataDir, trackers.acked);
    console.log(
      `chaos kill -9 server: acknowledged ${counts.acked} fixes (${ackedBeforeKill} before the kill), stored ${counts.stored}, lost ${counts.lost.length}; ` +
        `restart ${restartMs} ms; refused ${trackers.refused}, failed connections ${trackers.failed}`,
    );
    expect(counts.lost).toEqual([]);
    expect(counts.acked).toBeGreaterThanOrEqual(1200);
  }, 150_000);
});
