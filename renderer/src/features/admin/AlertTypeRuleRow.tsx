import { ruleThresholds, type AlertTypeRule } from '../../../../contract/api/alert-rules.ts';
import { alertSeverities, type AlertType } from '../../../../contract/api/alerts.ts';
import type { Group } from '../../../../contract/api/groups.ts';
import { alertTypeWords, severityWords, thresholdWords } from './alert-rule-words.ts';
import { thresholdFromField, toggleGroup } from './alert-rules-form.ts';

interface Props {
  type: AlertType;
  rule: AlertTypeRule;
  groups: readonly Group[];
  disabled: boolean;
  /** The server's words for why this rule never fires, if it does not. */
  warning: string | null;
  onChange(change: Partial<AlertTypeRule>): void;
}

/** One alert type's rule as a table row: on/off, severity, threshold, groups, quiet hours. */
export function AlertTypeRuleRow({ type, rule, groups, disabled, warning, onChange }: Props) {
  const label = alertTypeWords[type];
  const threshold = ruleThresholds[type];
  const off = disabled || !rule.enabled;
  const groupNames = (rule.groupIds ?? []).map((id) => groups.find((g) => g.id === id)?.name ?? 'a removed group');
  return (
    <tr className={`rule-row${rule.enabled ? '' : ' rule-row--off'}${warning ? ' rule-row--warn' : ''}`} data-testid={`rule-${type}`}>
      <td>
        <label className="rule-row__name">
          <input type="checkbox" checked={rule.enabled} disabled={disabled} onChange={(e) => onChange({ enabled: e.target.checked })} />
          <span>{label}</span>
        </label>
        {warning && <p className="rule-row__warning" role="note">{warning}</p>}
      </td>
      <td>
        <select className="input" aria-label={`${label}: severity`} value={rule.severity ?? ''} disabled={off} onChange={(e) => onChange({ severity: (e.target.value || null) as AlertTypeRule['severity'] })}>
          <option value="">Built-in</option>
          {alertSeverities.map((s) => <option key={s} value={s}>{severityWords[s]}</option>)}
        </select>
      </td>
      <td>
        {threshold ? (
          <span className="rule-row__threshold">
            <input
              className="input" type="number" aria-label={`${label}: ${thresholdWords[type] ?? 'threshold'} (${threshold.unit})`} placeholder="Account setting"
              min={threshold.min} max={threshold.max} step="any" disabled={off} defaultValue={rule.threshold ?? ''}
              onChange={(e) => onChange({ threshold: thresholdFromField(e.target.value) })}
            />
            <span className="admin-muted">{threshold.unit}</span>
          </span>
        ) : <span className="admin-muted">—</span>}
      </td>
      <td>
        <details className="rule-row__groups">
          <summary aria-label={`${label}: groups`}>{rule.groupIds === null ? 'All vehicles' : groupNames.length === 0 ? 'No group' : groupNames.join(', ')}</summary>
          <div className="rule-row__group-list">
            <label className="admin-check">
              <input type="checkbox" checked={rule.groupIds === null} disabled={off} onChange={(e) => onChange({ groupIds: e.target.checked ? null : [] })} />
              All vehicles
            </label>
            {groups.map((g) => (
              <label key={g.id} className="admin-check">
                <input type="checkbox" checked={rule.groupIds?.includes(g.id) ?? false} disabled={off || rule.groupIds === null} onChange={() => onChange(toggleGroup(rule, g.id))} />
                {g.name} <span className="admin-muted">({g.deviceCount})</span>
              </label>
            ))}
          </div>
        </details>
      </td>
      <td>
        <span className="rule-row__quiet">
          <input type="checkbox" aria-label={`${label}: quiet hours`} checked={rule.quietHours !== null} disabled={off} onChange={(e) => onChange({ quietHours: e.target.checked ? { from: '22:00', to: '06:00' } : null })} />
          {rule.quietHours ? (
            <>
              <input className="input" type="time" aria-label={`${label}: quiet from`} value={rule.quietHours.from} disabled={off} required onChange={(e) => rule.quietHours && e.target.value && onChange({ quietHours: { ...rule.quietHours, from: e.target.value } })} />
              <span aria-hidden="true">–</span>
              <input className="input" type="time" aria-label={`${label}: quiet until`} value={rule.quietHours.to} disabled={off} required onChange={(e) => rule.quietHours && e.target.value && onChange({ quietHours: { ...rule.quietHours, to: e.target.value } })} />
            </>
          ) : <span className="admin-muted">None</span>}
        </span>
      </td>
    </tr>
  );
}
