import type { PlaceResult } from '../../contract/api/places.ts';
import type { LocalityIndex } from './localities.ts';
import { metresPerDegree } from './projection.ts';
import type { RoadIndex } from './road-index.ts';

/** Lower case without diacritics, so "goteborg" finds Göteborg and "sodra" finds Södra. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/đ/g, 'd');
}

const words = (folded: string) => folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

interface Entry {
  result: PlaceResult;
  /** Folded whole name and its words; other names (exonyms) too. */
  names: string[];
  nameWords: string[];
  localityWords: string[];
  /** Bigger places first among equal matches. */
  weight: number;
}

/**
 * Forward search over the shipped data: streets (ways grouped by name and locality, with their
 * extent) and localities. Every query word must be a prefix of a word of the name or its
 * locality, and at least one must hit the name. ~8,000 entries: a scan takes about a millisecond.
 */
export class PlaceSearch {
  readonly #entries: Entry[] = [];

  constructor(roads: RoadIndex, localities: LocalityIndex) {
    for (let i = 0; i < localities.count; i++) {
      const name = localities.name(i);
      const names = [name, ...(localities.file.aliases[String(i)] ?? [])].map(fold);
      this.#entries.push({
        result: { id: `locality:${localities.file.id[i]}`, kind: 'locality', name, locality: null, latitude: (localities.lat[i] ?? 0), longitude: (localities.lon[i] ?? 0), source: 'builtin' },
        names,
        nameWords: names.flatMap(words),
        localityWords: [],
        weight: Math.log10(Math.max(10, localities.file.population[i] ?? 0)),
      });
    }
    const streets = new Map<string, { name: string; locality: number; w: number; s: number; e: number; n: number; longest: number; mid: [number, number] }>();
    const { ways, wayNodes } = roads.file;
    let offset = 0;
    ways.nodeCount.forEach((count, way) => {
      const name = roads.wayName(way) ?? roads.wayRef(way);
      if (name) {
        const locality = ways.locality[way] ?? -1;
        const key = `${name}\u0000${locality}`;
        const street = streets.get(key) ?? { name, locality, w: Infinity, s: Infinity, e: -Infinity, n: -Infinity, longest: -1, mid: [0, 0] as [number, number] };
        for (let k = 0; k < count; k++) {
          const node = (wayNodes[offset + k] ?? 0);
          const lat = (roads.nodeLat[node] ?? 0), lon = (roads.nodeLon[node] ?? 0);
          street.w = Math.min(street.w, lon); street.e = Math.max(street.e, lon);
          street.s = Math.min(street.s, lat); street.n = Math.max(street.n, lat);
        }
        // The map centres on the middle node of the street's longest way: always on the street.
        if (count > street.longest) {
          const mid = (wayNodes[offset + Math.floor(count / 2)] ?? 0);
          street.longest = count;
          street.mid = [(roads.nodeLat[mid] ?? 0), (roads.nodeLon[mid] ?? 0)];
        }
        streets.set(key, street);
      }
      offset += count;
    });
    for (const street of streets.values()) {
      const locality = street.locality >= 0 ? localities.name(street.locality) : null;
      const folded = fold(street.name);
      this.#entries.push({
        result: {
          id: `street:${folded}:${street.locality >= 0 ? localities.file.id[street.locality] : 'none'}`,
          kind: 'street', name: street.name, locality,
          latitude: street.mid[0], longitude: street.mid[1],
          bounds: [street.w, street.s, street.e, street.n], source: 'builtin',
        },
        names: [folded],
        nameWords: words(folded),
        localityWords: locality ? words(fold(locality)) : [],
        weight: 1,
      });
    }
  }

  search(q: string, limit: number, near?: { latitude: number; longitude: number }): PlaceResult[] {
    const query = fold(q).trim();
    const tokens = words(query);
    if (tokens.length === 0) return [];
    const scored: { entry: Entry; score: number }[] = [];
    for (const entry of this.#entries) {
      let nameHits = 0;
      let ok = true;
      for (const token of tokens) {
        if (entry.nameWords.some((w) => w.startsWith(token))) nameHits++;
        else if (!entry.localityWords.some((w) => w.startsWith(token))) {
          ok = false;
          break;
        }
      }
      // A whole-name prefix also matches across spaces ("kungsports" → "Kungsportsavenyn").
      const wholePrefix = entry.names.some((n) => n.startsWith(query));
      if ((!ok || nameHits === 0) && !wholePrefix) continue;
      let score = entry.weight + (wholePrefix ? 3 : 0) + (entry.names.includes(query) ? 5 : 0) + nameHits;
      if (near) {
        const dKm = (Math.hypot(entry.result.latitude - near.latitude, (entry.result.longitude - near.longitude) * Math.cos((near.latitude * Math.PI) / 180)) * metresPerDegree) / 1000;
        score -= Math.log2(1 + dKm);
      }
      scored.push({ entry, score });
    }
    scored.sort((a, b) => b.score - a.score || a.entry.result.name.localeCompare(b.entry.result.name));
    return scored.slice(0, limit).map((s) => s.entry.result);
  }
}
