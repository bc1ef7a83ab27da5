import { useState } from 'react';
import type { OperationsSortField, TenantOperations } from '../../../../contract/api/operations.ts';
import { formatBytes } from '../../ui/format-bytes.ts';
import { formatAbsoluteTime, formatRelativeTime } from '../../ui/relative-time.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { useNow } from '../../ui/use-now.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { healthLabels, notReporting, rejectedWords, tenantHealth } from './operations-words.ts';
import { TenantOperationsPage } from './TenantOperationsPage.tsx';
import { useAdminQuery } from './use-admin.ts';
import { UsageDownload } from './UsageDownload.tsx';
import { statusWords } from './lifecycle-words.ts';

const pageSize = 50;
export const silentWindows = [1, 6, 24, 72] as const;

/** What a short header means, as its tooltip. */
const headerHints: Record<string, string> = {
  Silent: 'Units not reporting within the chosen window, or never',
  Stored: 'Storage of the positions kept (estimated from their share of the table)',
  Critical: 'Open critical alerts',
  'Refused 24 h': 'Reports refused in the last 24 hours, by reason',
};

const columns: { field: OperationsSortField | null; label: string; numeric?: boolean }[] = [
  { field: 'name', label: 'Account' },
  { field: 'units', label: 'Units', numeric: true },
  { field: 'silent', label: 'Silent', numeric: true },
  { field: 'messagesPerMinute', label: 'Msgs/min', numeric: true },
  { field: 'messagesPerDay', label: 'Msgs/24 h', numeric: true },
  { field: 'positionsStored', label: 'Stored', numeric: true },
  { field: 'users', label: 'Users', numeric: true },
  { field: 'openCriticalAlerts', label: 'Critical', numeric: true },
  { field: 'rejected', label: 'Refused 24 h' },
  { field: 'lastActivityAt', label: 'Last report' },
];

/**
 * Provider: how every client account's environment is doing — counts and health only, never a
 * position, a trip or a user. Sort by any column, search by name, open an account's page.
 */
