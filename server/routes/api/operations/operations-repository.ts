import {
  lowBatteryPercent,
  lowBatteryVolts,
  type IngestBucket,
  type OperationsOverview,
  type OperationsOverviewQuery,
  type OperationsSortField,
  type TenantOperations,
  type TenantOperationsDetail,
  type UnitHealthList,
  type UnitHealthQuery,
} from '../../../../contract/api/operations.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { unattributedTenantId } from '../../../operations/ingest-counter.ts';
import { containsPattern, paging } from '../../../tenancy/list-params.ts';
import { notFound } from '../../../tenancy/pg-errors.ts';

// Runs in the provider's transaction. Unit, member and alert figures come from the owner's
// count functions (migration 090: counts only, provider sessions only); ingest figures from
// the counters ingest adds every few seconds — never from positions themselves.
const overviewSql = `
  WITH c AS (SELECT * FROM ops_tenant_counts(make_interval(hours => $1), $2, $3, $4)),
  last_minute AS (
    SELECT client_tenant_id, stored FROM ops_ingest_counts
     WHERE grain = 'minute' AND bucket = date_trunc('minute', now()) - interval '1 minute'
  ), last_day AS (
    SELECT client_tenant_id, sum(stored)::bigint AS stored, sum(rejected_key)::bigint AS key, sum(rejected_retention)::bigint AS retention,
           sum(rejected_rate)::bigint AS rate, sum(rejected_unknown)::bigint AS unknown, sum(rejected_invalid)::bigint AS invalid
      FROM ops_ingest_counts WHERE grain = 'hour' AND bucket >= date_trunc('hour', now()) - interval '23 hours'
     GROUP BY 1
  ), size AS (
    SELECT ops_positions_bytes()::float8 / nullif((SELECT sum(positions) FROM ops_tenant_totals), 0) AS per_position
  )
  SELECT t.id, t.name, t.status, c.units, c.reporting, c.silent, c.never_reported, c.low_battery, c.with_dtc,
         c.last_report_at, c.users, c.critical_alerts,
         coalesce(m.stored, 0)::bigint AS per_minute, coalesce(d.stored, 0)::bigint AS per_day,
         coalesce(d.key, 0)::bigint AS rejected_key, coalesce(d.retention, 0)::bigint AS rejected_retention, coalesce(d.rate, 0)::bigint AS rejected_rate,
         coalesce(tt.positions, 0)::bigint AS positions, coalesce(tt.positions * size.per_position, 0)::bigint AS bytes
    FROM tenants t
    JOIN c ON c.tenant_id = t.id
    CROSS JOIN size
    LEFT JOIN last_minute m ON m.client_tenant_id = t.id
    LEFT JOIN last_day d ON d.client_tenant_id = t.id
    LEFT JOIN ops_tenant_totals tt ON tt.client_tenant_id = t.id
   WHERE t.status <> 'deleted' AND ($4::uuid IS NULL OR t.id = $4)
  UNION ALL
  SELECT NULL, '', 'active', 0, 0, 0, 0, 0, 0, NULL, 0, 0, 0, 0, coalesce(d.unknown, 0), coalesce(d.invalid, 0), 0, 0, 0
    FROM last_day d WHERE d.client_tenant_id = '${unattributedTenantId}'`;

interface OverviewRow {
  id: string | null;
  name: string;
  status: TenantOperations['status'];
  units: number;
  reporting: number;
  silent: number;
  never_reported: number;
  low_battery: number;
  with_dtc: number;
  last_report_at: Date | null;
  users: number;
  critical_alerts: number;
  // bigint columns arrive as text (node-postgres keeps 64-bit integers exact).
  per_minute: string;
  per_day: string;
  rejected_key: string;
  rejected_retention: string;
  rejected_rate: string;
  positions: string;
  bytes: string;
}

const toTenant = (r: OverviewRow & { id: string }): TenantOperations => ({
  id: r.id,
  name: r.name,
  status: r.status,
  units: { assigned: r.units, reporting: r.reporting, silent: r.silent, neverReported: r.never_reported, lowBattery: r.low_battery, withTroubleCodes: r.with_dtc },
  messagesPerMinute: Number(r.per_minute),
  messagesPerDay: Number(r.per_day),
  positionsStored: Number(r.positions),
  bytesUsed: Number(r.bytes),
  users: r.users,
  openCriticalAlerts: r.critical_alerts,
  rejected: { key: Number(r.rejected_key), retention: Number(r.rejected_retention), rate: Number(r.rejected_rate) },
  lastActivityAt: r.last_report_at?.toISOString() ?? null,
});

/** Every client account's counts (or one account's), and the reports that reached no account. */
export type OverviewRows = Awaited<ReturnType<typeof overviewRows>>;
export async function overviewRows(db: DbSession, silentHours: number, tenantId: string | null) {
  const { rows } = await db.query<OverviewRow>(overviewSql, [silentHours, lowBatteryPercent, lowBatteryVolts, tenantId]);
  const tenants = rows.filter((r): r is OverviewRow & { id: string } => r.id !== null).map(toTenant);
  // The unattributed row carries unknown-unit and malformed-record counts in the key/retention slots.
  const extra = rows.find((r) => r.id === null);
  return { tenants, unattributed: { unknown: Number(extra?.rejected_key ?? 0), invalid: Number(extra?.rejected_retention ?? 0) }, at: Date.now() };
}

