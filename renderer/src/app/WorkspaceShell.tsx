import { useCallback, useState } from 'react';
import type { Account, Workspace } from '../../../contract/bridge/session.ts';
import { AdminEntry } from '../features/admin/AdminEntry.tsx';
import { DispatchConsole } from '../features/console/DispatchConsole.tsx';
import { useTheme } from '../features/settings/use-theme.ts';
import { OfflineReviewBanner } from '../features/session/OfflineReviewBanner.tsx';
import { useActivateWorkspace, useSignOut } from '../features/session/use-session.ts';
import { SyncIndicator } from '../features/sync/SyncBar.tsx';
import { useShellShortcuts } from '../features/workspace/use-shell-shortcuts.ts';
import { accountLabel, roleLabel } from '../features/workspace/workspace-labels.ts';
import { WorkspaceSwitcher } from '../features/workspace/WorkspaceSwitcher.tsx';
import { InlineAlert } from '../ui/InlineAlert.tsx';
import { Spinner } from '../ui/Spinner.tsx';
import { useUiStore } from '../ui/ui-store.ts';
import { lazyFeature } from './lazy-feature.tsx';
import { TenantUnits } from './TenantUnits.tsx';
import './shell.css';
import { errorText } from '../ui/error-text.ts';
import { can } from '../../../contract/api/permissions.ts';
import { useConsoleStore } from '../features/console/console-store.ts';

/** Personal settings open rarely: their dialog is its own chunk, mounted only while open. */
const settingsDialog = lazyFeature('settings', () => import('../features/settings/SettingsDialog.tsx').then((m) => m.SettingsDialog), () => null);
/** Fleet insights (charts, exports) are a manager's screen: their own chunk, loaded on first open. */
const insightsPage = lazyFeature('insights', () => import('../features/insights/InsightsPage.tsx').then((m) => m.InsightsPage));

type Section = 'operations' | 'insights';

interface Props {
  active: Workspace;
  workspaces: readonly Workspace[];
  accounts: readonly Account[];
}

/** The frame around a workspace: who and where you are, switching, signing out, then the content. */
export function WorkspaceShell({ active, workspaces, accounts }: Props) {
  const activate = useActivateWorkspace();
  const signOut = useSignOut();
  const setSwitcherOpen = useUiStore((s) => s.setSwitcherOpen);
  const account = accounts.find((a) => a.accountId === active.accountId);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [section, setSection] = useState<Section>('operations');
  const selectVehicle = useConsoleStore((s) => s.select);
  const openVehicle = useCallback(
    (deviceId: string) => {
      selectVehicle(deviceId, { focus: true });
      setSection('operations');
    },
    [selectVehicle],
  );
  useTheme();
  const { mutate: activateWorkspace, reset: resetActivate } = activate;

  const switchTo = useCallback(
    (workspace: Workspace | undefined) => {
      if (!workspace || workspace.workspaceId === active.workspaceId) return;
      resetActivate();
      activateWorkspace({ workspaceId: workspace.workspaceId });
    },
    [active.workspaceId, activateWorkspace, resetActivate],
  );
  useShellShortcuts({
    switchTo: useCallback((index: number) => switchTo(workspaces[index]), [switchTo, workspaces]),
    openSwitcher: useCallback(() => setSwitcherOpen(true), [setSwitcherOpen]),
  });

  const switchingTo = activate.isPending ? activate.variables.workspaceId : null;
  const target = workspaces.find((w) => w.workspaceId === switchingTo);
  return (
    <TenantUnits workspaceId={active.workspaceId}>
    <div className="shell">
      <header className="topbar">
        <div className="brand-mark brand-mark--small" aria-hidden="true" />
        <div className="topbar__workspace">
          <span className="topbar__tenant" data-testid="active-workspace">
            {active.tenantName}
          </span>
          <span className={`role-badge role-badge--${active.role}`}>{roleLabel(active.role)}</span>
          <span className="topbar__account">{accountLabel(active)}</span>
        </div>
        <WorkspaceSwitcher active={active} workspaces={workspaces} switchingTo={switchingTo} onSwitch={switchTo} />
        {target && (
          <span className="topbar__progress" role="status">
            <Spinner /> Opening {target.tenantName}…
          </span>
        )}
        <nav className="topbar__nav" aria-label="Console sections">
          <button type="button" className="topbar__nav-item" aria-current={section === 'operations' ? 'page' : undefined} onClick={() => setSection('operations')}>
            Operations
          </button>
          {can(active.role, 'reports.read') && (
            <button
              type="button"
              className="topbar__nav-item"
              aria-current={section === 'insights' ? 'page' : undefined}
              onPointerEnter={insightsPage.prefetch}
              onFocus={insightsPage.prefetch}
              onClick={() => setSection('insights')}
            >
              Insights
            </button>
          )}
          {/* Slot: the administration entry (features/admin) goes here, one link/button. */}
        </nav>
        <div className="topbar__spacer" />
        <SyncIndicator workspaceId={active.workspaceId} />
        {/* Tenancy admin screens (issue 3): the one entry point; everything else is in features/admin. */}
        <AdminEntry key={active.workspaceId} workspace={active} />
        <button type="button" className="button button--ghost" onPointerEnter={settingsDialog.prefetch} onFocus={settingsDialog.prefetch} onClick={() => setSettingsOpen(true)}>
          Settings
        </button>
        {account && <span className="topbar__user">{account.displayName}</span>}
        <button
          type="button"
          className="button"
          disabled={signOut.isPending}
          onClick={() => signOut.mutate({ accountId: active.accountId })}
        >
          {signOut.isPending ? 'Signing out…' : 'Sign out'}
        </button>
      </header>
      {account?.offlineReview && <OfflineReviewBanner account={account} />}
      {(activate.isError || signOut.isError) && (
        <div className="shell__alert">
          <InlineAlert tone="error">
            {activate.isError ? `Could not switch workspace: ${errorText(activate.error)}` : `Could not sign out: ${errorText(signOut.error)}`}
          </InlineAlert>
        </div>
      )}
      <div className="shell__content">
        {/* Keyed by workspace so nothing of the previous tenant survives a switch. The console stays
            mounted under insights, so going back finds the map and lists as they were. */}
        <div className="shell__section" hidden={section !== 'operations'}>
          <DispatchConsole key={active.workspaceId} workspaceId={active.workspaceId} accountId={active.accountId} groupScoped={active.groupScoped === true} tenantName={active.tenantName} role={active.role} />
        </div>
        {section === 'insights' && (
          <div className="shell__section">
            <insightsPage.Lazy key={active.workspaceId} workspaceId={active.workspaceId} tenantName={active.tenantName} onOpenVehicle={openVehicle} />
          </div>
        )}
      </div>
      {settingsOpen && <settingsDialog.Lazy open onClose={() => setSettingsOpen(false)} />}
    </div>
    </TenantUnits>
  );
}
