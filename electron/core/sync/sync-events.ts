import type { BridgeEventName, BridgeEvents } from '../../../contract/bridge/console-bridge.ts';

/** How the sync engine tells the hosts what changed; every payload names its workspace. */
export type SyncEmit = <E extends BridgeEventName>(event: E, payload: BridgeEvents[E]) => void;
