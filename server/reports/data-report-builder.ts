import { maxReportRows, type ReportSelection } from '../../contract/api/report-schedules.ts';
import { maxReportDetailRows, type DataReportKind, type ReportDocument } from '../../contract/api/reports.ts';
import type { ErrorReasonParams } from '../../contract/error-reasons.ts';
import { dataReport, reportSources } from '../../contract/reports/kinds/data-report.ts';
import { periodRange } from '../../contract/reports/kinds/report-context.ts';
import type { ReportPeriod } from '../../contract/reports/report-periods.ts';
import { localDay } from '../../contract/time/local-day.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { countAlerts, countTrips, countVehicleDays, countVisits, driverNames, readAlerts, readDriverFigures, readTrips, readVehicleDays, readVisits, type RecordsWindow } from './data-report-records.ts';

type Refusal =
  | { reason: 'report-period-reversed'; field: string; params: ErrorReasonParams['report-period-reversed'] }
  | { reason: 'report-period-outside-retention'; field: string; params: ErrorReasonParams['report-period-outside-retention'] }
  | { reason: 'report-selection-invalid'; field: string; params: ErrorReasonParams['report-selection-invalid'] }
  | { reason: 'report-selection-empty'; field: string; params: ErrorReasonParams['report-selection-empty'] }
  | { reason: 'report-too-large'; field: string; params: ErrorReasonParams['report-too-large'] };

/** A report that cannot be made as asked: a code, the field at fault and the limit (the route answers 400). */
export class ReportRefused extends Error {
  readonly refusal: Refusal;
  constructor(message: string, refusal: Refusal) {
    super(message);
    this.refusal = refusal;
  }
}

export interface DataReportOrder {
  kind: DataReportKind;
  period: ReportPeriod;
  selection: ReportSelection;
  driverId?: string | undefined;
  tenantName: string;
  timeZone: string;
  /** Positions and trips older than this are gone (the tenant's setting capped by its plan). */
  retentionDays: number;
  now: number;
}

/** The selection's vehicles (id → name) and how the header names it; refuses unknown ids and empty selections. */
async function selectedVehicles(db: DbSession, s: ReportSelection): Promise<{ vehicles: Map<string, string>; label: string }> {
  const invalid = (field: string, problem: string) => new ReportRefused(`${field} does not fit the selection (${problem})`, { reason: 'report-selection-invalid', field, params: { problem } });
  const empty = (field: string, selection: string) => new ReportRefused(`the ${selection} selection has no vehicles`, { reason: 'report-selection-empty', field, params: { selection } });
  if (s.kind === 'group') {
    const group = await db.query<{ name: string }>('SELECT name FROM groups WHERE id = $1', [s.groupId]);
    const name = group.rows[0]?.name;
    if (name === undefined) throw invalid('groupId', 'group-not-found');
    const rows = await db.query<{ id: string; name: string }>('SELECT id, name FROM devices WHERE group_id = $1', [s.groupId]);
    if (rows.rows.length === 0) throw empty('groupId', 'group');
    return { vehicles: new Map(rows.rows.map((r) => [r.id, r.name])), label: `Group ${name}` };
  }
  if (s.kind === 'vehicles') {
    const ids = s.deviceIds ?? [];
    if (ids.length === 0) throw empty('deviceIds', 'vehicles');
    const rows = await db.query<{ id: string; name: string }>('SELECT id, name FROM devices WHERE id = ANY ($1::uuid[])', [ids]);
    const vehicles = new Map(rows.rows.map((r) => [r.id, r.name]));
    const missing = ids.findIndex((id) => !vehicles.has(id));
    if (missing >= 0) throw invalid(`deviceIds.${missing}`, 'vehicle-not-found');
    const names = [...vehicles.values()].sort();
    return { vehicles, label: names.length <= 3 ? names.join(', ') : `${names.length} vehicles` };
  }
  const rows = await db.query<{ id: string; name: string }>('SELECT id, name FROM devices');
  if (rows.rows.length === 0) throw empty('selection', 'all');
  return { vehicles: new Map(rows.rows.map((r) => [r.id, r.name])), label: 'All vehicles' };
}

