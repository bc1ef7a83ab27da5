import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { WebSocket } from 'ws';
import type { ServerMessage } from '../../contract/stream/messages.ts';
import { buildApp } from '../app.ts';
import { appConfig } from '../config.ts';
import { createFleetDb, type FleetDb } from '../db/fleet-db.ts';
import { demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { accessTokenFor } from '../test/test-fleet.ts';
import { at } from '../test/defined.ts';

const freight = demoDevices.filter((d) => d.tenant === demoTenants.gothenburgFreight);
const taxi = demoDevices.filter((d) => d.tenant === demoTenants.harbourTaxi);
const suite = useTestFleet();
let second: { app: FastifyInstance; db: FleetDb };
let urls: string[];
let token: string;

beforeAll(async () => {
  // A second API instance on the same database, as behind a load balancer.
  const db = createFleetDb({ connectionString: suite.fleet.boot.appUrl });
  second = { db, app: await buildApp({ db, config: appConfig(suite.fleet.boot.signingKey) }) };
  urls = [];
  for (const app of [suite.fleet.app, second.app]) urls.push((await app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws'));
  token = await accessTokenFor(suite.fleet.app, 'erik', demoTenants.gothenburgFreight.id);
});
afterAll(async () => {
  await second?.app.close();
  await second?.db.close();
});

/** A console socket that collects messages and lets a test wait for one. */
function connect(url: string) {
  const socket = new WebSocket(`${url}/api/stream?access_token=${token}`);
  const messages: ServerMessage[] = [];
  const waiters: { test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as ServerMessage;
    messages.push(message);
    for (const w of waiters.filter((w) => w.test(message))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(message);
    }
  });
  const next = (test: (m: ServerMessage) => boolean) =>
    new Promise<ServerMessage>((resolve, reject) => {
      const found = messages.find(test);
      if (found) return resolve(found);
      waiters.push({ test, resolve });
      setTimeout(() => reject(new Error(`no matching message; got ${JSON.stringify(messages.map((m) => m.type))}`)), 10_000);
    });
  return { socket, messages, next };
}

let second0 = 0;
async function ingest(app: FastifyInstance, unit: string) {
  const response = await app.inject({ method: 'POST', url: '/api/ingest/batch', payload: { records: [{ deviceId: unit, time: Date.now() - 60_000 + ++second0 * 100, latitude: 57.7, longitude: 11.9, speedKmh: 30 }] } });
  expect(response.json().stored).toBe(1);
}

describe('live stream', () => {
  it('delivers an event ingested on one instance to a console connected to the other, tenant only', async () => {
    const consoleB = connect(at(urls, 1));
    const hello = await consoleB.next((m) => m.type === 'hello');
    await ingest(suite.fleet.app, at(taxi, 0).uniqueId); // another tenant: must not arrive
    await ingest(suite.fleet.app, at(freight, 0).uniqueId);
    const positions = await consoleB.next((m) => m.type === 'positions');
    expect(positions.type === 'positions' && positions.positions.map((p) => p.deviceId)).toEqual([at(freight, 0).id]);
    expect(positions.type === 'positions' && hello.type === 'hello' && positions.seq > hello.seq).toBe(true);
    consoleB.socket.close();
  });

  it('resumes after a reconnect without gaps, then continues live', async () => {
    const first = connect(at(urls, 0));
    await first.next((m) => m.type === 'hello');
    await ingest(suite.fleet.app, at(freight, 1).uniqueId);
    const seen = await first.next((m) => m.type === 'positions');
    first.socket.close();
    const lastSeq = seen.type === 'positions' ? seen.seq : -1;
    // While disconnected: reports on both instances. Erik dispatches the North depot only, so
    // the South depot truck (freight[3]) is outside his group scope and never reaches him.
    await ingest(second.app, at(freight, 2).uniqueId);
    await ingest(suite.fleet.app, at(freight, 0).uniqueId);
    await ingest(second.app, at(freight, 3).uniqueId);
    await ingest(suite.fleet.app, at(freight, 2).uniqueId);
    const again = connect(at(urls, 1));
    await again.next((m) => m.type === 'hello');
    again.socket.send(JSON.stringify({ type: 'resume', fromSeq: lastSeq }));
    const resumed = await again.next((m) => m.type === 'resumed');
    const replayed = again.messages.filter((m) => m.type === 'positions');
    expect(replayed.map((m) => (m.type === 'positions' ? m.positions[0]?.deviceId : ''))).toEqual([at(freight, 2).id, at(freight, 0).id, at(freight, 2).id]);
    const seqs = replayed.map((m) => (m.type === 'positions' ? m.seq : 0));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(resumed.type === 'resumed' && resumed.seq).toBe(seqs[seqs.length - 1]);
    await ingest(suite.fleet.app, at(freight, 1).uniqueId);
    const live = await again.next((m) => m.type === 'positions' && m.positions[0]?.deviceId === at(freight, 1).id && m.seq > lastSeq);
    expect(live.type === 'positions' && live.seq).toBeGreaterThan(at(seqs, seqs.length - 1));
    again.socket.send(JSON.stringify({ type: 'resume', fromSeq: 10_000_000 }));
    expect(await again.next((m) => m.type === 'resync')).toMatchObject({ reason: 'ahead' });
    again.socket.close();
  });

  it('refuses a socket without a valid token', async () => {
    const socket = new WebSocket(`${urls[0]}/api/stream?access_token=nope`);
    const code = await new Promise<number>((resolve) => socket.on('close', (c) => resolve(c)));
    expect(code).toBe(4003);
  });
});
