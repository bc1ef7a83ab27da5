import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** http://127.0.0.1:<port> — give this to the console instead of the server's URL. */
  url: string;
  /** The network drops: open connections are reset and new ones are refused until `restore()`. */
  cut(): void;
  restore(): void;
  /**
   * Cuts the network the moment the console sends bytes `trips` recognises (once; those bytes
   * never reach the server): an outage at a chosen point of an exchange, e.g. between two requests.
   */
  cutWhen(trips: (sent: Buffer) => boolean): void;
  close(): Promise<void>;
}

/**
 * A loopback TCP relay in front of the fleet cloud: cutting it is a network outage as the
 * console sees one (sockets reset, connections refused) while the server keeps running, so
 * data can arrive and other people can act during the outage.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let down = false;
  let tripwire: ((sent: Buffer) => boolean) | null = null;
  const server = createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection(target);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (sent: Buffer) => {
      if (tripwire?.(sent)) {
        tripwire = null;
        proxy.cut();
      } else upstream.write(sent);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  const proxy: TcpProxy = {
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      down = true;
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
    },
    restore() {
      down = false;
    },
    cutWhen(trips) {
      tripwire = trips;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