/** The period must run forwards and lie inside what the tenant keeps. */
function checkPeriod(order: DataReportOrder): void {
  const { from, to } = order.period;
  if (from > to) throw new ReportRefused(`from (${from}) is after to (${to})`, { reason: 'report-period-reversed', field: 'from', params: { from, to } });
  const today = localDay(order.now, order.timeZone);
  // The oldest day whose trips and alerts are still kept (retention deletes by age).
  const earliest = shiftDay(today, -order.retentionDays);
  if (from < earliest) {
    throw new ReportRefused(`the period starts before ${earliest}: this account keeps ${order.retentionDays} days`, {
      reason: 'report-period-outside-retention', field: 'from', params: { retentionDays: order.retentionDays, earliest },
    });
  }
}
const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * One report of the fleet's records for a period and selection, inside the reader's tenant
 * transaction: checks the period and the selection, counts the rows before reading them (a report
 * over the limit is refused with the count, never cut short), reads the kind's records and lays
 * them out with the builder the console uses too.
 */
export async function buildDataReport(db: DbSession, order: DataReportOrder): Promise<ReportDocument> {
  checkPeriod(order);
  const { vehicles, label } = await selectedVehicles(db, order.selection);
  let driverLabel = '';
  if (order.driverId) {
    const names = await driverNames(db, [order.driverId]);
    const name = names.get(order.driverId);
    if (name === undefined) throw new ReportRefused('driverId is not a driver of this account', { reason: 'report-selection-invalid', field: 'driverId', params: { problem: 'driver-not-found' } });
    driverLabel = `, driven by ${name}`;
  }
  const ctxBase = { period: order.period, timeZone: order.timeZone };
  const { start, end } = periodRange(ctxBase);
  const window: RecordsWindow = { deviceIds: [...vehicles.keys()], start: new Date(start), end: new Date(end), driverId: order.driverId ?? null };
  const { source, alertTypes } = reportSources[order.kind];
  const days = { deviceIds: window.deviceIds, from: order.period.from, to: order.period.to, driverId: window.driverId };
  const tooLarge = (count: number, limit: number) =>
    new ReportRefused(`the report would list ${count} rows; one report lists at most ${limit}`, { reason: 'report-too-large', field: 'to', params: { limit, count } });
  const count = source === 'trips' ? await countTrips(db, window)
    : source === 'alerts' ? await countAlerts(db, window, alertTypes)
    : source === 'visits' ? await countVisits(db, window)
    : source === 'vehicle-days' ? await countVehicleDays(db, days) : 0;
  if (count > maxReportDetailRows) throw tooLarge(count, maxReportDetailRows);
  const trips = source === 'trips' ? await readTrips(db, window, order.kind === 'stops') : [];
  const alerts = source === 'alerts' ? await readAlerts(db, window, alertTypes) : [];
  const visits = source === 'visits' ? await readVisits(db, window) : [];
  const vehicleDays = source === 'vehicle-days' ? await readVehicleDays(db, days) : [];
  const figures = source === 'drivers' ? await readDriverFigures(db, days, order.timeZone) : { drivers: [], count: 0 };
  if (figures.count > maxReportRows) throw tooLarge(figures.count, maxReportRows);
  const drivers = await driverNames(db, [...trips.map((t) => t.driverId), ...alerts.map((a) => a.driverId), ...visits.map((v) => v.driverId)].filter((id): id is string => typeof id === 'string'));
  const distanceUnit = await tenantDistanceUnit(db);
  return dataReport(order.kind, {
    tenantName: order.tenantName, timeZone: order.timeZone, distanceUnit, period: order.period, selection: `${label}${driverLabel}`,
    vehicleNames: vehicles, driverNames: drivers, now: order.now,
  }, { trips, alerts, visits, vehicleDays, drivers: figures.drivers });
}

/** The tenant's distance unit (its current settings; kilometres until it chose). */
async function tenantDistanceUnit(db: DbSession): Promise<'km' | 'mi'> {
  const row = await db.query<{ unit: string | null }>("SELECT settings ->> 'distanceUnit' AS unit FROM tenant_settings_versions ORDER BY version DESC LIMIT 1");
  return row.rows[0]?.unit === 'mi' ? 'mi' : 'km';
}
