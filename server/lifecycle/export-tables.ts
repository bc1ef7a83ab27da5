import type { DbSession } from '../db/fleet-db.ts';

/** One tenant table as the export writes it: the columns the API role may read, minus secrets. */
export interface ExportTable {
  table: string;
  columns: string[];
  /** The primary key's columns: rows come out in a stable order. */
  orderBy: string[];
}

/**
 * Columns never exported, whatever table they are in: reporting-secret and ticket hashes, tokens,
 * webhook signing secrets. Matched on the name so a column added later is covered too.
 */
const secretColumn = /(secret|hash|token|password)/;

/**
 * Every table of the public schema with a tenant_id column (partitions through their parent),
 * found in the catalogue so a table added by a later migration is exported without a change
 * here. What the export cannot read (no grant to the API role) is named in `omitted`, never
 * skipped in silence. Runs in the export's transaction: the privileges are the API role's own.
 */
export async function exportTables(db: DbSession): Promise<{ tables: ExportTable[]; omitted: { table: string; reason: string }[] }> {
  const result = await db.query<{ table: string; readable: string[] | null; secret: string[] | null; pk: string[] | null }>(
    `SELECT c.relname AS table,
            array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE has_column_privilege(c.oid, a.attnum, 'SELECT') AND a.attname !~ $1) AS readable,
            array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE a.attname ~ $1) AS secret,
            (SELECT array_agg(k.attname::text ORDER BY o.n)
               FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS o(attnum, n)
               JOIN pg_attribute k ON k.attrelid = c.oid AND k.attnum = o.attnum
              WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
       FROM pg_class c
       JOIN pg_namespace ns ON ns.oid = c.relnamespace AND ns.nspname = 'public'
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = c.oid AND t.attname = 'tenant_id' AND NOT t.attisdropped)
      GROUP BY c.oid, c.relname
      ORDER BY c.relname`,
    [secretColumn.source],
  );
  const tables: ExportTable[] = [];
  const omitted: { table: string; reason: string }[] = [];
  for (const row of result.rows) {
    const columns = row.readable ?? [];
    if (!columns.includes('tenant_id')) {
      omitted.push({ table: row.table, reason: 'not-readable' });
      continue;
    }
    if (row.secret?.length) omitted.push({ table: `${row.table}(${row.secret.join(',')})`, reason: 'secret-columns' });
    const orderBy = (row.pk ?? []).filter((c) => columns.includes(c));
    tables.push({ table: row.table, columns, orderBy: orderBy.length > 0 ? orderBy : columns.slice(0, 1) });
  }
  return { tables, omitted };
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The COPY statement for one table: CSV with a header, in primary-key order. */
export function copyStatement(table: ExportTable): string {
  return `COPY (SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.table)} ORDER BY ${table.orderBy.map(quote).join(', ')}) TO STDOUT WITH (FORMAT csv, HEADER true)`;
}
