import { mapSourceUrl, type MapSource } from '../../../contract/api/settings.ts';
import { addressesNamedByStyle, httpAddress, originOf, originsNamedByTileJson } from './map-addresses.ts';

/** How long an admin's Preview of an unsaved address stays open in the gateway. */
export const previewAllowanceMs = 10 * 60_000;
/** How long what a style names is remembered before the style is read again. */
const styleTtlMs = 5 * 60_000;
/** A style naming more TileJSON documents than this is not read further. */
const maxTileJsonPerStyle = 16;
/** Previews kept at once; the oldest goes first. */
const maxPreviews = 8;

export interface MapAccessDeps {
  /**
   * The active workspace and its saved map source (null before its settings were first synced);
   * null when no workspace is open.
   */
  savedSource(): { workspaceId: string; source: MapSource | null } | null;
  /** Reads a small JSON document (a style, a TileJSON) from a tile server; throws when it cannot. */
  loadJson(url: string): Promise<unknown>;
  now?: () => number;
}

export type MapAccessDecision = { allowed: true } | { allowed: false; problem: 'refused' | 'bad_target'; reason: string };

interface Preview {
  workspaceId: string;
  source: MapSource;
  until: number;
}

/**
 * Decides which addresses the map gateway may fetch: those on the origin of the active
 * workspace's saved map source, on an origin its style (and the TileJSON documents that style
 * names) loads tiles, glyphs or sprites from — or the same for a Preview an admin asked for in the
 * last minutes. Everything else is refused, so a script in the page cannot use the gateway to
 * reach another host, a loopback service or another port (docs/decisions/0240-map-gateway.md).
 */
export class MapAccess {
  readonly #deps: MapAccessDeps;
  #previews: Preview[] = [];
  /** What each style address names, read once per `styleTtlMs` (the promise: one read at a time). */
  readonly #styles = new Map<string, { at: number; origins: Promise<Set<string>> }>();

  constructor(deps: MapAccessDeps) {
    this.#deps = deps;
  }

  /** Opens the gateway to `source` for `previewAllowanceMs`; returns until when. */
  allowPreview(workspaceId: string, source: MapSource): number {
    const until = this.#now() + previewAllowanceMs;
    this.#previews = [...this.#live().filter((p) => !(p.workspaceId === workspaceId && sameSource(p.source, source))), { workspaceId, source, until }].slice(-maxPreviews);
    return until;
  }

  async decide(target: string): Promise<MapAccessDecision> {
    if (!httpAddress(target)) return { allowed: false, problem: 'bad_target', reason: 'only http(s) addresses without credentials are fetched' };
    const origin = originOf(target);
    const sources = this.#sources();
    if (sources.length === 0) return { allowed: false, problem: 'refused', reason: 'the active workspace has no online map source and no Preview is in progress' };
    // The source's own origin needs no reading of anything.
    if (sources.some((s) => originOf(mapSourceUrl(s)?.url ?? '') === origin)) return { allowed: true };
    for (const source of sources) {
      if (source.kind !== 'style') continue;
      const named = await this.#namedByStyle(source.styleUrl);
      if (origin && named.has(origin)) return { allowed: true };
    }
    return { allowed: false, problem: 'refused', reason: `${origin ?? target} is not the workspace's map source nor an origin its style names` };
  }

  /** The saved source of the active workspace plus the previews of that workspace still open. */
  #sources(): MapSource[] {
    const active = this.#deps.savedSource();
    if (!active) return [];
    const previews = this.#live().filter((p) => p.workspaceId === active.workspaceId).map((p) => p.source);
    return [...(active.source ? [active.source] : []), ...previews].filter((s) => s.kind !== 'offline');
  }

  #live(): Preview[] {
    const now = this.#now();
    this.#previews = this.#previews.filter((p) => p.until > now);
    return this.#previews;
  }

  #namedByStyle(styleUrl: string): Promise<Set<string>> {
    const known = this.#styles.get(styleUrl);
    if (known && this.#now() - known.at < styleTtlMs) return known.origins;
    const origins = this.#readStyle(styleUrl).catch(() => {
      // A style that could not be read names nothing yet; the next request tries again.
      this.#styles.delete(styleUrl);
      return new Set<string>();
    });
    this.#styles.set(styleUrl, { at: this.#now(), origins });
    return origins;
  }

  async #readStyle(styleUrl: string): Promise<Set<string>> {
    const named = addressesNamedByStyle(await this.#deps.loadJson(styleUrl));
    const origins = new Set(named.origins);
    const tileJson = await Promise.allSettled(named.tileJson.slice(0, maxTileJsonPerStyle).map((url) => this.#deps.loadJson(url)));
    for (const result of tileJson) {
      if (result.status === 'fulfilled') for (const origin of originsNamedByTileJson(result.value)) origins.add(origin);
    }
    return origins;
  }

  #now(): number {
    return (this.#deps.now ?? Date.now)();
  }
}

function sameSource(a: MapSource, b: MapSource): boolean {
  return a.kind === b.kind && mapSourceUrl(a)?.url === mapSourceUrl(b)?.url;
}
