import type { Address, LatLon, PlaceResult } from '../../../contract/api/places.ts';
import type { CacheDb } from '../cache/cache-db.ts';

/** Rows kept per table; the oldest go first. ~200 bytes a row: a few MB at most. */
export const maxAddresses = 20_000;
export const maxPlaceResults = 5_000;

const e4 = (deg: number) => Math.round(deg * 1e4);

/** Lower case without diacritics (same rule as the fleet cloud's search), for offline matching. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ø/g, 'o').replace(/æ/g, 'ae').replace(/ß/g, 'ss').replace(/đ/g, 'd');
}
const words = (folded: string) => folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Remembers the fleet cloud's addresses by cell (1e-4°, like its own cache), for offline use. */
export function storeAddresses(cache: CacheDb, points: readonly LatLon[], addresses: readonly Address[], now: number): void {
  cache.write((db) => {
    const put = db.prepare(`INSERT INTO place_addresses (lat_e4, lon_e4, json, stored_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (lat_e4, lon_e4) DO UPDATE SET json = excluded.json, stored_at = excluded.stored_at`);
    points.forEach((p, i) => {
      const address = addresses[i];
      if (address && address.kind !== 'none') put.run(e4(p.latitude), e4(p.longitude), JSON.stringify(address), now);
    });
    const count = Number(db.prepare('SELECT count(*) AS n FROM place_addresses').get()?.n ?? 0);
    if (count > maxAddresses) {
      db.prepare('DELETE FROM place_addresses WHERE stored_at <= (SELECT stored_at FROM place_addresses ORDER BY stored_at LIMIT 1 OFFSET ?)').run(count - maxAddresses - 1);
    }
  });
}

/** Cached addresses of the points, `{ kind: 'none' }` where none is cached. */
export function cachedAddresses(cache: CacheDb, points: readonly LatLon[]): Address[] {
  const get = cache.reader.prepare('SELECT json FROM place_addresses WHERE lat_e4 = ? AND lon_e4 = ?');
  return points.map((p) => {
    const row = get.get(e4(p.latitude), e4(p.longitude));
    return row ? (JSON.parse(String(row.json)) as Address) : { kind: 'none' };
  });
}

export function storePlaceResults(cache: CacheDb, results: readonly PlaceResult[], now: number): void {
  if (results.length === 0) return;
  cache.write((db) => {
    const put = db.prepare(`INSERT INTO place_results (id, folded, json, stored_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET folded = excluded.folded, json = excluded.json, stored_at = excluded.stored_at`);
    for (const r of results) put.run(r.id, fold(`${r.name} ${r.locality ?? ''}`), JSON.stringify(r), now);
    const count = Number(db.prepare('SELECT count(*) AS n FROM place_results').get()?.n ?? 0);
    if (count > maxPlaceResults) {
      db.prepare('DELETE FROM place_results WHERE id IN (SELECT id FROM place_results ORDER BY stored_at LIMIT ?)').run(count - maxPlaceResults);
    }
  });
}

/**
 * Offline search among places earlier searches found: every query word must start a word of the
 * name or locality. Nearer to `near` first when given, else most recently found first.
 */
export function searchCachedPlaces(cache: CacheDb, q: string, limit: number, near?: LatLon): PlaceResult[] {
  const tokens = words(fold(q));
  if (tokens.length === 0) return [];
  // The first word narrows in SQL (LIKE on the folded text); the rest are checked here.
  const rows = cache.reader
    .prepare("SELECT folded, json FROM place_results WHERE folded LIKE ? ESCAPE '\\' ORDER BY stored_at DESC LIMIT 500")
    .all(`%${(tokens[0] ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const hits = rows
    .filter((row) => {
      const have = words(String(row.folded));
      return tokens.every((t) => have.some((w) => w.startsWith(t)));
    })
    .map((row) => JSON.parse(String(row.json)) as PlaceResult);
  if (near) {
    const d = (r: PlaceResult) => (r.latitude - near.latitude) ** 2 + ((r.longitude - near.longitude) * Math.cos((near.latitude * Math.PI) / 180)) ** 2;
    hits.sort((a, b) => d(a) - d(b));
  }
  return hits.slice(0, limit);
}
