import type { QueryConfig } from 'pg';
import type { DbSession } from '../server/db/fleet-db.ts';

/** PostgreSQL's own figures for one statement of a batch (from EXPLAIN ANALYZE). */
export interface StatementFigure {
  statement: string;
  executionMs: number;
  planningMs: number;
  rows: number;
  /** The plan as one line: node types with their time (ms), children in brackets. */
  shape: string;
  buffersHit: number;
  buffersDirtied: number;
}

interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Total Time'?: number;
  Plans?: PlanNode[];
  'Actual Rows'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Dirtied Blocks'?: number;
}

/**
 * A session that runs every statement twice: first as EXPLAIN (ANALYZE, BUFFERS) inside a
 * savepoint that is rolled back (so its effects vanish), then for real. The figures are
 * PostgreSQL's server-side time per statement with the benchmark's real data — what
 * pg_stat_statements would give, which the embedded cluster cannot load without a restart.
 */
export function explainingSession(db: DbSession, figures: StatementFigure[]): DbSession {
  const query = async (config: string | QueryConfig, values?: unknown[]) => {
    const text = typeof config === 'string' ? config : config.text;
    const params = typeof config === 'string' ? values : (config.values ?? values);
    await db.query('SAVEPOINT bench_explain');
    const plan = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`,
      params,
    );
    await db.query('ROLLBACK TO SAVEPOINT bench_explain');
    const top = plan.rows[0]?.['QUERY PLAN'][0];
    if (top) {
      figures.push({
        statement: text.replace(/\s+/g, ' ').trim().slice(0, 60),
        executionMs: top['Execution Time'],
        planningMs: top['Planning Time'],
        rows: top.Plan['Actual Rows'] ?? 0,
        shape: shapeOf(top.Plan),
        buffersHit: top.Plan['Shared Hit Blocks'] ?? 0,
        buffersDirtied: top.Plan['Shared Dirtied Blocks'] ?? 0,
      });
    }
    return db.query(config as QueryConfig, params);
  };
  // The pg client's query() has a dozen overloads; this one forwarder serves the two forms
  // the server's code uses (text + values, and a named QueryConfig), hence the cast.
  return { query } as unknown as DbSession;
}

function shapeOf(node: PlanNode): string {
  const on = node['Index Name'] ?? node['Relation Name'];
  const self = `${node['Node Type'] ?? '?'}${on ? ` ${on}` : ''} ${(node['Actual Total Time'] ?? 0).toFixed(1)}`;
  return node.Plans?.length ? `${self} [${node.Plans.map(shapeOf).join('; ')}]` : self;
}
