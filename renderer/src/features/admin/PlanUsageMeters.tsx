import type { TenantPlanView } from '../../../../contract/api/plans.ts';
import { useUnits } from '../../ui/units.ts';
import { usageLevel, usageRows } from './plan-form.ts';

const levelWords = { ok: '', near: 'nearly at the limit', full: 'at the limit' } as const;

/** Usage against the plan: a meter per quota held (vehicles, users, storage), the rates as figures. */
export function PlanUsageMeters({ view, label }: { view: TenantPlanView; label: string }) {
  const units = useUnits();
  return (
    <dl className="plan-usage" aria-label={label}>
      {usageRows(view, (v) => units.number(v)).map((row) => {
        const level = usageLevel(row.ratio);
        return (
          <div key={row.label} className={`plan-usage__row${level ? ` plan-usage__row--${level}` : ''}`}>
            <dt>{row.label}</dt>
            <dd>
              <span className="plan-usage__figure">
                {row.ratio === null ? row.used : `${row.used} of ${row.limit}`}
                {row.ratio === null && <span className="admin-muted"> · {row.limit}</span>}
                {level && level !== 'ok' && <span className="plan-usage__level"> · {levelWords[level]}</span>}
              </span>
              {row.ratio !== null && (
                <meter className="plan-usage__meter" min={0} max={1} low={0.8} high={0.99} optimum={0} value={Math.min(1, row.ratio)} aria-label={`${row.label}: ${row.used} of ${row.limit}`} />
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
