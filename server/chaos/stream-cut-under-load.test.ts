import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../contract/stream/messages.ts';
import { demoAccounts, demoTenants } from '../../demo/demo-accounts.ts';
import { demoDevices } from '../../demo/demo-fleet.ts';
import { signAccessToken } from '../auth/access-token.ts';
import { useTestFleet } from '../test/use-test-fleet.ts';
import { Trackers } from './chaos-fleet.ts';

// Chaos (issue 15): the live stream's socket is cut (destroyed, no close handshake) three times
// while trackers report. A client that resumes from its last seq, as the console's engine does
// (electron/core/sync/workspace-sync.ts), must receive every fix, in order, with no resync.
const suite = useTestFleet();
const tenant = demoTenants.gothenburgFreight;
const units = demoDevices.filter((d) => d.tenant === tenant);
let url = '';

beforeAll(async () => {
  url = await suite.fleet.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await suite.fleet.app.close();
});

/** A stream client like the engine's: remembers the last seq and resumes from it after a cut. */
class ResumingClient {
  readonly received = new Map<string, number>();
  seq = 0;
  resyncs = 0;
  coalesced = 0;
  connects = 0;
  private socket: WebSocket | null = null;
  private readonly token: string;

  constructor(token: string) {
    this.token = token;
  }

  async connect(): Promise<void> {
    this.connects += 1;
    const socket = new WebSocket(`${url.replace('http', 'ws')}/api/stream?access_token=${this.token}`);
    this.socket = socket;
    const first = this.connects === 1;
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as ServerMessage;
        if (message.type === 'hello') {
          if (first) this.seq = message.seq;
          else socket.send(JSON.stringify({ type: 'resume', fromSeq: this.seq }));
          resolve();
        } else if (message.type === 'positions') {
          if (message.coalesced) this.coalesced += 1;
          for (const p of message.positions) this.received.set(`${p.deviceId}|${p.fixTime}`, message.seq);
          this.seq = message.seq;
        } else if (message.type === 'deviceStatus' || message.type === 'alert' || message.type === 'heartbeat') {
          this.seq = Math.max(this.seq, message.seq);
        } else if (message.type === 'resync') {
          this.resyncs += 1;
        }
      });
    });
  }

  /** Destroys the socket as a network failure would (no close frame), then reconnects. */
  async cut(): Promise<void> {
    this.socket?.terminate();
    await this.connect();
  }

  close(): void {
    this.socket?.terminate();
  }
}

describe('chaos: the live stream socket cut under load', () => {
  it('a client resuming from its seq receives every acknowledged fix, with no resync', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = signAccessToken({ sub: demoAccounts.anders.id, tid: tenant.id, role: 'admin', gids: null, iat: now, exp: now + 3600 }, suite.fleet.boot.signingKey);
    const client = new ResumingClient(token);
    await client.connect();
    // Real time: each unit reports 4 times a second, device time in step with the wall clock.
    const trackers = new Trackers(url, { devices: units, from: Date.now() + 1000, stepMs: 250, paceMs: 250 });
    trackers.start();
    for (let cut = 0; cut < 3; cut++) {
      await trackers.more(100);
      await client.cut();
    }
    await trackers.more(100);
    await trackers.stop();

    const expected = [...trackers.acked];
    const deadline = Date.now() + 20_000;
    while (expected.some((key) => !client.received.has(key)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const missing = expected.filter((key) => !client.received.has(key));
    console.log(
      `chaos stream cut: ${client.connects - 1} cuts; fixes acknowledged ${expected.length}, received on the stream ${expected.length - missing.length}, ` +
        `missing ${missing.length}; resyncs ${client.resyncs}, coalesced messages ${client.coalesced}`,
    );
    client.close();
    expect(client.resyncs).toBe(0);
    expect(missing).toEqual([]);
  }, 90_000);
});
