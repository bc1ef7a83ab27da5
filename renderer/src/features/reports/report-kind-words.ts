import { dataReportInfo, dataReportKinds, type DataReportKind } from '../../../../contract/api/reports.ts';
import type { ReportKind } from '../../../../contract/api/report-schedules.ts';

/** What each report is called in pickers and lists (the fleet cloud names the data reports the same in its files). */
export const reportKindWords: Record<ReportKind, string> = {
  'fleet-insights': 'Fleet insights',
  ...(Object.fromEntries(dataReportKinds.map((k) => [k, dataReportInfo[k].name])) as Record<DataReportKind, string>),
};

/** One line under the picker saying what a report lists. */
export const reportKindHints: Record<ReportKind, string> = {
  'fleet-insights': 'Distance, driving, idling, speeding and harsh events per day, vehicle and driver, against the previous period.',
  trips: 'Every trip with its start, end, places, distance, time, idling and speeds; a summary per vehicle.',
  stops: 'Every stop between two trips: where, when it began and ended, how long.',
  idling: 'Time standing still with the engine on, per vehicle and per trip.',
  speeding: 'Every overspeed alert: speed, limit, how far over, where; a summary per vehicle.',
  'geofence-visits': 'Every visit of a vehicle to a geofence: who, when it entered and left (or is still inside), how long; totals per geofence.',
  'dtc-history': 'Diagnostic trouble codes the vehicles reported, with descriptions and status.',
  'daily-summary': 'The fleet’s totals per day and every vehicle’s day: distance, driving, idling, stops, speeding, harsh events.',
  'driver-scorecard': 'Every driver’s score with the figures it is made of, lowest first.',
};
