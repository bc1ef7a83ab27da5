import type { Address, LatLon, PlaceResult } from '../../contract/api/places.ts';
import { defaultProviderSettings, type GeocoderSettings } from '../../contract/api/provider-settings.ts';
import type { FleetDb } from '../db/fleet-db.ts';
import type { BuiltinGeocoder } from './builtin-geocoder.ts';
import { setCurrentService } from './address-at.ts';
import { addressMemo, cellOf, readStoredAddresses, storeAddress, type AddressMemo } from './geocode-cache.ts';
import { nominatimReverse, nominatimSearch, type NominatimService } from './nominatim-client.ts';
import type { PlaceSearch } from './place-search.ts';
import { RateLimiter, realClock, type LimiterClock } from './rate-limiter.ts';

type Nominatim = Extract<GeocoderSettings, { kind: 'nominatim' }>;

export interface ProviderGeocoderDeps {
  db: FleetDb;
  builtin: BuiltinGeocoder;
  search: () => PlaceSearch;
  fetch?: typeof fetch;
  clock?: LimiterClock;
  memo?: AddressMemo;
  /** How long the provider settings are trusted before they are read again (ms). */
  settingsTtlMs?: number;
  log?: (message: string) => void;
}

/** After the service failed, it is left alone this long: no request piles up behind a dead one. */
const restAfterFailureMs = 10_000;
/** Requests that may wait for the rate limit; the rest answer from the built-in geocoder. */
const maxQueue = 200;

/**
 * Addresses and search through the provider's Nominatim-compatible service, when one is set in
 * the provider settings: memory → PostgreSQL → service (rate-limited, with a timeout), and the
 * built-in geocoder with `approximate: true` for whatever the service did not answer in time.
 * Without a service, the built-in geocoder answers everything. Decision 0056.
 */
export class ProviderGeocoder {
  readonly #d: ProviderGeocoderDeps;
  readonly #memo: AddressMemo;
  readonly #clock: LimiterClock;
  readonly #limiter: RateLimiter;
  #settings: { at: number; value: GeocoderSettings } | undefined;
  #restUntil = 0;
  readonly #inflight = new Map<string, Promise<Address | null>>();

  constructor(deps: ProviderGeocoderDeps) {
    this.#d = deps;
    this.#memo = deps.memo ?? addressMemo;
    this.#clock = deps.clock ?? realClock;
    this.#limiter = new RateLimiter(1, maxQueue, this.#clock);
  }

  async #service(): Promise<Nominatim | null> {
    const now = this.#clock.now();
    if (!this.#settings || now - this.#settings.at > (this.#d.settingsTtlMs ?? 15_000)) {
      const row = await this.#d.db.query<{ geocoder: GeocoderSettings | null }>('SELECT provider_geocoder_settings() AS geocoder');
      this.#settings = { at: now, value: row.rows[0]?.geocoder ?? defaultProviderSettings.geocoder };
    }
    const value = this.#settings.value;
    setCurrentService(value.kind === 'nominatim' ? value.url : null);
    if (value.kind !== 'nominatim') return null;
    this.#limiter.perSecond = value.maxRequestsPerSecond;
    return value;
  }

  /** Forget the cached settings (the provider just changed them on this instance). */
  settingsChanged(): void {
    this.#settings = undefined;
  }

  /** Addresses for points, in order. Never throws for the service's sake. */
  async reverse(points: readonly LatLon[]): Promise<Address[]> {
    const service = await this.#service();
    if (!service) return points.map((p) => this.#d.builtin.reverse(p.latitude, p.longitude));
    const answers: (Address | undefined)[] = points.map((p) => this.#memo.get(service.url, p.latitude, p.longitude));
    const missing = [...new Set(points.flatMap((p, i) => (answers[i] ? [] : [`${cellOf(p.latitude, p.longitude).latE4},${cellOf(p.latitude, p.longitude).lonE4}`])))];
    if (missing.length > 0) {
      const cells = missing.map((k) => ({ latE4: Number(k.split(',')[0]), lonE4: Number(k.split(',')[1]) }));
      const stored = await readStoredAddresses(this.#d.db, service.url, cells);
      for (const [k, address] of stored) this.#memo.set(service.url, Number(k.split(',')[0]), Number(k.split(',')[1]), address);
      const toFetch = cells.filter((c) => !stored.has(`${c.latE4},${c.lonE4}`));
      // Wait for the service at most one timeout in all; unfinished lookups go on and fill the cache.
      if (toFetch.length > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const deadline = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, service.timeoutMs);
        });
        await Promise.race([Promise.allSettled(toFetch.map((c) => this.#fetchCell(service, c.latE4, c.lonE4))), deadline]);
        clearTimeout(timer);
      }
    }
    return points.map((p, i) => {
      const known = answers[i] ?? this.#memo.get(service.url, p.latitude, p.longitude);
      if (known && known.kind !== 'none') return known;
      // The service knows nothing here (`none` stored) or did not answer: the built-in data may.
      return this.#d.builtin.reverse(p.latitude, p.longitude, !known);
    });
  }

  /** One cell from the service, shared by concurrent askers; null when it cannot be asked now. */
  #fetchCell(service: Nominatim, latE4: number, lonE4: number): Promise<Address | null> {
    const key = `${latE4},${lonE4}`;
    const running = this.#inflight.get(key);
    if (running) return running;
    if (this.#clock.now() < this.#restUntil) return Promise.resolve(null);
    const task = this.#limiter
      .run(() => nominatimReverse(service, latE4 / 1e4, lonE4 / 1e4, this.#d.fetch))
      .then(async (found) => {
        const address: Address = found ?? { kind: 'none' };
        this.#memo.set(service.url, latE4, lonE4, address);
        await storeAddress(this.#d.db, service.url, latE4, lonE4, address);
        return address;
      })
      .catch((error: unknown) => {
        this.#fail(service, error);
        return null;
      })
      .finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, task);
    return task;
  }

  #fail(service: Nominatim, error: unknown): void {
    this.#restUntil = this.#clock.now() + restAfterFailureMs;
    this.#d.log?.(`geocoding service ${service.url} failed, using the built-in geocoder for ${restAfterFailureMs / 1000} s: ${error instanceof Error ? error.message : String(error)}`);
  }

  /** Provider hits when a service is set and answers; the built-in search otherwise. */
  async search(q: string, limit: number, near: LatLon | undefined): Promise<PlaceResult[]> {
    const service = await this.#service();
    if (service && this.#clock.now() >= this.#restUntil) {
      try {
        return await this.#limiter.run(() => nominatimSearch(service as NominatimService, q, limit, this.#d.fetch));
      } catch (error) {
        this.#fail(service, error);
      }
    }
    return this.#d.search().search(q, limit, near);
  }
}
