import { useState } from 'react';
import type { UnitHealthFilter } from '../../../../contract/api/operations.ts';
import { formatAbsoluteTime, formatRelativeTime } from '../../ui/relative-time.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { useNow } from '../../ui/use-now.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { silentWindows } from './OperationsSection.tsx';
import { batteryWords } from './operations-words.ts';
import { useAdminQuery } from './use-admin.ts';

const pageSize = 100;
const filters: [UnitHealthFilter, string][] = [
  ['silent', 'Not reporting'],
  ['low-battery', 'Low battery'],
  ['dtc', 'Trouble codes'],
  ['all', 'All units'],
];

/** Provider: units across every account that need a look — silent, low battery, trouble codes. */
export function UnitHealthSection({ workspaceId }: { workspaceId: string }) {
  const [filter, setFilter] = useState<UnitHealthFilter>('silent');
  const [silentHours, setSilentHours] = useState<number>(24);
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const units = useUnits();
  const now = useNow(30_000);
  const query = { filter, silentHours, q: q.trim() || undefined, limit: pageSize, offset };
  const list = useAdminQuery(workspaceId, 'unit-health', query, (b) => b.admin.unitHealth({ workspaceId, query }));
  const n = (v: number) => units.number(v);
  const empty: Record<UnitHealthFilter, string> = {
    silent: `Every assigned unit reported within ${silentHours} h.`,
    'low-battery': 'No unit reports a low battery.',
    dtc: 'No unit reports trouble codes.',
    all: 'No units are assigned to an account.',
  };
  return (
    <div className="admin-section ops">
      <h3>Unit health</h3>
      <div className="ops__controls">
        <div className="ops-filters" role="group" aria-label="Show">
          {filters.map(([value, label]) => (
            <button key={value} type="button" className={`button ${value === filter ? 'button--primary' : 'button--ghost'}`} aria-pressed={value === filter} onClick={() => (setFilter(value), setOffset(0))}>
              {label}
            </button>
          ))}
        </div>
        <label className="field__label" htmlFor="uh-silent">
          Silent after
          <select id="uh-silent" className="input" value={silentHours} onChange={(e) => (setSilentHours(Number(e.target.value)), setOffset(0))}>
            {silentWindows.map((h) => (
              <option key={h} value={h}>
                {h} h
              </option>
            ))}
          </select>
        </label>
        <label className="field__label" htmlFor="uh-search">
          Search
          <input id="uh-search" className="input" type="search" value={q} placeholder="Unit id, model or account" onChange={(e) => (setQ(e.target.value), setOffset(0))} />
        </label>
      </div>
      <ErrorNote error={list.error} />
      {list.isPending ? (
        <Spinner />
      ) : (
        <div className="ops__scroll">
          <table className="admin-table ops-table">
            <thead>
              <tr>
                <th>Unit</th>
                <th>Model</th>
                <th>Account</th>
                <th>Last report</th>
                <th className="ops-num">Battery</th>
                <th className="ops-num">Trouble codes</th>
                <th>App / firmware</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((u) => (
                <tr key={u.unitId}>
                  <td className="ops-mono">{u.uniqueId}</td>
                  <td>{u.model ?? '—'}</td>
                  <td>{u.tenantName}</td>
                  <td title={formatAbsoluteTime(u.lastReportAt, units.dateTime)}>{formatRelativeTime(u.lastReportAt, now)}</td>
                  <td className="ops-num">{batteryWords(u) || '—'}</td>
                  <td className={`ops-num${u.troubleCodes > 0 ? ' ops-warn' : ''}`}>{n(u.troubleCodes)}</td>
                  <td>{u.version ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data?.items.length === 0 && <p className="admin-muted">{q ? `No unit matches “${q}”.` : empty[filter]}</p>}
        </div>
      )}
      {list.data && list.data.total > 0 && (
        <div className="ops__paging">
          <button type="button" className="button button--ghost" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
            Previous
          </button>
          <span className="admin-muted">
            {n(offset + 1)}–{n(Math.min(offset + pageSize, list.data.total))} of {n(list.data.total)} units
          </span>
          <button type="button" className="button button--ghost" disabled={offset + pageSize >= list.data.total} onClick={() => setOffset(offset + pageSize)}>
            Next
          </button>
        </div>
      )}
    </div>
  );
}
