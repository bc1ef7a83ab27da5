import type { InsightsDriver, InsightsResponse, InsightsTotals, InsightsVehicle } from '../api/insights.ts';
import { csvCell } from './csv.ts';

/**
 * The fleet insights report as tables of plain values — the one model behind the console's CSV
 * and XLSX exports (and any mailed report). Values stay metric, times in hours, so a spreadsheet
 * can sum them; the column titles carry the units.
 */
export type ReportCell = string | number | null;
export interface ReportTable {
  /** Sheet name (≤ 31 characters, Excel's limit) and section title. */
  name: string;
  columns: string[];
  rows: ReportCell[][];
}
export interface InsightsReport {
  title: string;
  /** One line under the title: the period, its zone and what it is compared with. */
  subtitle: string;
  tables: ReportTable[];
}

const hours = (seconds: number) => Math.round((seconds / 3600) * 100) / 100;
const pct = (share: number) => Math.round(share * 1000) / 10;

/** Figure columns shared by the vehicle and driver tables (with their units). */
const figureColumns = ['Distance (km)', 'Driving (h)', 'Idle (h)', 'Idle share (%)', 'Days used', 'Avg speed (km/h)', 'Top speed (km/h)', 'Over limit (h)', 'Over-limit episodes', 'Harsh events per 100 km', 'Fuel used (% of tank)', 'After hours (h)', 'Score'];
function figureCells(t: InsightsTotals & { score: number }): ReportCell[] {
  return [t.distanceKm, hours(t.drivingS), hours(t.idleS), pct(t.idleShare), t.vehicleDaysUsed, t.avgSpeedKmh, t.topSpeedKmh, hours(t.overspeedS), t.overspeedEvents, t.harshPer100Km, t.fuelUsedPct, hours(t.afterHoursS), t.score];
}

export function insightsReport(tenantName: string, r: InsightsResponse, vehicles: readonly InsightsVehicle[], drivers: readonly InsightsDriver[]): InsightsReport {
  const summaryRow = (label: string, now: number, before: number): ReportCell[] => [label, now, before, before === 0 ? null : Math.round(((now - before) / before) * 1000) / 10];
  const t = r.totals;
  const p = r.previous;
  return {
    title: `${tenantName} — fleet insights ${r.from} to ${r.to}`,
    subtitle: `Days in ${r.timeZone}; compared with ${r.previousFrom} to ${r.previousTo}.`,
    tables: [
      {
        name: 'Summary',
        columns: ['Figure', `${r.from} – ${r.to}`, `${r.previousFrom} – ${r.previousTo}`, 'Change (%)'],
        rows: [
          summaryRow('Distance (km)', t.distanceKm, p.distanceKm),
          summaryRow('Driving (h)', hours(t.drivingS), hours(p.drivingS)),
          summaryRow('Idle (h)', hours(t.idleS), hours(p.idleS)),
          summaryRow('Idle share (%)', pct(t.idleShare), pct(p.idleShare)),
          summaryRow('Vehicles that drove', t.vehiclesUsed, p.vehiclesUsed),
          summaryRow('Vehicle-days used', t.vehicleDaysUsed, p.vehicleDaysUsed),
          summaryRow('Over limit (h)', hours(t.overspeedS), hours(p.overspeedS)),
          summaryRow('Harsh events per 100 km', t.harshPer100Km, p.harshPer100Km),
          summaryRow('Fuel used (% of tank)', t.fuelUsedPct, p.fuelUsedPct),
          summaryRow('After hours (h)', hours(t.afterHoursS), hours(p.afterHoursS)),
          ['Trips', r.trips, null, null],
          ...Object.entries(r.alertsByType).sort((a, b) => b[1] - a[1]).map(([type, n]): ReportCell[] => [`Alerts: ${type.replaceAll('_', ' ')}`, n, null, null]),
        ],
      },
      {
        name: 'Per day',
        columns: ['Day', 'Distance (km)', 'Driving (h)', 'Idle (h)', 'Over limit (h)', 'Harsh events', 'Vehicles that drove'],
        rows: r.series.map((d) => [d.day, d.distanceKm, hours(d.drivingS), hours(d.idleS), hours(d.overspeedS), d.harshEvents, d.vehiclesUsed]),
      },
      { name: 'Vehicles', columns: ['Vehicle', ...figureColumns], rows: vehicles.map((v) => [v.name, ...figureCells(v)]) },
      { name: 'Drivers', columns: ['Driver', ...figureColumns], rows: drivers.map((d) => [d.name ?? 'Driver outside your groups', ...figureCells(d)]) },
    ],
  };
}

/** The report as one CSV: a title line, then each table under its name, a blank line between. */
export function reportToCsv(report: InsightsReport): string {
  const lines = [csvCell(report.title), csvCell(report.subtitle)];
  for (const table of report.tables) {
    lines.push('', csvCell(table.name), table.columns.map(csvCell).join(','));
    for (const row of table.rows) lines.push(row.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
