import { join } from 'node:path';
import { screen, type BrowserWindow } from 'electron';
import { loadWindowState, restoreWindowState, saveWindowState } from '../core/window/window-state.ts';
import { createSecureWindow } from './window-options.ts';

export async function createMainWindow(options: { stateFile: string; preload: string; devServerUrl: string | undefined; rendererIndex: string }): Promise<BrowserWindow> {
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const state = restoreWindowState(await loadWindowState(options.stateFile), workAreas);
  const window = createSecureWindow({
    ...state.bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#0f141a',
    title: 'Fleet Console',
    autoHideMenuBar: true,
  }, options.preload);
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
