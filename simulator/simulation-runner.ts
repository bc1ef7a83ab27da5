import { demoAccounts, demoPassword } from '../demo/demo-accounts.ts';
import { ensureDemoGeofences } from './demo-geofences.ts';
import { FleetApi } from './fleet-api.ts';
import { demoSimDevices, provisionedSimDevices, type SimDevice } from './fleet-builder.ts';
import { FleetSimulator, formatStatus, type SimulatorStatus } from './fleet-simulator.ts';
import { provisionUnits, simUnitId } from './provisioning.ts';
import type { IncidentRates } from './vehicle-model.ts';

export interface RunOptions {
  server: string;
  /** Default: every assigned demo unit (15). */
  devices?: number;
  rateHz: number;
  seed: number | string;
  /** Register and assign `SIM-…` units beyond the demo ones through the registry API. */
  provision: boolean;
  /** Provider operator credentials for --provision. */
  operator: { username: string; password: string };
  /** Create the demo geofences (through the API, as the demo admins) where missing. */
  geofences: boolean;
  statusEveryS: number;
  incidents?: Partial<IncidentRates>;
  backfillS?: number;
  timeScale?: number;
  concurrency?: number;
  log: (line: string) => void;
}

export interface RunningSimulation {
  simulator: FleetSimulator;
  /** Stops ticking, waits for requests on the wire, prints the final status. */
  stop(): Promise<void>;
}

/** Which units to drive: demo units first, then (with provision) `SIM-000001`… up to the count. */
export async function chooseDevices(options: Pick<RunOptions, 'server' | 'devices' | 'provision' | 'operator' | 'concurrency' | 'log'>): Promise<SimDevice[]> {
  const demo = demoSimDevices();
  const wanted = options.devices ?? demo.length;
  if (!Number.isInteger(wanted) || wanted < 1) throw new Error(`--devices must be a whole number ≥ 1 (got ${wanted})`);
  if (wanted <= demo.length) return demo.slice(0, wanted);
  if (!options.provision) {
    throw new Error(
      `--devices ${wanted}: the demo seed has only ${demo.length} assigned units. Add --provision to register and assign ` +
        `${wanted - demo.length} more (SIM-000001…) through the device registry as the provider operator.`,
    );
  }
  const extra = provisionedSimDevices(Array.from({ length: wanted - demo.length }, (_, i) => simUnitId(i + 1)));
  const api = await FleetApi.signIn(options.server, options.operator.username, options.operator.password, (ms) => ms.find((m) => m.tenantKind === 'provider')?.tenantId);
  options.log(`[simulate] provisioning ${extra.length} units as ${options.operator.username}…`);
  const started = Date.now();
  const result = await provisionUnits({
    api, devices: extra, concurrency: Math.min(16, options.concurrency ?? 8),
    onProgress: (done, total) => options.log(`[simulate] provisioned ${done}/${total}`),
  });
  options.log(`[simulate] provisioning done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.registered} registered, ${result.assigned} assigned, ${result.alreadyReady} already assigned`);
  return [...demo, ...extra];
}

/** Everything `npm run simulate` and `npm start` do: choose units, set up zones, drive, report status. */
export async function startSimulation(options: RunOptions): Promise<RunningSimulation> {
  const devices = await chooseDevices(options);
  if (options.geofences) {
    try {
      for (const line of await ensureDemoGeofences(options.server)) options.log(`[simulate] geofences — ${line}`);
    } catch (error) {
      // A server without the demo accounts still gets its fleet, just no demo zones.
      options.log(`[simulate] demo geofences skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const simulator = new FleetSimulator({
    server: options.server, devices, rateHz: options.rateHz, seed: options.seed,
    ...(options.incidents ? { incidents: options.incidents } : {}),
    ...(options.backfillS !== undefined ? { backfillS: options.backfillS } : {}),
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  });
  const mix = new Map<string, number>();
  for (const d of devices) mix.set(d.protocol, (mix.get(d.protocol) ?? 0) + 1);
  options.log(`[simulate] ${devices.length} devices at ${options.rateHz} Hz → ${options.server} (${[...mix].map(([p, n]) => `${n} ${p}`).join(', ')}); seed ${options.seed}`);
  simulator.start();
  let previous: SimulatorStatus = simulator.status();
  let shownProblems = 0;
  const report = () => {
    const now = simulator.status();
    options.log(formatStatus(now, previous));
    for (const problem of now.ingest.problems.slice(shownProblems)) options.log(`[simulate]   server said: ${problem}`);
    shownProblems = now.ingest.problems.length;
    previous = now;
  };
  const timer = setInterval(report, options.statusEveryS * 1000);
  timer.unref();
  return {
    simulator,
    stop: async () => {
      clearInterval(timer);
      await simulator.stop();
      report();
    },
  };
}

/** The defaults for a fleet cloud started with the demo seed. */
export const demoOperator = { username: demoAccounts.operator.username, password: demoPassword };
