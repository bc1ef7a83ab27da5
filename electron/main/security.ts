import { isExportDownload } from './export-download-url.ts';
import { app, session, type WebContents } from 'electron';
import { contentSecurityPolicy, developmentContentSecurityPolicy } from '../../contract/content-security-policy.ts';
import { paneFromSearch, type PaneName } from '../../contract/bridge/domains/desk-domain.ts';

/** The renderer's own origin(s): file:// in production, the dev server in development. */
export function isOwnUrl(url: string, devServerUrl: string | undefined): boolean {
  if (devServerUrl && url.startsWith(devServerUrl)) return true;
  return url.startsWith('file://');
}

/**
 * The permissions the console uses: desktop notifications for critical alerts (a user setting),
 * and writing plain text to the clipboard (the Copy button of a one-time device secret; reading
 * the clipboard stays denied).
 * Everything else (camera, geolocation, reading the clipboard, …) is denied, and so is any request that does
 * not come from our own page.
 */
const allowedPermissions = new Set(['notifications', 'clipboard-sanitized-write']);

/**
 * Hardening that applies to every window: deny permission requests except the allowed ones from
 * our own page, deny navigation outside the app and every new window, strict CSP.
 */
export function hardenApp(devServerUrl: string | undefined, openPane: (pane: PaneName) => void = () => undefined): void {
  const allowed = (permission: string, url: string) => allowedPermissions.has(permission) && isOwnUrl(url, devServerUrl);
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(allowed(permission, details.requestingUrl || contents.getURL()));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [devServerUrl ? developmentContentSecurityPolicy : contentSecurityPolicy] } });
  });

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (isOwnUrl(url, devServerUrl)) return;
      event.preventDefault();
      // A fleet-cloud export link (one-time ticket, decision 0250) is a file, never a page: it
      // goes to the download manager, which streams it to disk.
      if (isExportDownload(url)) contents.downloadURL(url);
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // No new windows from page content: a link that tries to open one (even an attribution link)
    // is dropped rather than handed to the OS, so page content can never launch external
    // programs. Our own page asking for a pane (`?pane=map`) gets it, opened by main itself
    // with the main window's settings (pane-windows.ts).
    contents.setWindowOpenHandler(({ url }) => {
      const pane = isOwnUrl(url, devServerUrl) ? paneFromUrl(url) : null;
      if (pane) openPane(pane);
      return { action: 'deny' };
    });
  });
}

function paneFromUrl(url: string): PaneName | null {
  try {
    return paneFromSearch(new URL(url).search);
  } catch {
    return null;
  }
}
