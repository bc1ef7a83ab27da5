import type { ReportQuery } from '../../../contract/api/reports.ts';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { ConsoleReport } from '../../../contract/bridge/domains/reports-domain.ts';
import { dataReport, reportSources } from '../../../contract/reports/kinds/data-report.ts';
import { periodRange } from '../../../contract/reports/kinds/report-context.ts';
import { localDay } from '../../../contract/time/local-day.ts';
import { alertsOpenedBetween } from '../cache/report-records.ts';
import { listTrips } from '../cache/trips-store.ts';
import type { WorkspaceCache } from '../cache/workspace-cache.ts';

export interface OfflineReportInput {
  workspaceId: string;
  tenantName: string;
  query: ReportQuery;
  /** Days of trips the cache keeps (the sync's trip window). */
  tripWindowDays: number;
  now: number;
}

// With a day the period's start is at fault; without one, the kind itself needs the fleet cloud.
const notOffline = (kind: string, earliest: string, message: string) =>
  new BridgeError('server-unreachable', message, earliest ? 'from' : 'kind', { reason: 'report-not-offline', params: { kind, earliest } });

/**
 * A report made from the workspace's cache while the fleet cloud cannot be reached, with the
 * builder the fleet cloud uses (contract/reports/kinds). Made only when the cache holds the kind's
 * records for the whole period — trips for the sync's trip window, alerts since the first sync —
 * so an offline report is never silently shorter than the online one; otherwise it fails with the
 * oldest day it could cover. Driver names are not cached: drivers show as "name not on this computer".
 */
export function offlineReport(cache: WorkspaceCache, input: OfflineReportInput): ConsoleReport {
  const { query: q } = input;
  const { source, alertTypes } = reportSources[q.kind];
  const settings = cache.settings()?.settings;
  const synced = (list: string) => cache.getState(`since.${list}`) !== null;
  // The daily figures are kept only per insights question, never whole: those kinds need the fleet cloud.
  if (!settings || (source !== 'trips' && source !== 'alerts') || !synced(source)) {
    throw notOffline(q.kind, '', 'This report needs data that is not on this computer; reconnect to make it.');
  }
  const timeZone = settings.timeZone;
  if (source === 'trips') {
    // The sync keeps trips that ended within the window; the first whole day in it is the next one.
    const earliest = localDay(input.now - (input.tripWindowDays - 1) * 86_400_000, timeZone);
    if (q.from < earliest) throw notOffline(q.kind, earliest, `Offline, trips are on this computer from ${earliest} only.`);
  }
  if (q.driverId !== undefined && source === 'alerts') {
    throw notOffline(q.kind, '', 'Offline, alerts cannot be filtered by driver: the assignments are not on this computer.');
  }
  const devices = cache.devices().filter((d) => {
    if (q.groupId !== undefined) return d.groupId === q.groupId;
    if (q.deviceIds !== undefined) return q.deviceIds.toLowerCase().split(',').includes(d.id);
    return true;
  });
  if (devices.length === 0) {
    throw new BridgeError('invalid-input', 'The selection has no vehicles on this computer.', q.groupId ? 'groupId' : 'deviceIds', {
      reason: 'report-selection-empty', params: { selection: q.groupId ? 'group' : q.deviceIds ? 'vehicles' : 'all' },
    });
  }
  const vehicleNames = new Map(devices.map((d) => [d.id, d.name]));
  const { start, end } = periodRange({ period: { from: q.from, to: q.to }, timeZone });
  // Trips from the period's start on: those after it close the last stops, the builders filter the rest.
  const trips = source === 'trips'
    ? listTrips(cache.db, { from: start, to: Number.MAX_SAFE_INTEGER }).filter((t) => vehicleNames.has(t.deviceId) && (q.driverId === undefined || t.driverId === q.driverId))
    : [];
  const alerts = alertsOpenedBetween(cache.db, alertTypes, start, end).filter((a) => vehicleNames.has(a.deviceId));
  const group = q.groupId !== undefined ? devices[0]?.groupName : undefined;
  const names = [...vehicleNames.values()].sort();
  const selection = q.groupId !== undefined ? `Group ${group ?? ''}` : q.deviceIds !== undefined ? (names.length <= 3 ? names.join(', ') : `${names.length} vehicles`) : 'All vehicles';
  const report = dataReport(q.kind, {
    tenantName: input.tenantName, timeZone, distanceUnit: settings.distanceUnit, period: { from: q.from, to: q.to }, selection: q.driverId ? `${selection}, one driver` : selection,
    vehicleNames, driverNames: new Map(), unknownDriver: 'name not on this computer', now: input.now,
    note: `Made offline from the data on this computer (${localDay(input.now, timeZone)}).`,
  }, { trips, alerts, visits: [], vehicleDays: [], drivers: [] });
  return { ...report, workspaceId: input.workspaceId, fromCache: true };
}
