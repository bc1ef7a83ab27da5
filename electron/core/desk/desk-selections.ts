import type { DeskSelection } from '../../../contract/bridge/domains/desk-domain.ts';

export type SelectInput = Omit<DeskSelection, 'seq'>;

/**
 * The selection every console window of a workspace shares (the main window and its pop-outs):
 * one per workspace, in memory only — a restart starts with nothing selected, like a fresh
 * console. Each change is numbered engine-wide and announced to every window, including the one
 * that made it (it recognises its own `windowId`).
 */
export class DeskSelections {
  readonly #byWorkspace = new Map<string, DeskSelection>();
  readonly #announce: (selection: DeskSelection) => void;
  #seq = 0;

  constructor(announce: (selection: DeskSelection) => void) {
    this.#announce = announce;
  }

  current(workspaceId: string): DeskSelection {
    return this.#byWorkspace.get(workspaceId) ?? { workspaceId, deviceId: null, following: false, focus: false, windowId: 'none', seq: 0 };
  }

  select(input: SelectInput): DeskSelection {
    // Nothing selected means nothing to follow, whatever the window said.
    const selection: DeskSelection = { ...input, following: input.deviceId !== null && input.following, seq: ++this.#seq };
    this.#byWorkspace.set(input.workspaceId, selection);
    this.#announce(selection);
    return selection;
  }
}
