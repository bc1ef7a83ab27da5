/**
 * `npm run simulate -- --server URL --devices N --rate HZ`: drives a simulated fleet over the
 * Gothenburg road network through the real ingest protocols. See simulator/README.md.
 */
import { parseArgs } from 'node:util';
import { demoOperator, startSimulation } from '../simulator/simulation-runner.ts';

const usage = `Usage: npm run simulate -- [options]
  --server URL        fleet cloud base URL (default http://127.0.0.1:8080)
  --devices N         number of units (default: the 15 assigned demo units)
  --rate HZ           reports per device and second while driving (default 1; max 20)
  --seed S            same seed, same fleet and incidents (default 1)
  --provision         for N above the demo units: register and assign SIM-000001… through the
                      device registry as the provider operator (idempotent)
  --operator USER     provider account for --provision (default ${demoOperator.username})
  --password PW       its password (default: the demo password; or SIMULATOR_PASSWORD)
  --no-geofences      do not create the demo geofences
  --duration S        stop after S seconds (default: until Ctrl-C)
  --status-every S    seconds between status lines (default 5)
  --concurrency N     parallel HTTP requests (default 64)`;

function fail(message: string): never {
  console.error(`simulate: ${message}\n\n${usage}`);
  process.exit(2);
}

function number(name: string, value: string | undefined, fallback: number, check: (n: number) => boolean, rule: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) fail(`--${name} ${rule} (got "${value}")`);
  return n;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      server: { type: 'string', default: 'http://127.0.0.1:8080' },
      devices: { type: 'string' },
      rate: { type: 'string' },
      seed: { type: 'string', default: '1' },
      provision: { type: 'boolean', default: false },
      operator: { type: 'string', default: demoOperator.username },
      password: { type: 'string' },
      'no-geofences': { type: 'boolean', default: false },
      duration: { type: 'string' },
      'status-every': { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (parsed.help) {
  console.log(usage);
  process.exit(0);
}

const devicesArg = parsed.devices;
const options = {
  server: parsed.server,
  ...(devicesArg !== undefined ? { devices: number('devices', devicesArg, 0, (n) => Number.isInteger(n) && n >= 1 && n <= 100_000, 'must be a whole number from 1 to 100000') } : {}),
  rateHz: number('rate', parsed.rate, 1, (n) => n > 0 && n <= 20, 'must be reports per second, above 0 and at most 20'),
  seed: /^\d+$/.test(parsed.seed) ? Number(parsed.seed) : parsed.seed,
  provision: parsed.provision,
  operator: { username: parsed.operator, password: parsed.password ?? process.env.SIMULATOR_PASSWORD ?? demoOperator.password },
  geofences: !parsed['no-geofences'],
  statusEveryS: number('status-every', parsed['status-every'], 5, (n) => n >= 1 && n <= 3600, 'must be seconds from 1 to 3600'),
  ...(parsed.concurrency !== undefined ? { concurrency: number('concurrency', parsed.concurrency, 64, (n) => Number.isInteger(n) && n >= 1 && n <= 1024, 'must be a whole number from 1 to 1024') } : {}),
  log: (line: string) => console.log(line),
};
const durationS = number('duration', parsed.duration, 0, (n) => n > 0, 'must be a positive number of seconds');

let simulation;
try {
  simulation = await startSimulation(options);
} catch (error) {
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await simulation.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
if (durationS > 0) setTimeout(() => void stop(), durationS * 1000);