const rejectedTotal = (t: TenantOperations) => t.rejected.key + t.rejected.retention + t.rejected.rate;
const sortValue: Record<OperationsSortField, (t: TenantOperations) => number | string> = {
  name: (t) => t.name.toLowerCase(),
  units: (t) => t.units.assigned,
  silent: (t) => t.units.silent + t.units.neverReported,
  messagesPerMinute: (t) => t.messagesPerMinute,
  messagesPerDay: (t) => t.messagesPerDay,
  positionsStored: (t) => t.positionsStored,
  users: (t) => t.users,
  openCriticalAlerts: (t) => t.openCriticalAlerts,
  rejected: rejectedTotal,
  lastActivityAt: (t) => t.lastActivityAt ?? '',
};

/**
 * The overview page: search, sort and paging over the rows of every account (a few thousand at
 * most; the totals need every row anyway), in Node after one statement.
 */
export function operationsOverview({ tenants, unattributed, at }: OverviewRows, query: OperationsOverviewQuery): OperationsOverview {
  const { limit, offset } = paging(query);
  const needle = query.q?.trim().toLowerCase() ?? '';
  // A copy: the rows are shared between requests, and sort() works in place.
  const matching = needle === '' ? [...tenants] : tenants.filter((t) => t.name.toLowerCase().includes(needle));
  // The schema admits only operationsSortFields; Static types the enum as string.
  const value = sortValue[(query.sort ?? 'name') as OperationsSortField];
  const direction = query.order === 'desc' ? -1 : 1;
  matching.sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    return (x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1) * (x === y ? 1 : direction);
  });
  const sum = (f: (t: TenantOperations) => number) => tenants.reduce((total, t) => total + f(t), 0);
  return {
    items: matching.slice(offset, offset + limit),
    total: matching.length,
    limit,
    offset,
    totals: {
      tenants: tenants.length,
      units: sum((t) => t.units.assigned),
      reporting: sum((t) => t.units.reporting),
      silent: sum((t) => t.units.silent + t.units.neverReported),
      messagesPerMinute: sum((t) => t.messagesPerMinute),
      messagesPerDay: sum((t) => t.messagesPerDay),
      openCriticalAlerts: sum((t) => t.openCriticalAlerts),
    },
    unattributed,
    // When the figures were read (shared for a few seconds between requests).
    generatedAt: new Date(at).toISOString(),
  };
}

interface BucketRow {
  bucket: Date;
  stored: string;
  duplicates: string;
  rejected: string;
}

/** `count` buckets of `stepMs` ending with the current one, zeros where nothing was counted. */
function filled(rows: BucketRow[], stepMs: number, count: number, now: number): IngestBucket[] {
  const byTime = new Map(rows.map((r) => [r.bucket.getTime(), r]));
  const last = Math.floor(now / stepMs) * stepMs;
  return Array.from({ length: count }, (_, i) => {
    const at = last - (count - 1 - i) * stepMs;
    const r = byTime.get(at);
    return { at: new Date(at).toISOString(), stored: Number(r?.stored ?? 0), duplicates: Number(r?.duplicates ?? 0), rejected: Number(r?.rejected ?? 0) };
  });
}

/** One client account's page: its overview row and its ingest history. */
export async function tenantOperations(db: DbSession, tenantId: string, silentHours: number, now = Date.now()): Promise<TenantOperationsDetail> {
  const tenant = (await overviewRows(db, silentHours, tenantId)).tenants[0];
  if (!tenant) throw notFound('client-account');
  const history = (grain: 'hour' | 'day', since: string) =>
    db.query<BucketRow>(
      `SELECT bucket, stored, duplicates, rejected_key + rejected_retention + rejected_rate AS rejected
         FROM ops_ingest_counts WHERE client_tenant_id = $1 AND grain = $2 AND bucket > now() - $3::interval ORDER BY bucket`,
      [tenantId, grain, since],
    );
  const [hourly, daily] = [await history('hour', '48 hours'), await history('day', '30 days')];
  return { tenant, hourly: filled(hourly.rows, 3_600_000, 48, now), daily: filled(daily.rows, 86_400_000, 30, now) };
}

interface UnitRow {
  unit_id: string;
  unique_id: string;
  model: string | null;
  tenant_id: string;
  tenant_name: string;
  last_report_at: Date | null;
  battery_level: number | null;
  battery_voltage: number | null;
  dtc_count: number;
  version: string | null;
  total: string;
}

/** Inventory health across every client account: the units that need a look first. */
export async function unitHealth(db: DbSession, query: UnitHealthQuery): Promise<UnitHealthList> {
  const { limit, offset } = paging(query);
  const match = [query.silentHours ?? 24, lowBatteryPercent, lowBatteryVolts, query.filter ?? 'all', containsPattern(query.q)];
  const { rows } = await db.query<UnitRow>('SELECT * FROM ops_unit_health(make_interval(hours => $1), $2, $3, $4, $5, $6, $7)', [...match, limit, offset]);
  return {
    items: rows.map((r) => ({
      unitId: r.unit_id,
      uniqueId: r.unique_id,
      model: r.model,
      tenantId: r.tenant_id,
      tenantName: r.tenant_name,
      lastReportAt: r.last_report_at?.toISOString() ?? null,
      batteryLevel: r.battery_level,
      batteryVoltage: r.battery_voltage,
      troubleCodes: r.dtc_count,
      version: r.version,
    })),
    // Past the last page no row carries the total: 0 then (the console pages within it).
    total: Number(rows[0]?.total ?? 0),
    limit,
    offset,
  };
}
