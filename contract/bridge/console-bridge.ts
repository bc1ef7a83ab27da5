import type { Static, TSchema } from 'typebox';
import type { DeviceListResponse } from '../api/devices.ts';
import type { BridgeResult } from './bridge-error.ts';
import { AccountInput, NoInput, SignInInput, WorkspaceInput, type SessionState } from './session.ts';

/**
 * The one list of what the renderer may ask of the console engine. Electron's main process
 * (over IPC) and the web host (over its loopback WebSocket) both serve exactly these methods,
 * validating every input against its schema here, because the renderer is untrusted.
 */
export const bridgeInputs = {
  'session.state': NoInput,
  'session.signIn': SignInInput,
  'session.signOut': AccountInput,
  'workspace.activate': WorkspaceInput,
  'devices.list': WorkspaceInput,
} as const satisfies Record<string, TSchema>;

export type BridgeMethod = keyof typeof bridgeInputs;
export const bridgeMethods = Object.keys(bridgeInputs) as BridgeMethod[];

export type BridgeInput<M extends BridgeMethod> = Static<(typeof bridgeInputs)[M]>;

export interface BridgeOutputs {
  'session.state': SessionState;
  'session.signIn': SessionState;
  'session.signOut': SessionState;
  'workspace.activate': SessionState;
  'devices.list': DeviceListResponse;
}

/** Events the engine pushes to the renderer. */
export interface BridgeEvents {
  onSessionChanged: SessionState;
}
export type BridgeEventName = keyof BridgeEvents;
export const bridgeEventNames: BridgeEventName[] = ['onSessionChanged'];

/** What the engine implements; the hosts route validated calls to it. */
export type BridgeHandlers = {
  [M in BridgeMethod]: (input: BridgeInput<M>) => Promise<BridgeOutputs[M]>;
};

export type Unsubscribe = () => void;

/** The renderer's view of the engine: `domain.verb`, events `onX`. Throws BridgeError. */
export interface ConsoleBridge {
  session: {
    state(): Promise<SessionState>;
    signIn(input: BridgeInput<'session.signIn'>): Promise<SessionState>;
    signOut(input: BridgeInput<'session.signOut'>): Promise<SessionState>;
  };
  workspace: {
    activate(input: BridgeInput<'workspace.activate'>): Promise<SessionState>;
  };
  devices: {
    list(input: BridgeInput<'devices.list'>): Promise<DeviceListResponse>;
  };
  onSessionChanged(listener: (state: SessionState) => void): Unsubscribe;
}

/** A transport's primitive: send one call, get its result envelope. */
export type BridgeCall = <M extends BridgeMethod>(
  method: M,
  input: BridgeInput<M>,
) => Promise<BridgeResult<BridgeOutputs[M]>>;

/** A transport's primitive for events. */
export type BridgeSubscribe = <E extends BridgeEventName>(
  event: E,
  listener: (payload: BridgeEvents[E]) => void,
) => Unsubscribe;
