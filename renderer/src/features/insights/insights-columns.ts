import type { InsightsDriver, InsightsTotals, InsightsVehicle } from '../../../../contract/api/insights.ts';
import type { Units } from '../../ui/units.ts';
import { duration, fuelText } from './insights-figures.ts';
import type { RankedColumn } from './RankedTable.tsx';

/** The figure columns both rankings share, in the tenant's units. */
function figureColumns<Row extends InsightsTotals & { score: number }>(units: Units): RankedColumn<Row>[] {
  return [
    { title: 'Distance', sort: 'distanceKm', numeric: true, cell: (r) => units.distance(r.distanceKm) },
    { title: 'Driving', sort: 'drivingS', numeric: true, cell: (r) => duration(r.drivingS, units) },
    { title: 'Idle share', sort: 'idleShare', numeric: true, cell: (r) => `${units.number(r.idleShare * 100)} %` },
    { title: 'Days used', sort: 'vehicleDaysUsed', numeric: true, cell: (r) => units.number(r.vehicleDaysUsed) },
    { title: 'Top speed', sort: 'topSpeedKmh', numeric: true, cell: (r) => units.speed(r.topSpeedKmh) },
    { title: 'Over limit', sort: 'overspeedS', numeric: true, cell: (r) => duration(r.overspeedS, units) },
    { title: 'Harsh /100 km', sort: 'harshPer100Km', numeric: true, cell: (r) => units.number(r.harshPer100Km, 1) },
    { title: 'Fuel', sort: 'fuelUsedPct', numeric: true, cell: (r) => fuelText(r.fuelUsedPct, units) },
    { title: 'Score', sort: 'score', numeric: true, cell: (r) => units.number(r.score) },
  ];
}

export function vehicleColumns(units: Units): RankedColumn<InsightsVehicle>[] {
  return [{ title: 'Vehicle', cell: (r) => r.name }, ...figureColumns<InsightsVehicle>(units)];
}

export function driverColumns(units: Units): RankedColumn<InsightsDriver>[] {
  return [{ title: 'Driver', cell: (r) => r.name ?? 'Driver outside your groups' }, ...figureColumns<InsightsDriver>(units)];
}
