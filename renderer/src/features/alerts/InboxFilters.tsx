import { memo } from 'react';
import { alertSeverities, type AlertType } from '../../../../contract/api/alerts.ts';
import { alertTypeWords } from '../../ui/alert-words.ts';
import type { GroupOption } from '../devices/device-view.ts';
import type { InboxFilter, InboxShow } from './inbox-filter.ts';

interface Props {
  filter: InboxFilter;
  types: readonly AlertType[];
  groups: readonly GroupOption[];
  assignees: readonly { id: string; name: string }[];
  onChange(change: Partial<InboxFilter>): void;
}

/**
 * The inbox's filters in one row: status, severity chips, type, group, assignee. Memoised: a key
 * press in the inbox re-renders the panel, and React re-applies every select's value on each render.
 */
export const InboxFilters = memo(function InboxFilters({ filter, types, groups, assignees, onChange }: Props) {
  const any = (value: string) => (value === '' ? null : value);
  return (
    <div className="alerts__filters">
      <label className="visually-hidden" htmlFor="alert-show">Show</label>
      <select id="alert-show" className="input input--small" value={filter.show} onChange={(e) => onChange({ show: e.target.value as InboxShow })}>
        <option value="active">Open and acknowledged</option>
        <option value="open">Open only</option>
        <option value="all">All, including resolved</option>
      </select>
      <div className="alerts__severity" role="group" aria-label="Severity">
        {alertSeverities.map((s) => (
          <button key={s} type="button" className={`chip chip--${s}`} aria-pressed={filter.severity === s} onClick={() => onChange({ severity: filter.severity === s ? null : s })}>
            {s}
          </button>
        ))}
      </div>
      <select className="input input--small" aria-label="Type" value={filter.type ?? ''} onChange={(e) => onChange({ type: any(e.target.value) as AlertType | null })}>
        <option value="">Any type</option>
        {types.map((t) => <option key={t} value={t}>{alertTypeWords[t]}</option>)}
      </select>
      {groups.length > 1 && (
        <select className="input input--small" aria-label="Group" value={filter.group ?? ''} onChange={(e) => onChange({ group: any(e.target.value) })}>
          <option value="">Any group</option>
          {groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
        </select>
      )}
      <select className="input input--small" aria-label="Assignee" value={filter.assignee ?? ''} onChange={(e) => onChange({ assignee: any(e.target.value) })}>
        <option value="">Anyone</option>
        <option value="none">Unassigned</option>
        {assignees.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
      </select>
    </div>
  );
});
