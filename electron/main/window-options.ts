import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';

/**
 * The one place a console window is made, the main one and each pop-out alike, so a pop-out can
 * never have weaker settings than the main window. The web preferences are written out here in
 * full (not spread from elsewhere) so the security scan (npm run test:security) reads them.
 */
export function createSecureWindow(options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>, preload: string): BrowserWindow {
  return new BrowserWindow({
    ...options,
    webPreferences: {
      preload,
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
}
