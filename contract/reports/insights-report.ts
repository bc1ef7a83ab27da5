import type { InsightsDriver, InsightsResponse, InsightsTotals, InsightsVehicle } from '../api/insights.ts';
import { csvCell } from './csv.ts';

/**
 * The fleet insights report as tables of plain values — the one model behind every report file
 * (CSV, XLSX and PDF, in the console and in the fleet cloud's scheduled e-mail). Values stay
 * metric, times in hours, so a spreadsheet can sum them; the column titles carry the units.
 */
export type ReportCell = string | number | null;
export interface ReportTable {
  /** Sheet name (≤ 31 characters, Excel's limit) and section title. */
  name: string;
  columns: string[];
  rows: ReportCell[][];
}
/** One headline figure (the PDF's boxes): its value and change, already written out. */
export interface ReportHeadline {
  label: string;
  value: string;
  /** "+12 %" against the previous period; null when there is nothing to compare with. */
  change: string | null;
  /**
   * A line under the value in place of the comparison, for reports that compare with nothing
   * ("in 42 trips"); absent in the insights report, which always compares.
   */
  note?: string;
}
/** A time series drawn as a chart: one value per day for each series, in the chart's unit. */
export interface ReportChart {
  title: string;
  unit: string;
  days: string[];
  series: { label: string; kind: 'bars' | 'line'; values: number[] }[];
}
export interface InsightsReport {
  title: string;
  /** One line under the title: the period, the selection, its zone and what it is compared with. */
  subtitle: string;
  /** Who and what the report covers (every PDF page's header, the e-mail's subject). */
  meta: {
    tenant: string;
    from: string;
    to: string;
    selection: string;
    /** The report's kind in file names ("trips"); absent: "insights". */
    kind?: string;
    /** The report's name in every PDF page's header and the e-mail ("Trips"); absent: "Fleet insights". */
    name?: string;
  };
  headline: ReportHeadline[];
  charts: ReportChart[];
  tables: ReportTable[];
}

/** What a fuel figure says when no vehicle of the selection sent a fuel level. */
export const notReported = 'not reported';

const hours = (seconds: number) => Math.round((seconds / 3600) * 100) / 100;
const pct = (share: number) => Math.round(share * 1000) / 10;

/** Figure columns shared by the vehicle and driver tables (with their units). */
const figureColumns = ['Distance (km)', 'Driving (h)', 'Idle (h)', 'Idle share (%)', 'Days used', 'Avg speed (km/h)', 'Top speed (km/h)', 'Over limit (h)', 'Over-limit episodes', 'Harsh events per 100 km', 'Fuel used (% of tank)', 'After hours (h)', 'Score'];
/** Numbers as a report writes them in words (headline boxes): grouped thousands, at most `digits` decimals. */
const numberFormats = new Map<number, Intl.NumberFormat>();
export function reportNumber(value: number, digits = 1): string {
  let format = numberFormats.get(digits);
  if (!format) numberFormats.set(digits, (format = new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits })));
  return format.format(value);
}

function figureCells(t: InsightsTotals & { score: number }): ReportCell[] {
  return [t.distanceKm, hours(t.drivingS), hours(t.idleS), pct(t.idleShare), t.vehicleDaysUsed, t.avgSpeedKmh, t.topSpeedKmh, hours(t.overspeedS), t.overspeedEvents, t.harshPer100Km, t.fuelUsedPct, hours(t.afterHoursS), t.score];
}

const changePct = (now: number | null, before: number | null) => (now === null || before === null || before === 0 ? null : Math.round(((now - before) / before) * 1000) / 10);

/** The headline boxes: the figures a manager reads first, with their change. */
function headline(r: InsightsResponse): ReportHeadline[] {
  const t = r.totals;
  const p = r.previous;
  const box = (label: string, value: string, now: number | null, before: number | null): ReportHeadline => {
    const c = changePct(now, before);
    return { label, value, change: c === null ? null : `${c > 0 ? '+' : c < 0 ? '−' : '±'}${reportNumber(Math.abs(c), 0)} %` };
  };
  const alerts = Object.values(r.alertsByType).reduce((sum, n) => sum + n, 0);
  return [
    box('Distance', `${reportNumber(t.distanceKm, 0)} km`, t.distanceKm, p.distanceKm),
    box('Driving time', `${reportNumber(hours(t.drivingS), 1)} h`, t.drivingS, p.drivingS),
    box('Vehicles that drove', `${reportNumber(t.vehiclesUsed, 0)} of ${reportNumber(r.vehicleCount, 0)}`, t.vehiclesUsed, p.vehiclesUsed),
    box('Idling', `${reportNumber(hours(t.idleS), 1)} h (${reportNumber(pct(t.idleShare), 1)} %)`, t.idleS, p.idleS),
    box('Over the speed limit', `${reportNumber(hours(t.overspeedS), 1)} h`, t.overspeedS, p.overspeedS),
    box('Harsh events /100 km', reportNumber(t.harshPer100Km, 2), t.harshPer100Km, p.harshPer100Km),
    box('Fuel used', t.fuelUsedPct === null ? notReported : `${reportNumber(t.fuelUsedPct, 1)} % of a tank`, t.fuelUsedPct, p.fuelUsedPct),
    box('Trips · alerts', `${reportNumber(r.trips, 0)} · ${reportNumber(alerts, 0)}`, null, null),
  ];
}

/**
 * The report of one insights answer and every vehicle and driver of its period (all pages).
 * `selection` says which vehicles it covers ("All vehicles", "Group North depot", "3 vehicles").
 */
export function insightsReport(tenantName: string, r: InsightsResponse, vehicles: readonly InsightsVehicle[], drivers: readonly InsightsDriver[], selection = 'All vehicles'): InsightsReport {
  const summaryRow = (label: string, now: number | null, before: number | null): ReportCell[] => [label, now ?? notReported, before ?? notReported, changePct(now, before)];
  const t = r.totals;
  const p = r.previous;
  const days = r.series.map((d) => d.day);
  return {
    title: `${tenantName} — fleet insights ${r.from} to ${r.to}`,
    subtitle: `${selection}. Days in ${r.timeZone}; compared with ${r.previousFrom} to ${r.previousTo}.`,
    meta: { tenant: tenantName, from: r.from, to: r.to, selection },
    headline: headline(r),
    charts: [
      { title: 'Distance per day', unit: 'km', days, series: [{ label: 'Distance', kind: 'bars', values: r.series.map((d) => d.distanceKm) }] },
      {
        title: 'Driving and idling per day',
        unit: 'h',
        days,
        series: [
          { label: 'Driving', kind: 'bars', values: r.series.map((d) => hours(d.drivingS)) },
          { label: 'Idling', kind: 'line', values: r.series.map((d) => hours(d.idleS)) },
        ],
      },
    ],
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