export function OperationsSection({ workspaceId, canSetPlan }: { workspaceId: string; canSetPlan: boolean }) {
  const [q, setQ] = useState('');
  const [silentHours, setSilentHours] = useState<number>(24);
  const [sort, setSort] = useState<{ field: OperationsSortField; order: 'asc' | 'desc' }>({ field: 'silent', order: 'desc' });
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const units = useUnits();
  const now = useNow(30_000);
  const query = { q: q.trim() || undefined, silentHours, sort: sort.field, order: sort.order, limit: pageSize, offset };
  const overview = useAdminQuery(workspaceId, 'operations', query, (b) => b.admin.operationsOverview({ workspaceId, query }));

  if (open) return <TenantOperationsPage workspaceId={workspaceId} tenantId={open} silentHours={silentHours} canSetPlan={canSetPlan} onBack={() => setOpen(null)} />;

  const data = overview.data;
  const n = (v: number) => units.number(v);
  const sortBy = (field: OperationsSortField) => {
    setOffset(0);
    setSort((s) => ({ field, order: s.field === field && s.order === 'desc' ? 'asc' : field === 'name' ? 'asc' : 'desc' }));
  };
  return (
    <div className="admin-section ops">
      <div className="ops__title">
        <h3>Operations overview</h3>
        {data && (
          <span className="admin-muted" title={formatAbsoluteTime(data.generatedAt, units.dateTime)}>
            Updated {formatRelativeTime(data.generatedAt, now)} · counts and health only, no positions or user data
          </span>
        )}
        <button type="button" className="button button--ghost" onClick={() => void overview.refetch()} disabled={overview.isFetching}>
          Refresh
        </button>
      </div>
      {data && (
        <dl className="ops-tiles" aria-label="All accounts">
          <Tile label="Accounts" value={n(data.totals.tenants)} />
          <Tile label="Units reporting" value={`${n(data.totals.reporting)} of ${n(data.totals.units)}`} />
          <Tile label={`Not reporting > ${silentHours} h`} value={n(data.totals.silent)} tone={data.totals.silent > 0 ? 'warn' : undefined} />
          <Tile label="Messages / min" value={n(data.totals.messagesPerMinute)} />
          <Tile label="Messages / 24 h" value={n(data.totals.messagesPerDay)} />
          <Tile label="Open critical alerts" value={n(data.totals.openCriticalAlerts)} tone={data.totals.openCriticalAlerts > 0 ? 'warn' : undefined} />
          <Tile label="Refused, no account (24 h)" value={`${n(data.unattributed.unknown)} unknown · ${n(data.unattributed.invalid)} bad`} hint="Reports from units nobody registered or assigned, and malformed records" />
        </dl>
      )}
      <div className="ops__controls">
        <label className="field__label" htmlFor="ops-search">
          Search accounts
          <input id="ops-search" className="input" type="search" value={q} placeholder="Account name" onChange={(e) => (setQ(e.target.value), setOffset(0))} />
        </label>
        <label className="field__label" htmlFor="ops-silent">
          Silent after
          <select id="ops-silent" className="input" value={silentHours} onChange={(e) => setSilentHours(Number(e.target.value))}>
            {silentWindows.map((h) => (
              <option key={h} value={h}>
                {h} h without a report
              </option>
            ))}
          </select>
        </label>
        <UsageDownload workspaceId={workspaceId} />
      </div>
      <ErrorNote error={overview.error} />
      {overview.isPending ? (
        <Spinner />
      ) : (
        <div className="ops__scroll">
          <table className="admin-table ops-table">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.label} className={c.numeric ? 'ops-num' : undefined} title={headerHints[c.label]} aria-sort={c.field === sort.field ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}>
                    {c.field ? (
                      <button type="button" className="ops-sort" onClick={() => c.field && sortBy(c.field)}>
                        {c.label}
                        {c.field === sort.field ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ''}
                      </button>
                    ) : (
                      c.label
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data?.items.map((t) => <Row key={t.id} t={t} now={now} n={n} onOpen={() => setOpen(t.id)} />)}
            </tbody>
          </table>
          {data?.items.length === 0 && <p className="admin-muted">{q ? `No account matches “${q}”.` : 'No client accounts yet.'}</p>}
        </div>
      )}
      {data && data.total > pageSize && (
        <div className="ops__paging">
          <button type="button" className="button button--ghost" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
            Previous
          </button>
          <span className="admin-muted">
            {n(offset + 1)}–{n(Math.min(offset + pageSize, data.total))} of {n(data.total)}
          </span>
          <button type="button" className="button button--ghost" disabled={offset + pageSize >= data.total} onClick={() => setOffset(offset + pageSize)}>
            Next
          </button>
        </div>
      )}
    </div>
  );
}

function Tile({ label, value, tone, hint }: { label: string; value: string; tone?: 'warn' | undefined; hint?: string }) {
  return (
    <div className={`ops-tile${tone ? ` ops-tile--${tone}` : ''}`} title={hint}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function Row({ t, now, n, onOpen }: { t: TenantOperations; now: number; n: (v: number) => string; onOpen(): void }) {
  const health = tenantHealth(t);
  const quiet = notReporting(t);
  return (
    <tr className="ops-row">
      <td>
        <button type="button" className="button button--link ops-open" onClick={onOpen}>
          {t.name}
        </button>
        <span className={`ops-badge ops-badge--${health}`}>{healthLabels[health]}</span>
        {t.status !== 'active' && <span className="ops-badge ops-badge--muted">{statusWords({ status: t.status, purgeAt: null }, String)}</span>}
      </td>
      <td className="ops-num">{n(t.units.assigned)}</td>
      <td className={`ops-num${quiet > 0 ? ' ops-warn' : ''}`}>{n(quiet)}</td>
      <td className="ops-num">{n(t.messagesPerMinute)}</td>
      <td className="ops-num">{n(t.messagesPerDay)}</td>
      <td className="ops-num" title={`${n(t.positionsStored)} positions (size estimated)`}>
        {formatBytes(t.bytesUsed)}
      </td>
      <td className="ops-num">{n(t.users)}</td>
      <td className={`ops-num${t.openCriticalAlerts > 0 ? ' ops-warn' : ''}`}>{n(t.openCriticalAlerts)}</td>
      <td className="ops-small">{rejectedWords(t.rejected, n) || '—'}</td>
      <td className="ops-small">{formatRelativeTime(t.lastActivityAt, now)}</td>
    </tr>
  );
}
