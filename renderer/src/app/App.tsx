import type { PaneName } from '../../../contract/bridge/domains/desk-domain.ts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useBridge, useConnectionStatus } from '../bridge/bridge-context.ts';
import { useFleetReloads } from '../features/live/use-fleet.ts';
import { sessionView } from '../features/session/session-cache.ts';
import { SignInScreen } from '../features/session/SignInScreen.tsx';
import { useSessionState } from '../features/session/use-session.ts';
import { WorkspacePicker } from '../features/workspace/WorkspacePicker.tsx';
import { ConnectionLostBanner } from '../ui/ConnectionLostBanner.tsx';
import { Toaster } from '../ui/toast/Toaster.tsx';
import { FullScreenMessage } from '../ui/FullScreenMessage.tsx';
import { useUiStore } from '../ui/ui-store.ts';
import { errorText } from '../ui/error-text.ts';
import { lazyFeature } from './lazy-feature.tsx';
import { prefetchWithSession } from './prefetch-with-session.ts';

/**
 * The workspace (dispatch console, map, MapLibre) is a chunk of its own, asked for at once: it
 * downloads and compiles while the page connects to the engine and asks who is signed in, and
 * the sign-in screen does not wait for it (docs/decisions/0085-renderer-code-splitting.md).
 */
const workspaceShell = lazyFeature(
  'the workspace',
  () => import('./WorkspaceShell.tsx').then((m) => m.WorkspaceShell),
  () => <FullScreenMessage busy title="Opening the workspace…" />,
);
workspaceShell.prefetch();
const WorkspaceShell = workspaceShell.Lazy;

/** A pop-out window's shell (one pane on a second monitor): its own chunk, asked for only by pop-outs. */
const paneShell = lazyFeature(
  'the pop-out window',
  () => import('../features/desk/PaneShell.tsx').then((m) => m.PaneShell),
  () => <FullScreenMessage busy title="Opening the window…" />,
);
const PaneShell = paneShell.Lazy;

/**
 * Routes by session state: sign-in, workspace picker, or the shell of the active workspace; a
 * pop-out window (`pane`) shows its one pane of the active workspace instead.
 */
export function App({ pane = null }: { pane?: PaneName | null }) {
  const lost = useConnectionStatus() === 'lost';
  return (
    <>
      {lost && <ConnectionLostBanner />}
      {/* Once the engine is gone every action would fail; inert keeps people from trying. */}
      <div className="app-root" inert={lost}>
        <SessionRoute pane={pane} />
      </div>
      <Toaster />
    </>
  );
}

function SessionRoute({ pane }: { pane: PaneName | null }) {
  const session = useSessionState();
  const lost = useConnectionStatus() === 'lost';
  const addingAccount = useUiStore((s) => s.addingAccount);
  const bridge = useBridge();
  const queryClient = useQueryClient();
  // The map's vehicles and the shipped basemap's archive and glyphs, asked for as soon as the
  // session names the workspace: they arrive while the workspace chunk and MapLibre still load
  // (decisions 0340 and 0365), and before the map is created (0515). The shipped map also shows
  // while a tenant's online map is being checked.
  const activeWorkspaceId = session.data?.activeWorkspaceId ?? null;
  const showsMap = pane === null || pane === 'map';
  useEffect(() => prefetchWithSession(queryClient, bridge, { showsMap }), [bridge, queryClient, showsMap]);
  useFleetReloads(activeWorkspaceId);

  if (session.isPending) return <FullScreenMessage busy title="Connecting to the console engine…" />;
  if (session.isError && lost) {
    // The banner above says how the reconnection goes (it reloads the tab by itself).
    return <FullScreenMessage title="Not connected to the console engine" detail="The console reconnects by itself when its engine answers again." />;
  }
  if (session.isError) {
    return (
      <FullScreenMessage
        title="The console engine did not answer"
        detail={errorText(session.error)}
        action={{ label: 'Try again', run: () => void session.refetch() }}
      />
    );
  }

  const view = sessionView(session.data, addingAccount);
  if (pane) {
    // Signing in and choosing a workspace happen in the main window; a pop-out follows it.
    if (view.screen !== 'workspace') return <FullScreenMessage title="No workspace is open" detail="Sign in and open a workspace in the main console window; this window then shows it." />;
    return <PaneShell pane={pane} active={view.active} />;
  }
  switch (view.screen) {
    case 'sign-in':
      return <SignInScreen notice={view.notice} accounts={session.data.accounts} knownAccounts={session.data.knownAccounts} />;
    case 'pick-workspace':
      return <WorkspacePicker workspaces={view.workspaces} />;
    case 'workspace':
      return <WorkspaceShell active={view.active} workspaces={view.workspaces} accounts={session.data.accounts} />;
  }
}
