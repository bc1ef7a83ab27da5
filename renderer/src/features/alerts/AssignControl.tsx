import { useQuery } from '@tanstack/react-query';
import type { Role } from '../../../../contract/api/auth.ts';
import { can } from '../../../../contract/api/permissions.ts';
import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';

interface Props {
  workspaceId: string;
  role: Role;
  alert: ConsoleAlert;
  disabled: boolean;
  onAssign(assigneeId: string | null): void;
}

/**
 * Picks who handles an alert from the people who may handle alerts (alerts.assignees: id and
 * name only, needs `alerts.handle` rather than `users.read`, so dispatchers can reassign; the
 * engine keeps the last list for offline use). Roles without `alerts.handle` see no picker.
 */
export function AssignControl({ workspaceId, role, alert, disabled, onAssign }: Props) {
  const bridge = useBridge();
  const allowed = can(role, 'alerts.handle');
  const members = useQuery({
    queryKey: queryKeys.assignableMembers(workspaceId),
    enabled: allowed,
    staleTime: 5 * 60_000,
    retry: false,
    queryFn: () => bridge.alerts.assignees({ workspaceId }),
  });
  if (!allowed) return null;
  const id = `assign-${alert.id}`;
  const current = alert.assignee?.id ?? '';
  const options = members.data?.items ?? [];
  return (
    <span className="alert-item__assign">
      <label className="visually-hidden" htmlFor={id}>
        Assign to
      </label>
      <select id={id} className="input" value={current} disabled={disabled || !members.data} onChange={(e) => onAssign(e.target.value || null)}>
        <option value="">{members.isPending ? 'Loading people…' : members.isError ? 'People unavailable offline' : 'Unassigned'}</option>
        {alert.assignee && !options.some((m) => m.id === alert.assignee?.id) && <option value={alert.assignee.id}>{alert.assignee.displayName}</option>}
        {options.map((m) => (
          <option key={m.id} value={m.id}>
            {m.displayName}
          </option>
        ))}
      </select>
    </span>
  );
}
