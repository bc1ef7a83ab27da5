import type { InsightsDriver, InsightsResponse, InsightsVehicle } from '../../contract/api/insights.ts';
import { maxInsightsPage } from '../../contract/api/insights.ts';
import { maxReportRows, type ReportSelection } from '../../contract/api/report-schedules.ts';
import { insightsReport, type InsightsReport } from '../../contract/reports/insights-report.ts';
import type { ReportPeriod } from '../../contract/reports/report-periods.ts';
import type { DbSession } from '../db/fleet-db.ts';
import { fleetInsights } from '../routes/api/insights/insights-repository.ts';

/** A selection with more vehicles than one report lists (maxReportRows). */
export class ReportTooLarge extends Error {
  readonly vehicles: number;
  constructor(vehicles: number) {
    super(`the selection has ${vehicles} vehicles; a report lists at most ${maxReportRows}`);
    this.vehicles = vehicles;
  }
}

/** How the report's header names the selection: the whole fleet, a group by name, or the vehicles by name (a few) or count. */
async function selectionLabel(db: DbSession, selection: ReportSelection): Promise<string> {
  if (selection.kind === 'group') {
    const group = await db.query<{ name: string }>('SELECT name FROM groups WHERE id = $1', [selection.groupId]);
    return `Group ${group.rows[0]?.name ?? '(removed)'}`;
  }
  if (selection.kind === 'vehicles') {
    const names = await db.query<{ name: string }>('SELECT name FROM devices WHERE id = ANY ($1::uuid[]) ORDER BY name', [selection.deviceIds ?? []]);
    const n = selection.deviceIds?.length ?? 0;
    return n <= 3 && names.rows.length === n ? names.rows.map((r) => r.name).join(', ') : `${n} vehicles`;
  }
  return 'All vehicles';
}

/**
 * The fleet insights report of one period and selection, read from the daily figures the way
 * the console reads them (GET /api/insights, ranked by distance), every page of vehicles and
 * drivers. Runs inside a tenant session; RLS applies as for any request.
 */
export async function buildInsightsReport(db: DbSession, input: { tenantName: string; timeZone: string; selection: ReportSelection; period: ReportPeriod }): Promise<InsightsReport> {
  const { selection, period, timeZone } = input;
  const vehicles: InsightsVehicle[] = [];
  const drivers: InsightsDriver[] = [];
  let answer: InsightsResponse | null = null;
  for (let offset = 0; offset < maxReportRows; offset += maxInsightsPage) {
    const page = await fleetInsights(
      db,
      { from: period.from, to: period.to, limit: maxInsightsPage, offset, ...(selection.kind === 'group' && selection.groupId ? { groupId: selection.groupId } : {}) },
      timeZone,
      selection.kind === 'vehicles' ? { deviceIds: selection.deviceIds ?? [] } : {},
    );
    if (page.vehicleCount > maxReportRows) throw new ReportTooLarge(page.vehicleCount);
    answer ??= page;
    vehicles.push(...page.vehicles);
    drivers.push(...page.drivers);
    if (offset + maxInsightsPage >= Math.max(page.vehicleCount, page.driverCount)) break;
  }
  if (!answer) throw new Error('no insights page was read');
  return insightsReport(input.tenantName, answer, vehicles, drivers, await selectionLabel(db, selection));
}
