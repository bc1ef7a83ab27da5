import type { PaneName } from '../../../../contract/bridge/domains/desk-domain.ts';

/** The address of a pane's own window: the same page, told which pane to show. */
export const paneUrl = (pane: PaneName) => `./?pane=${pane}`;


const sizes: Record<PaneName, { width: number; height: number }> = {
  map: { width: 1280, height: 800 },
  alerts: { width: 720, height: 800 },
  vehicles: { width: 560, height: 800 },
};

/**
 * Pop-out windows opened by this page. In a browser (the web host) `window.open` returns the new
 * window and this page owns it: it asks before closing with pop-outs open, and closes them when it
 * goes. In Electron the main process opens the pane as its own BrowserWindow (window.open returns
 * null here) and asks on close itself (electron/main/pane-windows.ts).
 */
export class PopOuts {
  readonly #open = new Map<PaneName, Window>();
  readonly #host: Window;

  constructor(host: Window) {
    this.#host = host;
  }

  /** Opens the pane's window, or brings it forward when it is open already. */
  open(pane: PaneName): void {
    const existing = this.#open.get(pane);
    if (existing && !existing.closed) {
      existing.focus();
      return;
    }
    const { width, height } = sizes[pane];
    const opened = this.#host.open(paneUrl(pane), `fleet-console-${pane}`, `popup,width=${width},height=${height}`);
    if (opened) this.#open.set(pane, opened);
  }

  /** Pop-outs still open (a person may have closed some themselves). */
  count(): number {
    for (const [pane, w] of this.#open) if (w.closed) this.#open.delete(pane);
    return this.#open.size;
  }

  closeAll(): void {
    for (const w of this.#open.values()) if (!w.closed) w.close();
    this.#open.clear();
  }

  /**
   * While pop-outs are open, leaving this page asks first (the browser's own prompt), and a page
   * that does go closes them: a pop-out without its main window would be an orphan.
   */
  guardClose(): () => void {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (this.count() === 0) return;
      event.preventDefault();
    };
    const pageHide = () => this.closeAll();
    this.#host.addEventListener('beforeunload', beforeUnload);
    this.#host.addEventListener('pagehide', pageHide);
    return () => {
      this.#host.removeEventListener('beforeunload', beforeUnload);
      this.#host.removeEventListener('pagehide', pageHide);
    };
  }
}

/**
 * A pop-out closes itself once the window that opened it is gone. The opener closes its pop-outs
 * as it leaves (`guardClose`), but a page that crashes, or is closed without its `pagehide`
 * reaching them, would leave orphans showing a desk nobody drives. No-op in Electron, where the
 * main process owns pane windows (they have no opener).
 */
export function closeWhenOrphaned(self: Window, everyMs = 1000): () => void {
  const opener = self.opener as Window | null;
  if (!opener) return () => undefined;
  const timer = self.setInterval(() => {
    if (opener.closed) self.close();
  }, everyMs);
  return () => self.clearInterval(timer);
}
