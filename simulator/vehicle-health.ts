import type { Rng } from './rng.ts';

/**
 * What an OBD-II dongle reads from the vehicle: engine speed, coolant, fuel, battery, odometer,
 * trouble codes. Simple physical shapes, not a car model: coolant warms towards the thermostat
 * and cools when parked, the alternator holds ~14 V while running and a parked battery slowly
 * sags (faster on a worn one), fuel burns per km and per idle hour, codes appear rarely.
 */
export interface HealthState {
  rpm: number;
  coolantTempC: number;
  fuelLevelPercent: number;
  batteryVoltage: number;
  odometerKm: number;
  dtc: string[];
  /** Phone battery (Traccar Client units), percent. */
  phoneBatteryPercent: number;
}

export interface HealthTraits {
  /** A worn battery rests lower and sags faster: the fleet's low-battery alerts come from these. */
  weakBattery: boolean;
  tankLitres: number;
  litresPer100Km: number;
  idleLitresPerHour: number;
  ambientC: number;
}

export interface HealthInput {
  ignition: boolean;
  speedKmh: number;
  accelMps2: number;
  movedM: number;
  dtS: number;
}

// Codes the server's table describes (migration 021): what a delivery fleet typically throws.
export const commonDtcCodes = ['P0300', 'P0301', 'P0171', 'P0420', 'P0128', 'P0442', 'P0455', 'P0113', 'P0506', 'P0562', 'U0100', 'C0035'] as const;

// Gear bands for rpm from speed: (upper km/h, km/h per 1000 rpm).
const gears: [number, number][] = [[15, 8], [30, 15], [50, 24], [70, 33], [95, 42], [Infinity, 52]];

export function initialHealth(rng: Rng, traits: HealthTraits, odometerKm: number): HealthState {
  return {
    rpm: 0,
    coolantTempC: traits.ambientC,
    fuelLevelPercent: rng.range(35, 95),
    // A worn battery has sagged overnight: the first reports of the day already show it.
    batteryVoltage: traits.weakBattery ? rng.range(11.5, 11.78) : rng.range(12.45, 12.7),
    odometerKm,
    dtc: [],
    phoneBatteryPercent: rng.range(45, 100),
  };
}

/** One step of the readings. `rng` decides noise only; incidents (new codes) are the model's call. */
export function stepHealth(state: HealthState, traits: HealthTraits, input: HealthInput, rng: Rng): HealthState {
  const { ignition, speedKmh, dtS } = input;
  const next: HealthState = { ...state, dtc: state.dtc };
  next.odometerKm = state.odometerKm + input.movedM / 1000;
  if (ignition) {
    const gear = gears.find(([upper]) => speedKmh < upper) ?? [Infinity, 52];
    const load = Math.max(0, input.accelMps2) * 350;
    next.rpm = speedKmh < 3 ? 750 + rng.range(-25, 25) : Math.min(4200, Math.max(900, (speedKmh / gear[1]) * 1000 + load + rng.range(-40, 40)));
    // Warm-up with a ~6 minute time constant; the thermostat holds ~90 °C.
    next.coolantTempC = state.coolantTempC + (91 - state.coolantTempC) * (1 - Math.exp(-dtS / 360)) + rng.range(-0.1, 0.1);
    const charging = traits.weakBattery ? 13.5 : 14.1;
    next.batteryVoltage = state.batteryVoltage + (charging - state.batteryVoltage) * (1 - Math.exp(-dtS / 40)) + rng.range(-0.02, 0.02);
    const litres = (input.movedM / 100_000) * traits.litresPer100Km + (speedKmh < 3 ? (traits.idleLitresPerHour * dtS) / 3600 : 0);
    next.fuelLevelPercent = Math.max(0, state.fuelLevelPercent - (litres / traits.tankLitres) * 100);
    next.phoneBatteryPercent = Math.min(100, state.phoneBatteryPercent + dtS / 90);
  } else {
    next.rpm = 0;
    next.coolantTempC = state.coolantTempC + (traits.ambientC - state.coolantTempC) * (1 - Math.exp(-dtS / 1500));
    // Surface charge fades quickly after the engine stops, then a slow sag from standby loads.
    const rest = traits.weakBattery ? 11.9 : 12.6;
    const settled = state.batteryVoltage > rest ? state.batteryVoltage + (rest - state.batteryVoltage) * (1 - Math.exp(-dtS / 120)) : state.batteryVoltage;
    const sagPerHour = traits.weakBattery ? 0.25 : 0.02;
    next.batteryVoltage = Math.max(traits.weakBattery ? 10.9 : 12.1, settled - (sagPerHour * dtS) / 3600);
    next.phoneBatteryPercent = Math.max(3, state.phoneBatteryPercent - dtS / 400);
  }
  return next;
}

/** Refuelling at the depot. */
export function refuel(state: HealthState): HealthState {
  return { ...state, fuelLevelPercent: 100 };
}

/** A new trouble code (one the vehicle does not have yet), or null when it already has them all. */
export function newTroubleCode(state: HealthState, rng: Rng): HealthState | null {
  const candidates = commonDtcCodes.filter((c) => !state.dtc.includes(c));
  if (candidates.length === 0) return null;
  return { ...state, dtc: [...state.dtc, rng.pick(candidates)] };
}

/** The workshop cleared the codes. */
export function clearTroubleCodes(state: HealthState): HealthState {
  return { ...state, dtc: [] };
}
