import type { AlertType } from '../../api/alerts.ts';
import type { InsightsDriver } from '../../api/insights.ts';
import type { DataReportKind, ReportDocument } from '../../api/reports.ts';
import type { InsightsReport } from '../insights-report.ts';
import { dailySummaryReport } from './daily-summary-report.ts';
import { driverScorecardReport } from './driver-scorecard-report.ts';
import { dtcReport } from './dtc-report.ts';
import { idlingReport } from './idling-report.ts';
import { geofenceVisitsReport } from './geofence-visits-report.ts';
import type { ReportAlert, ReportContext, ReportTrip, ReportVehicleDay, ReportVisit } from './report-context.ts';
import { speedingReport } from './speeding-report.ts';
import { stopsReport } from './stops-report.ts';
import { tripsReport } from './trips-report.ts';

/**
 * Which records each kind is made of: trips (trips, stops, idling), alerts of some types
 * (speeding, DTC history), geofence visits, the daily figures per vehicle-day (daily summary) or
 * per driver (driver scorecard). The fleet cloud reads just these; the console's engine knows from
 * it whether its cache holds what a report needs (it caches trips and alerts).
 */
export type ReportSource = 'trips' | 'alerts' | 'visits' | 'vehicle-days' | 'drivers';
export const reportSources: Record<DataReportKind, { source: ReportSource; alertTypes: readonly AlertType[] }> = {
  trips: { source: 'trips', alertTypes: [] },
  stops: { source: 'trips', alertTypes: [] },
  idling: { source: 'trips', alertTypes: [] },
  speeding: { source: 'alerts', alertTypes: ['overspeed'] },
  'dtc-history': { source: 'alerts', alertTypes: ['dtc'] },
  'geofence-visits': { source: 'visits', alertTypes: [] },
  'daily-summary': { source: 'vehicle-days', alertTypes: [] },
  'driver-scorecard': { source: 'drivers', alertTypes: [] },
};

export interface ReportRecords {
  trips: readonly ReportTrip[];
  alerts: readonly ReportAlert[];
  visits: readonly ReportVisit[];
  vehicleDays: readonly ReportVehicleDay[];
  drivers: readonly InsightsDriver[];
}

/** The rows a report of `kind` lists (trips, stops, episodes, codes): what the row limit counts. */
export function detailRows(report: InsightsReport): number {
  return report.tables.at(-1)?.rows.length ?? 0;
}

/** The report of `kind` from its records: the one builder the fleet cloud and the console both call. */
export function dataReport(kind: DataReportKind, ctx: ReportContext, records: ReportRecords): ReportDocument {
  switch (kind) {
    case 'trips':
      return { kind, ...tripsReport(ctx, records.trips) };
    case 'stops':
      return { kind, ...stopsReport(ctx, records.trips) };
    case 'idling':
      return { kind, ...idlingReport(ctx, records.trips) };
    case 'speeding':
      return { kind, ...speedingReport(ctx, records.alerts) };
    case 'geofence-visits':
      return { kind, ...geofenceVisitsReport(ctx, records.visits) };
    case 'dtc-history':
      return { kind, ...dtcReport(ctx, records.alerts) };
    case 'daily-summary':
      return { kind, ...dailySummaryReport(ctx, records.vehicleDays) };
    case 'driver-scorecard':
      return { kind, ...driverScorecardReport(ctx, records.drivers) };
  }
}
