/** Saves a file the console made (exports) through the browser's download, in Electron and the web host alike. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled, not synchronously (Chromium may not have read it yet).
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(fileName: string, text: string, mime: string): void {
  downloadBlob(fileName, new Blob([text], { type: mime }));
}

/**
 * Hands a URL that answers with an attachment (a fleet-cloud export with its one-time ticket) to
 * the browser's own download, which streams it to disk: nothing of it passes through the page.
 * In Electron, main gives such a link to the download manager instead of navigating.
 */
export function downloadUrl(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.rel = 'noopener noreferrer';
  document.body.appendChild(link);
  link.click();
  link.remove();
}
