import type { IngestBucket } from '../../../../contract/api/operations.ts';
import { formatBytes } from '../../ui/format-bytes.ts';
import { formatAbsoluteTime, formatRelativeTime } from '../../ui/relative-time.ts';
import { SparkChart } from '../../ui/SparkChart.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { useNow } from '../../ui/use-now.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { PlanEditor } from './PlanEditor.tsx';
import { TenantLifecyclePanel } from './TenantLifecyclePanel.tsx';
import { statusWords } from './lifecycle-words.ts';
import { healthLabels, notReporting, rejectedWords, tenantHealth } from './operations-words.ts';
import { useAdminQuery } from './use-admin.ts';

interface Props {
  workspaceId: string;
  tenantId: string;
  silentHours: number;
  /** Whether the operator may manage the account: its plan, export, deletion (tenants.manage). */
  canSetPlan: boolean;
  onBack(): void;
}

const series = (buckets: IngestBucket[], pick: (b: IngestBucket) => number) => ({ xs: buckets.map((b) => Date.parse(b.at)), ys: buckets.map(pick) });

/** One client account: its counts, and stored / refused reports over 48 hours and 30 days. */
export function TenantOperationsPage({ workspaceId, tenantId, silentHours, canSetPlan, onBack }: Props) {
  const units = useUnits();
  const now = useNow(30_000);
  const detail = useAdminQuery(workspaceId, 'operations-tenant', { tenantId, silentHours }, (b) => b.admin.tenantOperations({ workspaceId, tenantId, query: { silentHours } }));
  const n = (v: number) => units.number(v);
  const t = detail.data?.tenant;
  return (
    <div className="admin-section ops">
      <div className="ops__title">
        <button type="button" className="button button--ghost" onClick={onBack}>
          ← All accounts
        </button>
        <h3>{t?.name ?? 'Account'}</h3>
        {t && <span className={`ops-badge ops-badge--${tenantHealth(t)}`}>{healthLabels[tenantHealth(t)]}</span>}
        {t && t.status !== 'active' && <span className="ops-badge ops-badge--muted">{statusWords({ status: t.status, purgeAt: null }, String)}</span>}
      </div>
      <ErrorNote error={detail.error} />
      {detail.isPending && <Spinner />}
      {t && detail.data && (
        <>
          <dl className="ops-tiles" aria-label={`${t.name} figures`}>
            <Figure label="Units assigned" value={n(t.units.assigned)} />
            <Figure label="Reporting" value={n(t.units.reporting)} />
            <Figure label={`Silent > ${silentHours} h`} value={n(t.units.silent)} />
            <Figure label="Never reported" value={n(t.units.neverReported)} />
            <Figure label="Low battery" value={n(t.units.lowBattery)} />
            <Figure label="With trouble codes" value={n(t.units.withTroubleCodes)} />
            <Figure label="Messages / min" value={n(t.messagesPerMinute)} />
            <Figure label="Messages / 24 h" value={n(t.messagesPerDay)} />
            <Figure label="Positions stored" value={n(t.positionsStored)} />
            <Figure label="Storage (estimate)" value={formatBytes(t.bytesUsed)} />
            <Figure label="Users" value={n(t.users)} />
            <Figure label="Open critical alerts" value={n(t.openCriticalAlerts)} />
          </dl>
          <p className="admin-muted">
            Last report {formatRelativeTime(t.lastActivityAt, now)}
            {t.lastActivityAt ? ` (${formatAbsoluteTime(t.lastActivityAt, units.dateTime)})` : ''} · refused in 24 h: {rejectedWords(t.rejected, n) || 'none'} ·{' '}
            {n(notReporting(t))} of {n(t.units.assigned)} units not reporting
          </p>
          <div className="ops-charts">
            <SparkChart {...series(detail.data.hourly, (b) => b.stored)} label="Stored per hour, last 48 h" unit="msgs" />
            <SparkChart {...series(detail.data.hourly, (b) => b.rejected)} label="Refused per hour, last 48 h" unit="msgs" color="var(--danger)" />
            <SparkChart {...series(detail.data.daily, (b) => b.stored)} label="Stored per day, last 30 days" unit="msgs" />
            <SparkChart {...series(detail.data.daily, (b) => b.duplicates)} label="Duplicates per day (device retries), last 30 days" unit="msgs" color="var(--text-muted)" />
          </div>
          {canSetPlan && <PlanEditor workspaceId={workspaceId} tenantId={tenantId} tenantName={t.name} />}
          {canSetPlan && <TenantLifecyclePanel workspaceId={workspaceId} tenantId={tenantId} />}
        </>
      )}
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="ops-tile">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
