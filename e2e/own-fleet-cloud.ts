import { startFleetCloudProcess, type FleetCloudProcess, type FleetCloudProcessOptions } from '../electron/core/test/fleet-cloud-process.ts';
import { startTcpProxy, type TcpProxy } from '../electron/core/test/tcp-proxy.ts';
import { test } from './fixtures.ts';

export interface OwnFleetCloud {
  /** The spec's fleet cloud: seed it through `cloud.url`; `cloud.halt()` stops it. */
  readonly cloud: FleetCloudProcess;
  /** The console's way in: `proxy.url`; `proxy.cut()` refuses connections (offline). */
  readonly proxy: TcpProxy;
}

/**
 * A fleet cloud of the spec's own, reached through a TCP relay, for specs that cut the
 * connection or stop the fleet cloud (offline review) — which must not disturb the run-wide one
 * of global-setup.ts. Call it before the spec's own `beforeAll` hooks: it registers the start
 * before them and the stop after the spec's tests. `options` may be computed at start.
 */
export function useOwnFleetCloud(options: FleetCloudProcessOptions | (() => Promise<FleetCloudProcessOptions>) = {}): OwnFleetCloud {
  let cloud: FleetCloudProcess | undefined;
  let proxy: TcpProxy | undefined;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    cloud = await startFleetCloudProcess(typeof options === 'function' ? await options() : options);
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(cloud.url).port) });
  });
  test.afterAll(async () => {
    await proxy?.close();
    await cloud?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The spec’s own fleet cloud starts in beforeAll: use it inside hooks and tests.');
    return value;
  };
  return {
    get cloud() {
      return started(cloud);
    },
    get proxy() {
      return started(proxy);
    },
  };
}
