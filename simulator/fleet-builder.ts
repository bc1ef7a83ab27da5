import { demoDevices, type DemoDevice } from '../demo/demo-fleet.ts';
import { demoUnits } from '../demo/demo-registry.ts';
import { depots, landmarks, type Place } from './places.ts';
import type { Protocol } from './report-encoders.ts';
import type { Rng } from './rng.ts';
import { distanceM, NodeLocator, type LonLat, type RoadGraph } from './road-graph.ts';
import { VehicleModel, type IncidentRates, type VehicleKind } from './vehicle-model.ts';

/** One unit the simulator drives: how it reports, what vehicle it sits in, where it is based. */
export interface SimDevice {
  uniqueId: string;
  protocol: Protocol;
  kind: VehicleKind;
  home: Place;
  /** Where it stands at the start; default: home. */
  start?: LonLat;
}

export interface SimVehicle {
  device: SimDevice;
  model: VehicleModel;
}

const phoneProtocols: Protocol[] = ['osmand-get', 'osmand-form', 'osmand-json'];

function kindOf(vehicleType: string): VehicleKind {
  return vehicleType === 'truck' || vehicleType === 'van' || vehicleType === 'sweeper' ? vehicleType : 'car';
}

function demoHome(d: DemoDevice): Place {
  if (d.group?.name === 'North depot') return depots.north;
  if (d.group?.name === 'South depot') return depots.south;
  if (d.tenant.name === 'Harbour Taxi') return depots.taxiRank;
  if (d.tenant.name === 'City Utilities') return depots.utilities;
  return depots.north;
}

/**
 * The demo seed's units that are assigned to a tenant (so ingest accepts them), with the
 * protocol their registry model implies: OBD-II dongles use the batch endpoint, phones running
 * Traccar Client rotate through query GET, form POST and JSON. Trucks and vans start at their
 * depot (so leaving it crosses its geofence); taxis and sweepers where the seed last saw them.
 */
export function demoSimDevices(): SimDevice[] {
  let phone = 0;
  return demoUnits.flatMap((unit): SimDevice[] => {
    const device = demoDevices.find((d) => d.id === unit.deviceId);
    if (!unit.tenantId || !device) return [];
    const kind = kindOf(device.vehicleType);
    const protocol = unit.model === 'OBD-II dongle' ? 'obd-batch' : (phoneProtocols[phone++ % phoneProtocols.length] as Protocol);
    const home = demoHome(device);
    const start: LonLat | undefined = device.report && kind !== 'truck' && kind !== 'van' ? [device.report.longitude, device.report.latitude] : undefined;
    return [{ uniqueId: unit.uniqueId, protocol, kind, home, ...(start ? { start } : {}) }];
  });
}

/**
 * Extra units for large fleets (`--provision`): 70 % Traccar Client phones split over the three
 * OsmAnd encodings, 30 % OBD-II dongles; homes spread over depots and landmarks.
 */
export function provisionedSimDevices(uniqueIds: readonly string[]): SimDevice[] {
  const homes: Place[] = [...Object.values(depots), ...landmarks];
  return uniqueIds.map((uniqueId, i) => {
    const slot = i % 10;
    const obd = slot >= 7;
    return {
      uniqueId,
      protocol: obd ? 'obd-batch' : (phoneProtocols[slot % 3] as Protocol),
      kind: obd ? (i % 2 === 0 ? 'truck' : 'van') : i % 3 === 0 ? 'van' : 'car',
      home: homes[i % homes.length] as Place,
    };
  });
}

/** Road classes where deliveries and fares end (not motorways). */
const destinationClasses = new Set(['residential', 'tertiary', 'unclassified', 'secondary', 'service', 'living_street']);

/** Builds every vehicle's model: destinations are landmarks plus customers at seeded random streets. */
export function buildVehicles(graph: RoadGraph, devices: readonly SimDevice[], incidents: IncidentRates, rng: Rng, t: number): SimVehicle[] {
  const locator = new NodeLocator(graph);
  const streetNodes = graph.out.flatMap((edges, node) => (edges.some((e) => destinationClasses.has(e.roadClass)) ? [node] : []));
  const customerRng = rng.fork('customers');
  const customers = Array.from({ length: 80 }, () => customerRng.pick(streetNodes));
  const shared = [...landmarks.map((p) => locator.nearest(p.at)), ...customers];
  const nearHome = new Map<number, number[]>();
  return devices.map((device) => {
    const home = locator.nearest(device.home.at);
    const start = device.start ? locator.nearest(device.start) : home;
    let destinations = shared;
    if (device.kind === 'sweeper') {
      // Sweepers work the streets around their yard, not the whole city.
      let around = nearHome.get(home);
      if (!around) {
        const centre = graph.nodes[home] as LonLat;
        around = streetNodes.filter((n) => distanceM(centre, graph.nodes[n] as LonLat) < 2500 && n !== home).filter((_, i) => i % 7 === 0);
        nearHome.set(home, around);
      }
      destinations = around.length > 0 ? around : shared;
    }
    const model = new VehicleModel(
      { kind: device.kind, obd: device.protocol === 'obd-batch', graph, home, start, destinations, incidents, rng: rng.fork(`vehicle:${device.uniqueId}`) },
      t,
    );
    return { device, model };
  });
}
