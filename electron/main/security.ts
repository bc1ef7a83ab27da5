import { app, session, type WebContents } from 'electron';
import { contentSecurityPolicy, developmentContentSecurityPolicy } from '../../contract/content-security-policy.ts';

/** The renderer's own origin(s): file:// in production, the dev server in development. */
export function isOwnUrl(url: string, devServerUrl: string | undefined): boolean {
  if (devServerUrl && url.startsWith(devServerUrl)) return true;
  return url.startsWith('file://');
}

/**
 * Hardening that applies to every window: deny permission requests, deny navigation outside the
 * app and every new window, strict CSP.
 */
export function hardenApp(devServerUrl: string | undefined): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [devServerUrl ? developmentContentSecurityPolicy : contentSecurityPolicy] } });
  });

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // No new windows at all: a link that tries to open one (even an attribution link) is dropped
    // rather than handed to the OS, so page content can never launch external programs.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
