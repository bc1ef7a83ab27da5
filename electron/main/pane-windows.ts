import { dialog, screen, type BrowserWindow, type MessagePortMain } from 'electron';
import { paneNames, type PaneName } from '../../contract/bridge/domains/desk-domain.ts';
import type { EngineSupervisor } from '../engine-host/engine-supervisor.ts';
import { closeWithPopOutsQuestion } from '../core/window/close-with-pop-outs.ts';
import { loadPaneWindows, paneBounds, rememberPaneBounds, savePaneWindows, withOpenPanes, type PaneWindowsState } from '../core/window/pane-windows-state.ts';
import type { Rect } from '../core/window/window-state.ts';
import { linkWindowToEngine } from './engine-link.ts';
import { createSecureWindow } from './window-options.ts';

export interface PaneWindowsOptions {
  stateFile: string;
  preload: string;
  rendererIndex: string;
  devServerUrl: string | undefined;
  engine: EngineSupervisor<MessagePortMain>;
  isOwnUrl(url: string): boolean;
}

const titles: Record<PaneName, string> = { map: 'Map', alerts: 'Alerts', vehicles: 'Vehicles' };

/** The primary display first (the fallback place), then the others. */
function workAreas(): Rect[] {
  const primary = screen.getPrimaryDisplay();
  return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
}

/**
 * The pop-out windows (one per pane, for a second monitor): each a BrowserWindow with the main
 * window's web preferences, linked to the engine like the main window (the selection is shared
 * through the engine), its place remembered per display arrangement
 * (electron/core/window/pane-windows-state.ts). The panes open when the console closed open again
 * at start.
 */
export class PaneWindows {
  readonly #windows = new Map<PaneName, BrowserWindow>();
  readonly #o: PaneWindowsOptions;
  #state: PaneWindowsState;
  /** While the console quits, windows closing do not count as "closed by the person". */
  #closingAll = false;

  private constructor(options: PaneWindowsOptions, state: PaneWindowsState) {
    this.#o = options;
    this.#state = state;
  }

  static async load(options: PaneWindowsOptions): Promise<PaneWindows> {
    return new PaneWindows(options, await loadPaneWindows(options.stateFile));
  }

  /** Opens the pop-outs that were open when the console last closed. */
  restore(): void {
    for (const pane of this.#state.open) void this.open(pane);
  }

  open(pane: PaneName): void {
    const existing = this.#windows.get(pane);
    if (existing && !existing.isDestroyed()) {
      existing.focus();
      return;
    }
    const window = createSecureWindow({
      ...paneBounds(this.#state, pane, workAreas()),
      minWidth: 420,
      minHeight: 360,
      show: false,
      backgroundColor: '#0f141a',
      title: `${titles[pane]} — Fleet Console`,
      autoHideMenuBar: true,
    }, this.#o.preload);
    this.#windows.set(pane, window);
    window.once('ready-to-show', () => window.show());
    const unlink = linkWindowToEngine(this.#o.engine, window, this.#o.isOwnUrl);
    window.on('close', () => {
      if (window.isDestroyed()) return;
      this.#state = rememberPaneBounds(this.#state, pane, window.getNormalBounds(), workAreas());
    });
    window.on('closed', () => {
      unlink();
      this.#windows.delete(pane);
      if (!this.#closingAll) this.#save();
    });
    this.#save();
    const load = this.#o.devServerUrl ? window.loadURL(`${this.#o.devServerUrl}?pane=${pane}`) : window.loadFile(this.#o.rendererIndex, { query: { pane } });
    load.catch((error: unknown) => console.error(`[main] the ${pane} window did not load:`, error));
  }

  openPanes(): PaneName[] {
    return paneNames.filter((p) => this.#windows.has(p));
  }

  /**
   * The main window is closing: asks first when pop-outs are open (they close with it). Returns
   * false when the person chose to keep the console open.
   */
  confirmCloseWithMain(main: BrowserWindow): boolean {
    const question = closeWithPopOutsQuestion(this.openPanes());
    if (!question) return true;
    const choice = dialog.showMessageBoxSync(main, { type: 'question', message: question.message, detail: question.detail, buttons: question.buttons, defaultId: question.closeId, cancelId: question.cancelId });
    if (choice === question.cancelId) return false;
    // Remember which were open, so they come back at the next start.
    this.#state = withOpenPanes(this.#state, this.openPanes());
    this.#closingAll = true;
    for (const window of this.#windows.values()) window.close();
    void savePaneWindows(this.#o.stateFile, this.#state);
    return true;
  }

  #save(): void {
    this.#state = withOpenPanes(this.#state, this.openPanes());
    void savePaneWindows(this.#o.stateFile, this.#state).catch((error: unknown) => console.error('[main] pop-out places not saved:', error));
  }
}
