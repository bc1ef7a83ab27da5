import type { TelemetryRecord } from '../contract/api/telemetry.ts';
import { buildVehicles, type SimDevice, type SimVehicle } from './fleet-builder.ts';
import { IngestClient, type IngestStats } from './ingest-client.ts';
import { encodeOsmAnd, telemetryRecord } from './report-encoders.ts';
import { createRng } from './rng.ts';
import { loadDemoRoadGraph, type RoadGraph } from './road-graph.ts';
import { defaultIncidents, type IncidentRates } from './vehicle-model.ts';

export interface SimulatorOptions {
  /** Base URL of the fleet cloud. */
  server: string;
  devices: readonly SimDevice[];
  /** Reports per device and second of device time while driving (0 < rate ≤ 20). */
  rateHz: number;
  seed: number | string;
  incidents?: Partial<IncidentRates>;
  /**
   * Start this many seconds in the past and replay towards now at `timeScale`× real time, then
   * continue live. Tests use it to cover minutes of driving in seconds; device times never lie
   * in the future.
   */
  backfillS?: number;
  timeScale?: number;
  /** Parallel HTTP requests. Default 64. */
  concurrency?: number;
  graph?: RoadGraph;
}

export interface SimulatorStatus {
  /** Real time the status was taken, ms. */
  at: number;
  devices: number;
  driving: number;
  silent: number;
  /** Device time of the last tick, ms. */
  deviceTime: number;
  /** How far device time trails real time, seconds (backfill, or the client cannot keep up). */
  lagS: number;
  ingest: IngestStats;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs the fleet: every tick steps each vehicle model and sends what its unit would send, over
 * the unit's protocol. Bounded: `stop()` ends the loop and waits (≤ 5 s) for requests on the wire.
 */
export class FleetSimulator {
  readonly vehicles: SimVehicle[];
  readonly client: IngestClient;
  private readonly options: SimulatorOptions;
  private readonly dtMs: number;
  private readonly realStart: number;
  private readonly simStart: number;
  private simT: number;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(options: SimulatorOptions) {
    if (!(options.rateHz > 0 && options.rateHz <= 20)) throw new Error(`--rate must be a number of reports per second between 0 and 20 (got ${options.rateHz})`);
    if (options.devices.length === 0) throw new Error('--devices must be at least 1');
    const timeScale = options.timeScale ?? 1;
    if (!(timeScale >= 1 && timeScale <= 1000)) throw new Error(`timeScale must be between 1 and 1000 (got ${timeScale})`);
    const backfillS = options.backfillS ?? 0;
    if (!(backfillS >= 0 && backfillS <= 86_400)) throw new Error(`backfillS must be between 0 and 86400 seconds (got ${backfillS})`);
    this.options = options;
    this.dtMs = Math.round(1000 / options.rateHz);
    this.realStart = Date.now();
    // Whole seconds: Traccar Client's OsmAnd timestamps are epoch seconds.
    this.simStart = Math.floor((this.realStart - backfillS * 1000) / 1000) * 1000;
    this.simT = this.simStart;
    const incidents = { ...defaultIncidents, ...options.incidents };
    this.vehicles = buildVehicles(options.graph ?? loadDemoRoadGraph(), options.devices, incidents, createRng(options.seed), this.simStart);
    const concurrency = options.concurrency ?? 64;
    this.client = new IngestClient({ server: options.server, concurrency, maxQueued: Math.max(1000, options.devices.length * 2) });
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    await Promise.race([this.client.drained(), sleep(5000)]);
    this.client.close();
  }

  status(): SimulatorStatus {
    let driving = 0;
    let silent = 0;
    for (const v of this.vehicles) {
      if (v.model.phaseName === 'driving') driving++;
      if (v.model.silentAt(this.simT)) silent++;
    }
    return {
      at: Date.now(), devices: this.vehicles.length, driving, silent, deviceTime: this.simT,
      lagS: Math.max(0, (Date.now() - this.simT) / 1000), ingest: { ...this.client.stats, problems: [...this.client.stats.problems] },
    };
  }

  private async loop(): Promise<void> {
    const scale = this.options.timeScale ?? 1;
    // The client may hold this much before the loop waits (lag shows in the status instead of drops).
    const backlog = (this.options.concurrency ?? 64) * 4;
    while (!this.stopping) {
      const real = Date.now();
      const allowed = Math.min(real, this.simStart + (real - this.realStart) * scale);
      const next = this.simT + this.dtMs;
      if (next > allowed) {
        await sleep(Math.max(1, Math.min(250, (next - allowed) / scale)));
        continue;
      }
      if (this.client.pending > backlog) {
        await sleep(2);
        continue;
      }
      this.tick(next);
      // Let responses and timers run between ticks even when replaying as fast as possible.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private tick(t: number): void {
    this.simT = t;
    const dtS = this.dtMs / 1000;
    const records: TelemetryRecord[] = [];
    for (const { device, model } of this.vehicles) {
      const sample = model.step(t, dtS);
      if (!sample) continue;
      if (device.protocol === 'obd-batch') records.push(telemetryRecord(device.uniqueId, sample));
      else this.client.sendSingle(encodeOsmAnd(device.protocol, device.uniqueId, sample));
    }
    // The dongles' records of one tick travel together, as through a gateway: one request, not one per dongle.
    if (records.length > 0) this.client.sendBatch(records);
  }
}

/** One status line: what a person watching the console wants to see every few seconds. */
export function formatStatus(now: SimulatorStatus, before: SimulatorStatus): string {
  const seconds = Math.max(0.001, (now.at - before.at) / 1000);
  const rate = (now.ingest.sent - before.ingest.sent) / seconds;
  const time = new Date(now.deviceTime).toISOString().slice(11, 19);
  const i = now.ingest;
  return (
    `[simulate] ${now.devices} devices (${now.driving} driving, ${now.silent} silent) | ${rate.toFixed(1)} reports/s | ` +
    `accepted ${i.accepted} rejected ${i.rejected} failed ${i.failed}${i.dropped ? ` dropped ${i.dropped}` : ''}${i.deferred ? ` resent after Retry-After ${i.deferred}` : ''} | in flight ${i.inFlight} | ` +
    `device time ${time}Z (lag ${now.lagS.toFixed(1)} s)`
  );
}
