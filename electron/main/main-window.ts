import { join } from 'node:path';
import { BrowserWindow, screen } from 'electron';
import { loadWindowState, restoreWindowState, saveWindowState } from '../core/window/window-state.ts';

export async function createMainWindow(options: { stateFile: string; preload: string; devServerUrl: string | undefined; rendererIndex: string }): Promise<BrowserWindow> {
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const state = restoreWindowState(await loadWindowState(options.stateFile), workAreas);
  const window = new BrowserWindow({
    ...state.bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#0f141a',
    title: 'Fleet Console',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click must not open links in new windows (the open handler denies them anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  const remember = () => {
    if (window.isDestroyed()) return;
    void saveWindowState(options.stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  };
  window.on('close', remember);

  if (options.devServerUrl) await window.loadURL(options.devServerUrl);
  else await window.loadFile(options.rendererIndex);
  return window;
}

export const rendererIndexPath = (mainDir: string) => join(mainDir, '../renderer/index.html');
export const preloadPath = (mainDir: string) => join(mainDir, '../preload/index.cjs');
