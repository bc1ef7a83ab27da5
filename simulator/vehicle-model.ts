import type { Rng } from './rng.ts';
import type { LonLat, RoadGraph } from './road-graph.ts';
import { RouteDriver, type DriveLimits, type DriveWish } from './route-driver.ts';
import { planRoute } from './route-planner.ts';
import { redLightChance, trafficFactor } from './traffic.ts';
import { clearTroubleCodes, initialHealth, newTroubleCode, refuel, stepHealth, type HealthState, type HealthTraits } from './vehicle-health.ts';

export type VehicleKind = 'truck' | 'van' | 'car' | 'sweeper';

/** How often things happen, per vehicle and hour of simulated driving; tests turn them up. */
export interface IncidentRates {
  /** Episodes of 15–35 % over the limit for 20–90 s (a per-driver temper scales it). */
  speedingPerHour: number;
  /** Hard stops (5–6.5 m/s²) while driving above 30 km/h. */
  harshBrakingPerHour: number;
  /** New trouble codes, OBD-II units only, while the engine runs. */
  dtcPerHour: number;
  /** The unit goes silent (lost power or coverage) for offlineMinutes. */
  offlinePerHour: number;
  offlineMinutes: [number, number];
  /** Multiplies stop, idle and parking durations (demo: 1; tests: small). */
  dwellScale: number;
  /** Seconds between reports while parked with the ignition off (a heartbeat). */
  parkedReportS: number;
}

export const defaultIncidents: IncidentRates = {
  speedingPerHour: 0.8, harshBrakingPerHour: 0.5, dtcPerHour: 0.1, offlinePerHour: 0.06, offlineMinutes: [12, 25], dwellScale: 1, parkedReportS: 60,
};

export interface VehicleSetup {
  kind: VehicleKind;
  /** Reads engine data (OBD-II dongle); phones know only position and their own battery. */
  obd: boolean;
  graph: RoadGraph;
  /** Depot or taxi rank node: where the day starts and ends. */
  home: number;
  /** Node the vehicle stands at when the simulation starts. */
  start: number;
  /** Candidate destination nodes (customers, landmarks; for sweepers: streets near home). */
  destinations: readonly number[];
  incidents: IncidentRates;
  rng: Rng;
}

export interface VehicleSample {
  t: number;
  latitude: number;
  longitude: number;
  speedKmh: number;
  course: number;
  altitudeM: number;
  accuracyM: number;
  ignition: boolean;
  moving: boolean;
  /** The limit of the road the vehicle is on (not sent; tests and tuning use it). Null off a route. */
  roadLimitKmh: number | null;
  health: HealthState;
}

type Phase =
  | { name: 'parked'; untilT: number }
  | { name: 'idling'; untilT: number }
  | { name: 'driving'; driver: RouteDriver; toHome: boolean };

const limitsByKind: Record<VehicleKind, DriveLimits> = {
  truck: { accelMps2: 0.9, brakeMps2: 1.6, maxKmh: 90 },
  van: { accelMps2: 1.5, brakeMps2: 2.0, maxKmh: 130 },
  car: { accelMps2: 2.2, brakeMps2: 2.4, maxKmh: 160 },
  sweeper: { accelMps2: 0.8, brakeMps2: 1.5, maxKmh: 25 },
};

/**
 * One simulated vehicle: a day of missions (depot → customers → depot, taxi fares, sweeping
 * rounds) over the road graph, with traffic, red lights, stops, idling, speeding, hard braking,
 * silent periods and its health readings. Pure apart from the injected Rng: the same seed and
 * the same step times give the same samples.
 */
export class VehicleModel {
  readonly kind: VehicleKind;
  private readonly setup: VehicleSetup;
  private readonly rng: Rng;
  private readonly limits: DriveLimits;
  private readonly traits: HealthTraits;
  private readonly temper: number;
  private readonly cruise: number;
  private phase: Phase;
  private node: number;
  private position: LonLat;
  private course = 0;
  private speedMps = 0;
  private health: HealthState;
  private stopsLeft: number;
  private speedingUntil = -Infinity;
  private speedingFactor = 1.2;
  private brakingUntil = -Infinity;
  private brakeMps2 = 0;
  private offlineUntil = -Infinity;
  private lastReportT = -Infinity;
  private redLight: { atM: number; greenAt: number | null } | null = null;
  private readonly judgedJunctions = new Set<number>();

