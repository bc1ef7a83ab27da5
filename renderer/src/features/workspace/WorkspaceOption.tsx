import type { Workspace } from '../../../../contract/bridge/session.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { accountLabel, roleLabel } from './workspace-labels.ts';

interface Props {
  workspace: Workspace;
  /** 1-based position; 1–9 get a keyboard hint. */
  position: number;
  shortcutPrefix: string;
  busy?: boolean;
}

/** The face of one workspace in the picker and in the switcher menu. */
export function WorkspaceOption({ workspace, position, shortcutPrefix, busy = false }: Props) {
  return (
    <>
      <span className="workspace-option__key" aria-hidden="true">
        {position <= 9 ? `${shortcutPrefix}${position}` : ''}
      </span>
      <span className="workspace-option__main">
        <span className="workspace-option__tenant">{workspace.tenantName}</span>
        <span className="workspace-option__account">{accountLabel(workspace)}</span>
      </span>
      <span className={`role-badge role-badge--${workspace.role}`}>{roleLabel(workspace.role)}</span>
      {busy && <Spinner />}
    </>
  );
}
