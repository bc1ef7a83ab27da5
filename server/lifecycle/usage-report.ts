import { usageColumns } from '../../contract/api/lifecycle.ts';
import { csvCell } from '../../contract/reports/csv.ts';
import type { DbSession } from '../db/fleet-db.ts';

interface UsageRow {
  tenant_id: string;
  tenant_name: string;
  status: string;
  is_default: boolean | null;
  max_units: number | null;
  units_peak: number;
  units_average: string;
  unit_days: string;
  users_peak: number;
  stored: string;
  duplicates: string;
  rejected: string;
  storage_bytes: string;
  days_recorded: number;
}

/**
 * One month's usage of every client account, for billing (a provider session: the ops_ tables
 * answer the provider only). Units and members from the daily snapshots (ops_usage_daily:
 * peak, average over the days recorded, unit-days); positions from ingest's day counters
 * (ops_ingest_counts); storage as last recorded in the month. An account purged since still has
 * its rows (both tables are the provider's, keyed by client_tenant_id), so its last month bills.
 * API requests are not counted per account, so they are not in the report.
 */
export async function monthlyUsage(db: DbSession, month: string): Promise<UsageRow[]> {
  const result = await db.query<UsageRow>(
    `WITH b AS (SELECT ($1 || '-01')::date AS first, (($1 || '-01')::date + interval '1 month')::date AS next),
     days AS (
       SELECT u.client_tenant_id, max(u.units) AS units_peak, avg(u.units) AS units_average, sum(u.units) AS unit_days,
              max(u.users) AS users_peak, (array_agg(u.storage_bytes ORDER BY u.day DESC))[1] AS storage_bytes, count(*)::int AS days_recorded
         FROM ops_usage_daily u, b WHERE u.day >= b.first AND u.day < b.next GROUP BY 1
     ), ingest AS (
       SELECT c.client_tenant_id, sum(c.stored) AS stored, sum(c.duplicates) AS duplicates,
              sum(c.rejected_invalid + c.rejected_key + c.rejected_retention + c.rejected_rate) AS rejected
         FROM ops_ingest_counts c, b
        WHERE c.grain = 'day' AND c.bucket >= (b.first::timestamp AT TIME ZONE 'UTC') AND c.bucket < (b.next::timestamp AT TIME ZONE 'UTC')
        GROUP BY 1
     )
     SELECT t.id AS tenant_id, t.name AS tenant_name, t.status, e.is_default, e.max_units,
            coalesce(d.units_peak, 0) AS units_peak, round(coalesce(d.units_average, 0), 2)::text AS units_average,
            coalesce(d.unit_days, 0)::text AS unit_days, coalesce(d.users_peak, 0) AS users_peak,
            coalesce(i.stored, 0)::text AS stored, coalesce(i.duplicates, 0)::text AS duplicates, coalesce(i.rejected, 0)::text AS rejected,
            coalesce(d.storage_bytes, 0)::text AS storage_bytes, coalesce(d.days_recorded, 0) AS days_recorded
       FROM tenants t
       LEFT JOIN days d ON d.client_tenant_id = t.id
       LEFT JOIN ingest i ON i.client_tenant_id = t.id
       LEFT JOIN LATERAL plan_effective(t.id) e ON true
      WHERE t.kind = 'client' AND (t.status <> 'deleted' OR d.client_tenant_id IS NOT NULL OR i.client_tenant_id IS NOT NULL)
      ORDER BY lower(t.name), t.id`,
    [month],
  );
  return result.rows;
}

/** The report as CSV (usageColumns), one line per account; text cells neutralised for spreadsheets. */
export function usageCsv(month: string, rows: readonly UsageRow[]): string {
  const lines = rows.map((r) =>
    [
      month,
      r.tenant_id,
      r.tenant_name,
      r.status,
      r.is_default === null ? '' : r.is_default ? 'default' : 'custom',
      r.max_units,
      r.units_peak,
      Number(r.units_average),
      Number(r.unit_days),
      r.users_peak,
      Number(r.stored),
      Number(r.duplicates),
      Number(r.rejected),
      Number(r.storage_bytes),
      r.days_recorded,
    ].map((v) => csvCell(v)).join(','),
  );
  return `${[usageColumns.join(','), ...lines].join('\r\n')}\r\n`;
}
