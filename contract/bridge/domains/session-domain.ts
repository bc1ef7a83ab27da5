import type { BridgeInput, BridgeCall, BridgeSubscribe, Unsubscribe } from '../console-bridge.ts';
import { unwrap } from '../unwrap.ts';
import { NoInput, SignInInput, SignOutInput, UnlockInput, WorkspaceInput, type SessionState } from '../session.ts';

/** Sign-in, sign-out and switching workspaces. */
export const sessionInputs = {
  'session.state': NoInput,
  'session.signIn': SignInInput,
  'session.unlock': UnlockInput,
  'session.signOut': SignOutInput,
  'workspace.activate': WorkspaceInput,
} as const;

export interface SessionOutputs {
  'session.state': SessionState;
  'session.signIn': SessionState;
  'session.unlock': SessionState;
  'session.signOut': SessionState;
  'workspace.activate': SessionState;
}

export interface SessionEvents {
  onSessionChanged: SessionState;
}
export const sessionEventNames = ['onSessionChanged'] as const satisfies ReadonlyArray<keyof SessionEvents>;

export interface SessionBridge {
  session: {
    state(): Promise<SessionState>;
    signIn(input: BridgeInput<'session.signIn'>): Promise<SessionState>;
    /** A known account: online sign-in when its server answers, else offline review (session.ts). */
    unlock(input: BridgeInput<'session.unlock'>): Promise<SessionState>;
    signOut(input: BridgeInput<'session.signOut'>): Promise<SessionState>;
  };
  workspace: {
    activate(input: BridgeInput<'workspace.activate'>): Promise<SessionState>;
  };
  onSessionChanged(listener: (state: SessionState) => void): Unsubscribe;
}

export function buildSessionBridge(call: BridgeCall, subscribe: BridgeSubscribe): SessionBridge {
  return {
    session: {
      state: () => unwrap(call('session.state', {})),
      signIn: (input) => unwrap(call('session.signIn', input)),
      unlock: (input) => unwrap(call('session.unlock', input)),
      signOut: (input) => unwrap(call('session.signOut', input)),
    },
    workspace: {
      activate: (input) => unwrap(call('workspace.activate', input)),
    },
    onSessionChanged: (listener) => subscribe('onSessionChanged', listener),
  };
}
