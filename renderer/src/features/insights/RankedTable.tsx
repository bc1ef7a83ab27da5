import type { InsightsSortKey } from '../../../../contract/api/insights.ts';
import { useUnits } from '../../ui/units.ts';

export interface RankedColumn<Row> {
  /** The server-side ranking this column sorts by; absent for columns that cannot be ranked. */
  sort?: InsightsSortKey;
  title: string;
  cell(row: Row): string;
  numeric?: boolean;
}

interface Props<Row> {
  caption: string;
  rows: readonly Row[];
  rowKey(row: Row): string;
  columns: readonly RankedColumn<Row>[];
  sort: InsightsSortKey;
  order: 'asc' | 'desc';
  onSort(sort: InsightsSortKey, order: 'asc' | 'desc'): void;
  offset: number;
  pageSize: number;
  total: number;
  onPage(offset: number): void;
  onOpen?(row: Row): void;
  empty: string;
  testId: string;
}

/**
 * One page of a list ranked by the fleet cloud (decision 0220): a header click asks for another
 * ranking (a second click reverses it), the pager for another page — never a sort of this page alone.
 */
export function RankedTable<Row>(p: Props<Row>) {
  const units = useUnits();
  const last = Math.min(p.offset + p.rows.length, p.total);
  return (
    <section className="ranked" aria-label={p.caption} data-testid={p.testId}>
      <div className="ranked__head">
        <h3 className="ranked__title">{p.caption}</h3>
        <span className="ranked__count muted">
          {p.total === 0 ? 'none' : `${units.number(p.offset + 1)}–${units.number(last)} of ${units.number(p.total)}`}
        </span>
        <div className="ranked__pager">
          <button type="button" className="button button--ghost" disabled={p.offset === 0} onClick={() => p.onPage(Math.max(0, p.offset - p.pageSize))}>
            Previous
          </button>
          <button type="button" className="button button--ghost" disabled={last >= p.total} onClick={() => p.onPage(p.offset + p.pageSize)}>
            Next
          </button>
        </div>
      </div>
      <div className="ranked__scroll">
        <table className="ranked__table">
          <thead>
            <tr>
              {p.columns.map((c) => {
                const active = c.sort !== undefined && c.sort === p.sort;
                return (
                  <th key={c.title} className={c.numeric ? 'num' : undefined} aria-sort={active ? (p.order === 'asc' ? 'ascending' : 'descending') : undefined} scope="col">
                    {c.sort ? (
                      <button type="button" className="ranked__sort" onClick={() => p.onSort(c.sort as InsightsSortKey, active && p.order === 'desc' ? 'asc' : 'desc')}>
                        {c.title}
                        <span aria-hidden="true">{active ? (p.order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                      </button>
                    ) : (
                      c.title
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {p.rows.length === 0 && (
              <tr>
                <td colSpan={p.columns.length} className="ranked__empty muted">
                  {p.empty}
                </td>
              </tr>
            )}
            {p.rows.map((row) => (
              <tr key={p.rowKey(row)} className={p.onOpen ? 'ranked__row--link' : undefined} onClick={p.onOpen ? () => p.onOpen?.(row) : undefined}>
                {p.columns.map((c) => (
                  <td key={c.title} className={c.numeric ? 'num' : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