  constructor(setup: VehicleSetup, t: number) {
    this.setup = setup;
    this.kind = setup.kind;
    this.rng = setup.rng;
    this.limits = limitsByKind[setup.kind];
    this.node = setup.start;
    this.position = setup.graph.nodes[setup.start] as LonLat;
    this.temper = this.rng.chance(0.25) ? this.rng.range(1.5, 3) : this.rng.range(0.2, 1);
    this.cruise = this.rng.range(0.93, 1.04);
    this.traits = {
      weakBattery: setup.obd && this.rng.chance(0.2),
      tankLitres: setup.kind === 'truck' ? 300 : setup.kind === 'car' ? 55 : 80,
      litresPer100Km: setup.kind === 'truck' ? 28 : setup.kind === 'sweeper' ? 35 : setup.kind === 'van' ? 11 : 7,
      idleLitresPerHour: setup.kind === 'truck' ? 2.5 : 0.9,
      ambientC: this.rng.range(4, 14),
    };
    this.health = initialHealth(this.rng, this.traits, this.rng.range(8_000, 240_000));
    this.stopsLeft = this.rng.int(4) + 2;
    // A staggered start: most vehicles leave within the first minute, so a demo shows motion quickly.
    this.phase = { name: 'parked', untilT: t + this.rng.range(1, 20) * 1000 };
  }

  get phaseName(): Phase['name'] {
    return this.phase.name;
  }

  /** True while the unit is silent (lost power or coverage) at time t. */
  silentAt(t: number): boolean {
    return t < this.offlineUntil;
  }

  get weakBattery(): boolean {
    return this.traits.weakBattery;
  }

  /** Advances to time t (ms) by dtS seconds; answers the report the unit sends now, or null. */
  step(t: number, dtS: number): VehicleSample | null {
    const before = this.speedMps;
    let moved = 0;
    const rate = (perHour: number) => this.rng.chance((perHour * dtS) / 3600);
    const { incidents } = this.setup;
    if (this.phase.name === 'parked' && t >= this.phase.untilT) this.phase = { name: 'idling', untilT: t + this.dwell(10, 40) };
    else if (this.phase.name === 'idling' && t >= this.phase.untilT) this.depart(t);
    if (this.phase.name === 'driving') moved = this.drive(t, dtS, rate);
    const ignition = this.phase.name !== 'parked';
    this.health = stepHealth(this.health, this.traits, { ignition, speedKmh: this.speedMps * 3.6, accelMps2: (this.speedMps - before) / dtS, movedM: moved, dtS }, this.rng);
    if (this.setup.obd && ignition && rate(incidents.dtcPerHour)) this.health = newTroubleCode(this.health, this.rng) ?? this.health;
    if (t >= this.offlineUntil && rate(incidents.offlinePerHour)) {
      this.offlineUntil = t + this.rng.range(incidents.offlineMinutes[0], incidents.offlineMinutes[1]) * 60_000;
    }
    if (t < this.offlineUntil) return null;
    if (!ignition && t - this.lastReportT < incidents.parkedReportS * 1000) return null;
    this.lastReportT = t;
    return this.sample(t, ignition);
  }

  private dwell(minS: number, maxS: number): number {
    return this.rng.range(minS, maxS) * this.setup.incidents.dwellScale * 1000;
  }

  private depart(t: number): void {
    // Freight returns to the depot after its round; taxis often go back to the rank between fares.
    const toHome = this.node !== this.setup.home && (((this.kind === 'truck' || this.kind === 'van') && this.stopsLeft <= 0) || (this.kind === 'car' && this.rng.chance(0.35)));
    let target = toHome ? this.setup.home : this.rng.pick(this.setup.destinations);
    if (target === this.node) target = this.node === this.setup.home ? this.rng.pick(this.setup.destinations) : this.setup.home;
    const route = planRoute(this.setup.graph, this.node, target);
    if (route.segments.length === 0) {
      this.phase = { name: 'idling', untilT: t + this.dwell(20, 60) };
      return;
    }
    this.phase = { name: 'driving', driver: new RouteDriver(route), toHome: target === this.setup.home };
    this.redLight = null;
    this.judgedJunctions.clear();
  }

