import { afterEach, describe, expect, it } from 'vitest';
import { buildConsoleBridge } from '../../../contract/bridge/build-bridge.ts';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { SessionState } from '../../../contract/bridge/session.ts';
import type { WebCallMessage, WebHostMessage } from '../../../contract/bridge/transport.ts';
import { createWebSocketTransport, lostConnectionMessage, parseHostMessage } from './web-socket-transport.ts';

/*
 * These tests run the transport against a real WebSocket server (`ws`) with Node's built-in
 * browser-compatible WebSocket client. `ws` is loaded by a computed specifier and typed locally so
 * that Node's type definitions stay out of the renderer's type program (no Node types in the UI).
 */
interface ServerSocket {
  send(data: string): void;
  close(): void;
  on(event: 'message', listener: (data: { toString(): string }) => void): void;
}
interface Server {
  address(): { port: number };
  on(event: 'connection', listener: (socket: ServerSocket) => void): void;
  on(event: 'listening', listener: () => void): void;
  close(): void;
}
type WsModule = { WebSocketServer: new (options: { port: number; host: string }) => Server };

const wsSpecifier = 'ws';
const servers: Server[] = [];

async function startServer(onCall: (call: WebCallMessage, socket: ServerSocket) => void) {
  const { WebSocketServer } = (await import(/* @vite-ignore */ wsSpecifier)) as WsModule;
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  servers.push(server);
  const connected = new Promise<ServerSocket>((resolve) => {
    server.on('connection', (socket) => {
      socket.on('message', (data) => onCall(JSON.parse(data.toString()) as WebCallMessage, socket));
      resolve(socket);
    });
  });
  await new Promise<void>((resolve) => server.on('listening', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${server.address().port}/bridge`);
  return { client, connected };
}

const reply = (socket: ServerSocket, message: WebHostMessage) => socket.send(JSON.stringify(message));

const signedOut: SessionState = { accounts: [], workspaces: [], activeWorkspaceId: null, notice: null, knownAccounts: [] };

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('web socket transport', () => {
  it('matches results to calls by id, even when answers come back out of order', async () => {
    const calls: WebCallMessage[] = [];
    const { client } = await startServer((call, socket) => {
      calls.push(call);
      if (calls.length < 2) return;
      // Answer the second call first.
      for (const c of [...calls].reverse()) {
        reply(socket, { type: 'result', id: c.id, ok: true, value: { ...signedOut, activeWorkspaceId: c.method } });
      }
    });
    const { transport } = createWebSocketTransport(client);
    const bridge = buildConsoleBridge(transport.call, transport.subscribe);

    const [state, listed] = await Promise.all([bridge.session.state(), bridge.devices.list({ workspaceId: 'w1' })]);

    expect(state.activeWorkspaceId).toBe('session.state');
    expect((listed as unknown as SessionState).activeWorkspaceId).toBe('devices.list');
    expect(calls.map((c) => c.input)).toEqual([{}, { workspaceId: 'w1' }]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
  });

  it('turns an error result into a BridgeError with code, message and field', async () => {
    const { client } = await startServer((call, socket) =>
      reply(socket, {
        type: 'result',
        id: call.id,
        ok: false,
        error: { code: 'bad-server-url', message: 'Server URL must start with http:// or https://.', field: 'serverUrl' },
      }),
    );
    const { transport } = createWebSocketTransport(client);
    const bridge = buildConsoleBridge(transport.call, transport.subscribe);

    const error = await bridge.session.signIn({ serverUrl: 'ftp://x', username: 'a', password: 'b' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({ code: 'bad-server-url', field: 'serverUrl' });
  });

  it('delivers events to subscribers until they unsubscribe', async () => {
    const { client, connected } = await startServer(() => {});
    const { transport, connection } = createWebSocketTransport(client);
    const seen: SessionState[] = [];
    const unsubscribe = transport.subscribe('onSessionChanged', (state) => seen.push(state));
    const socket = await connected;
    await until(() => connection.get() === 'open');

    reply(socket, { type: 'event', event: 'onSessionChanged', payload: { ...signedOut, activeWorkspaceId: 'first' } });
    await until(() => seen.length === 1);
    unsubscribe();
    // A second subscriber proves the next event was delivered; the first must not have seen it.
    const later: SessionState[] = [];
    transport.subscribe('onSessionChanged', (state) => later.push(state));
    reply(socket, { type: 'event', event: 'onSessionChanged', payload: { ...signedOut, activeWorkspaceId: 'second' } });
    await until(() => later.length === 1);

    expect(seen.map((s) => s.activeWorkspaceId)).toEqual(['first']);
  });

  it('fails pending and later calls with a plain message when the socket closes', async () => {
    const { client, connected } = await startServer(() => {});
    const { transport, connection } = createWebSocketTransport(client);
    const bridge = buildConsoleBridge(transport.call, transport.subscribe);
    const pending = bridge.session.state().catch((e: unknown) => e);
    (await connected).close();

    expect(await pending).toMatchObject({ code: 'internal', message: lostConnectionMessage });
    expect(connection.get()).toBe('lost');
    await expect(bridge.session.state()).rejects.toMatchObject({ message: lostConnectionMessage });
  });
});

describe('parseHostMessage', () => {
  it('drops frames that do not match the contract', () => {
    expect(parseHostMessage('not json')).toBeNull();
    expect(parseHostMessage(JSON.stringify({ type: 'event', event: 'onSomethingElse', payload: 1 }))).toBeNull();
    expect(parseHostMessage(JSON.stringify({ type: 'result', id: '1', ok: true }))).toBeNull();
    expect(parseHostMessage(JSON.stringify({ type: 'result', id: 1, ok: false, error: 'x' }))).toBeNull();
  });
});

async function until(condition: () => boolean) {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
