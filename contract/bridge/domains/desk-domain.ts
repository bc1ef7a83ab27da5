import { Type } from 'typebox';
import { Uuid } from '../../api/ids.ts';
import type { BridgeCall, BridgeInput, BridgeSubscribe, Unsubscribe } from '../console-bridge.ts';
import { unwrap } from '../unwrap.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });

/** The panes that can open in a window of their own (a second monitor). */
export const paneNames = ['map', 'alerts', 'vehicles'] as const;
export type PaneName = (typeof paneNames)[number];
export const isPaneName = (value: unknown): value is PaneName => typeof value === 'string' && (paneNames as readonly string[]).includes(value);
/** A pane window's page is the console's own page with `?pane=<name>`; null for the main window. */
export function paneFromSearch(search: string): PaneName | null {
  // contract/ has no URL API (no DOM, no Node): the one parameter is read by hand.
  const pane = /(?:^\?|&)pane=([a-z]+)(?:&|$)/.exec(search)?.[1];
  return isPaneName(pane) ? pane : null;
}

/**
 * What every console window of a workspace shows as selected, held by the engine so that the
 * main window and its pop-outs agree (docs/decisions/0180-pop-out-windows-share-the-selection-through-the-engine.md).
 */
export interface DeskSelection {
  workspaceId: string;
  deviceId: string | null;
  /** The map keeps the selected vehicle in view. */
  following: boolean;
  /** The selecting window asked its map to fly to the vehicle once: the other maps do too. */
  focus: boolean;
  /** The window that made this selection: it ignores its own echo. */
  windowId: string;
  /** Engine-wide order: a window applies only selections newer than the one it has. */
  seq: number;
}

const WindowId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' });

export const deskInputs = {
  'desk.selection': Type.Object({ workspaceId: WorkspaceId }, { additionalProperties: false }),
  'desk.select': Type.Object(
    {
      workspaceId: WorkspaceId,
      deviceId: Type.Union([Uuid, Type.Null()]),
      following: Type.Boolean(),
      focus: Type.Boolean(),
      windowId: WindowId,
    },
    { additionalProperties: false },
  ),
} as const;

export interface DeskOutputs {
  /** The workspace's current selection (nothing selected before anyone chose). */
  'desk.selection': DeskSelection;
  'desk.select': DeskSelection;
}

export interface DeskEvents {
  onDeskSelection: DeskSelection;
}
export const deskEventNames = ['onDeskSelection'] as const satisfies ReadonlyArray<keyof DeskEvents>;

export interface DeskBridge {
  desk: {
    selection(input: BridgeInput<'desk.selection'>): Promise<DeskSelection>;
    select(input: BridgeInput<'desk.select'>): Promise<DeskSelection>;
  };
  onDeskSelection(listener: (selection: DeskSelection) => void): Unsubscribe;
}

export function buildDeskBridge(call: BridgeCall, subscribe: BridgeSubscribe): DeskBridge {
  return {
    desk: {
      selection: (input) => unwrap(call('desk.selection', input)),
      select: (input) => unwrap(call('desk.select', input)),
    },
    onDeskSelection: (listener) => subscribe('onDeskSelection', listener),
  };
}
