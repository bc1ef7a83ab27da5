/**
 * An export download of a fleet cloud (decision 0250): http(s), `/api/exports/<id>/download?ticket=…`.
 * Main hands such a link to Electron's download manager instead of navigating to it.
 */
export function isExportDownload(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && /^\/api\/exports\/[0-9a-f-]{36}\/download$/.test(parsed.pathname) && parsed.searchParams.has('ticket');
  } catch {
    return false;
  }
}