  private drive(t: number, dtS: number, rate: (perHour: number) => boolean): number {
    const phase = this.phase as Extract<Phase, { name: 'driving' }>;
    const driver = phase.driver;
    const { incidents } = this.setup;
    if (t >= this.speedingUntil && rate(incidents.speedingPerHour * this.temper)) {
      this.speedingUntil = t + this.rng.range(20, 90) * 1000;
      this.speedingFactor = this.rng.range(1.15, 1.35);
    }
    if (t >= this.brakingUntil && this.speedMps > 30 / 3.6 && rate(incidents.harshBrakingPerHour)) {
      this.brakeMps2 = this.rng.range(5, 6.5);
      this.brakingUntil = t + this.rng.range(1.5, 2.5) * 1000;
    }
    this.judgeRedLights(t, driver);
    const speeding = t < this.speedingUntil;
    const factor = speeding ? this.speedingFactor : this.cruise * trafficFactor(t, driver.segment.roadClass);
    const wish: DriveWish = {
      speedFactor: factor,
      stopAtM: this.redLight?.atM ?? null,
      emergencyBrakeMps2: t < this.brakingUntil ? this.brakeMps2 : null,
    };
    const step = driver.step(dtS, wish, this.limits);
    this.position = step.position;
    this.speedMps = step.speedMps;
    if (step.movedM > 0.2) this.course = step.courseDeg;
    if (this.redLight && step.speedMps === 0 && driver.travelledM >= this.redLight.atM - 0.5) {
      this.redLight.greenAt ??= t + this.rng.range(8, 45) * 1000;
      if (t >= this.redLight.greenAt) this.redLight = null;
    }
    if (step.arrived) this.arrive(t, phase.toHome, driver.route.to);
    return step.movedM;
  }

  /** Each junction within 80 m is judged once: red (stop before it for a while) or green. */
  private judgeRedLights(t: number, driver: RouteDriver): void {
    if (this.redLight) return;
    for (const junction of driver.junctionsAhead(80)) {
      if (this.judgedJunctions.has(junction.atM)) continue;
      this.judgedJunctions.add(junction.atM);
      if (this.rng.chance(redLightChance(t, junction.roadClass))) {
        this.redLight = { atM: Math.max(driver.travelledM, junction.atM - 3), greenAt: null };
        return;
      }
    }
  }

  private arrive(t: number, home: boolean, node: number): void {
    this.node = node;
    this.speedMps = 0;
    this.redLight = null;
    if (home && (this.kind === 'truck' || this.kind === 'van')) {
      if (this.health.fuelLevelPercent < 40) this.health = refuel(this.health);
      if (this.health.dtc.length > 0 && this.rng.chance(0.5)) this.health = clearTroubleCodes(this.health);
      this.stopsLeft = this.rng.int(4) + 2;
      this.phase = { name: 'parked', untilT: t + this.dwell(15 * 60, 45 * 60) };
      return;
    }
    this.stopsLeft--;
    const idle = this.kind === 'car' ? this.rng.chance(0.6) : this.kind === 'sweeper' || this.rng.chance(0.3);
    if (idle) this.phase = { name: 'idling', untilT: t + (this.kind === 'sweeper' ? this.dwell(30, 120) : this.dwell(60, 300)) };
    else this.phase = { name: 'parked', untilT: t + this.dwell(4 * 60, 12 * 60) };
  }

  private sample(t: number, ignition: boolean): VehicleSample {
    const moving = this.speedMps > 0.5;
    const accuracyM = this.rng.range(3, moving ? 9 : 6);
    // GPS noise of a fraction of the stated accuracy; none in speed at a standstill.
    const jitter = (accuracyM * 0.3) / 111_000;
    const [lon, lat] = this.position;
    return {
      t,
      latitude: lat + this.rng.range(-jitter, jitter),
      longitude: lon + this.rng.range(-jitter, jitter) * 1.9,
      speedKmh: moving ? this.speedMps * 3.6 : 0,
      course: Math.round(this.course) % 360,
      altitudeM: Math.round(12 + 30 * (1 + Math.sin(lat * 900) * Math.cos(lon * 700))),
      accuracyM: Math.round(accuracyM * 10) / 10,
      ignition,
      moving,
      roadLimitKmh: this.phase.name === 'driving' ? this.phase.driver.segment.speedLimitKmh : null,
      health: this.health,
    };
  }
}
