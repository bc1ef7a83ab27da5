import { Type, type Static } from 'typebox';
import { IsoDate, Uuid } from './ids.ts';

/**
 * Reports over the fleet's records and daily figures (issue 13 item 4): one kind each, for a
 * period and a selection, answered as the report model every writer shares (contract/reports/insights-report.ts:
 * title, subtitle, meta, headline, charts, tables). `GET /api/reports?kind=…` (reports.read);
 * the fleet insights report stays on /api/insights, which the console turns into its report itself.
 */
export const dataReportKinds = ['trips', 'stops', 'idling', 'speeding', 'geofence-visits', 'dtc-history', 'daily-summary', 'driver-scorecard'] as const;
export type DataReportKind = (typeof dataReportKinds)[number];

/** What each kind is called (PDF headers, e-mail, pickers) and whether the console can make it offline. */
export const dataReportInfo: Record<DataReportKind, { name: string; offline: boolean }> = {
  trips: { name: 'Trips', offline: true },
  stops: { name: 'Stops', offline: true },
  idling: { name: 'Idling', offline: true },
  speeding: { name: 'Speeding', offline: true },
  'dtc-history': { name: 'DTC history', offline: true },
  // From the fleet cloud's visit records (decision 0355), which the console does not cache: online only.
  'geofence-visits': { name: 'Geofence visits', offline: false },
  // From the daily figures, which the console keeps only per insights question: online only.
  'daily-summary': { name: 'Daily summary', offline: false },
  'driver-scorecard': { name: 'Driver scorecard', offline: false },
};

/**
 * The most detail rows (trips, stops, episodes) one report lists. A larger report is refused with
 * this limit and its count (`report-too-large`): a shorter period or a smaller selection fits.
 */
export const maxReportDetailRows = 100_000;
/** The most vehicles one request may list by hand (a larger selection is a group or the fleet). */
export const maxReportVehicles = 500;

/** Comma-separated vehicle ids in a query string (`deviceIds=a,b`). */
const DeviceIdList = Type.String({ pattern: '^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36})*$', maxLength: maxReportVehicles * 37 });

/**
 * GET /api/reports — one report of `kind` for the days [from, to] (calendar days in the tenant's
 * time zone, both included), for the whole fleet, a group, a list of vehicles or one driver's trips
 * (at most one of groupId / deviceIds; driverId may narrow either). Refused with a reason naming
 * the field: report-period-reversed (from after to), report-period-outside-retention (params
 * retentionDays, earliest), report-selection-invalid, report-selection-empty, report-too-large
 * (params limit, count).
 */
export const ReportQuery = Type.Object(
  {
    kind: Type.Enum(dataReportKinds),
    from: IsoDate,
    to: IsoDate,
    groupId: Type.Optional(Uuid),
    deviceIds: Type.Optional(DeviceIdList),
    driverId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;

const Cell = Type.Union([Type.String(), Type.Number(), Type.Null()]);

/** The report model as it travels (the same shape as contract/reports' InsightsReport). */
export const ReportDocument = Type.Object({
  kind: Type.Enum(dataReportKinds),
  title: Type.String(),
  subtitle: Type.String(),
  meta: Type.Object({
    tenant: Type.String(),
    from: IsoDate,
    to: IsoDate,
    selection: Type.String(),
    kind: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
  }),
  headline: Type.Array(Type.Object({ label: Type.String(), value: Type.String(), change: Type.Union([Type.String(), Type.Null()]), note: Type.Optional(Type.String()) })),
  charts: Type.Array(
    Type.Object({
      title: Type.String(),
      unit: Type.String(),
      days: Type.Array(IsoDate),
      series: Type.Array(Type.Object({ label: Type.String(), kind: Type.Enum(['bars', 'line']), values: Type.Array(Type.Number()) })),
    }),
  ),
  tables: Type.Array(Type.Object({ name: Type.String(), columns: Type.Array(Type.String()), rows: Type.Array(Type.Array(Cell)) })),
});
export type ReportDocument = Static<typeof ReportDocument>;
