import archiveUrl from '../../../../resources/basemap/basemap.pmtiles?url';

/**
 * The shipped basemap's files (the PMTiles archive and the SDF glyphs) and their early reads. This
 * module does not import MapLibre, so the first chunk can start the reads as soon as the session
 * names a workspace, while MapLibre's chunk still loads: otherwise the archive was asked for only
 * when the map's first tile was, after the first frame (docs/decisions/0365-first-paint-critical-path.md).
 */

// Every glyph file is a build asset; the map asks for them by font stack and range.
const glyphFiles = import.meta.glob<string>('../../../../resources/basemap/glyphs/*/*.pbf', { query: '?url', import: 'default', eager: true });
const glyphUrls = new Map(Object.entries(glyphFiles).map(([path, url]) => [path.split('/glyphs/')[1] ?? path, url]));

/** The basemap style's two fonts (basemap-style.ts). */
export const regularFont = ['Noto Sans Regular'];
export const boldFont = ['Noto Sans Bold'];
/** The glyph ranges every labelled start needs: Latin with å, ä, ö, in both fonts. */
const startGlyphs = [...regularFont, ...boldFont].map((font) => `${font}/0-255.pbf`);

/**
 * Reads a bundled file as bytes. XMLHttpRequest rather than fetch because Electron loads the
 * renderer from file://, which fetch() refuses and XHR reads (as MapLibre itself does there).
 */
export function loadBytes(url: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('GET', new URL(url, document.baseURI).href);
    request.responseType = 'arraybuffer';
    request.onload = () => ((request.status === 200 || request.status === 0) && request.response instanceof ArrayBuffer ? resolve(request.response) : reject(new Error(`${url}: HTTP ${request.status}`)));
    request.onerror = () => reject(new Error(`${url}: could not be read`));
    request.send();
  });
}

let archive: Promise<ArrayBuffer> | null = null;
/** Glyph reads started early, each handed out once: MapLibre may transfer the buffer to its worker. */
const earlyGlyphs = new Map<string, Promise<ArrayBuffer>>();

/** The shipped archive's bytes, read once per page; a failed read is tried again on the next call. */
export function shippedArchiveBytes(): Promise<ArrayBuffer> {
  archive ??= loadBytes(archiveUrl).catch((error: unknown) => {
    archive = null;
    throw error;
  });
  return archive;
}

/** A glyph file by `<font stack>/<range>.pbf`; null for a range we do not ship (e.g. CJK). */
export function glyphBytes(path: string): Promise<ArrayBuffer> | null {
  const early = earlyGlyphs.get(path);
  if (early) {
    earlyGlyphs.delete(path);
    return early;
  }
  const url = glyphUrls.get(path);
  return url ? loadBytes(url) : null;
}

/** Starts reading the archive and the start's glyphs; safe to call any number of times. */
export function prefetchShippedBasemap(): void {
  if (archive) return;
  shippedArchiveBytes().catch(() => undefined);
  for (const path of startGlyphs) {
    const url = glyphUrls.get(path);
    if (!url) continue;
    const read = loadBytes(url);
    earlyGlyphs.set(path, read);
    // A failed early read is forgotten, so the map's own request reads the file again.
    read.catch(() => earlyGlyphs.get(path) === read && earlyGlyphs.delete(path));
  }
}
