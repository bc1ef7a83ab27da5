import { demoTenants, type DemoTenant } from './demo-accounts.ts';
import { demoId } from './demo-ids.ts';

export interface DemoGroup {
  tenant: DemoTenant;
  id: string;
  name: string;
}

/** A last report, relative to seed time so statuses stay as designed on every start. */
export interface DemoReport {
  secondsAgo: number;
  latitude: number;
  longitude: number;
  speedKmh: number;
  course: number;
}

export interface DemoDevice {
  tenant: DemoTenant;
  id: string;
  uniqueId: string;
  name: string;
  plate: string | null;
  vehicleType: string;
  group: DemoGroup | null;
  /** null: never reported a fix (status unknown). */
  report: DemoReport | null;
}

const group = (tenant: DemoTenant, name: string): DemoGroup => ({ tenant, id: demoId(`group:${tenant.name}:${name}`), name });

export const demoGroups = {
  northDepot: group(demoTenants.gothenburgFreight, 'North depot'),
  southDepot: group(demoTenants.gothenburgFreight, 'South depot'),
  airport: group(demoTenants.harbourTaxi, 'Airport'),
  sanitation: group(demoTenants.cityUtilities, 'Sanitation'),
} as const;

type Row = [name: string, uniqueId: string, plate: string | null, vehicleType: string, group: DemoGroup | null, report: DemoReport | null];
const at = (secondsAgo: number, latitude: number, longitude: number, speedKmh: number, course: number): DemoReport => ({
  secondsAgo,
  latitude,
  longitude,
  speedKmh,
  course,
});

// Positions are in Gothenburg (the road network the simulator will use later).
const { northDepot, southDepot, airport, sanitation } = demoGroups;
const fleets: [DemoTenant, Row[]][] = [
  [
    demoTenants.gothenburgFreight,
    [
      ['GF Truck 01', '356938035643801', 'ABC 123', 'truck', northDepot, at(20, 57.7089, 11.9746, 52, 84)],
      ['GF Truck 02', '356938035643802', 'DEF 456', 'truck', northDepot, at(45, 57.7356, 11.9412, 0, 0)],
      ['GF Truck 03', '356938035643803', 'GHJ 789', 'van', northDepot, at(12, 57.7521, 12.0134, 38.5, 201)],
      ['GF Truck 04', '356938035643804', 'KLM 234', 'truck', southDepot, at(3 * 3600, 57.6712, 11.9387, 0, 90)],
      ['GF Truck 05', '356938035643805', 'NOP 567', 'van', southDepot, at(90, 57.6598, 11.9921, 1.2, 310)],
      ['GF Truck 06', '356938035643806', 'RST 890', 'truck', southDepot, null],
    ],
  ],
  [
    demoTenants.harbourTaxi,
    [
      ['Taxi 101', '861234050000101', 'TAX 101', 'car', airport, at(8, 57.6962, 11.9868, 44, 132)],
      ['Taxi 102', '861234050000102', 'TAX 102', 'car', airport, at(30, 57.7068, 11.9671, 0, 0)],
      ['Taxi 103', '861234050000103', 'TAX 103', 'car', airport, at(15, 57.7245, 12.0451, 61, 45)],
      ['Taxi 104', '861234050000104', 'TAX 104', 'car', null, at(2 * 86400, 57.6889, 11.9183, 0, 270)],
      ['Taxi 105', '861234050000105', 'TAX 105', 'car', null, at(5, 57.7170, 11.8894, 27, 350)],
    ],
  ],
  [
    demoTenants.cityUtilities,
    [
      ['Sweeper 1', '490154203237518', 'CTY 001', 'sweeper', sanitation, at(25, 57.7003, 11.9535, 8, 180)],
      ['Sweeper 2', '490154203237519', 'CTY 002', 'sweeper', sanitation, at(60, 57.7129, 12.0811, 0, 0)],
      ['Sweeper 3', '490154203237520', 'CTY 003', 'sweeper', sanitation, at(40, 57.6805, 12.0022, 2, 75)],
      ['Sweeper 4', '490154203237521', null, 'sweeper', null, null],
    ],
  ],
];

export const demoDevices: DemoDevice[] = fleets.flatMap(([tenant, rows]) =>
  rows.map(([name, uniqueId, plate, vehicleType, deviceGroup, report]) => ({
    tenant,
    id: demoId(`device:${uniqueId}`),
    uniqueId,
    name,
    plate,
    vehicleType,
    group: deviceGroup,
    report,
  })),
);
