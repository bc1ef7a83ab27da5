import { FleetApiError, isNetworkError } from '../fleet-api/api-errors.ts';
import type { FleetApiClient } from '../fleet-api/fleet-api-client.ts';
import { scheduleOnTimer, type Schedule } from '../schedule.ts';

/**
 * Does the fleet cloud answer at all? Any HTTP answer counts, an error status too: an
 * unauthenticated GET of /api/me answers 401 from a live server. Only a network failure
 * (refused, DNS, timeout) means unreachable.
 */
export async function serverAnswers(api: FleetApiClient): Promise<boolean> {
  try {
    await api.request('GET', '/api/me');
    return true;
  } catch (error) {
    if (error instanceof FleetApiError) return true;
    if (isNetworkError(error)) return false;
    return false;
  }
}

export interface ReachabilityWatchOptions {
  probe(serverUrl: string): Promise<boolean>;
  /** Called when a server's answer changes (and after its first check). */
  onChange(serverUrl: string, reachable: boolean): void;
  /** Time between two rounds of checks (default 5 s). */
  intervalMs?: number;
  /** Plans the next round (default: a timer); tests run it when they wait for an answer. */
  schedule?: Schedule;
}

/**
 * Keeps checking the servers of accounts that are not signed in online (known accounts, offline
 * review), so the sign-in screen can say whether an online sign-in is possible and an offline
 * review can ask for a real sign-in as soon as the server is back. One check per server per
 * round, the next round only after the last one finished, and nothing when nobody is watched.
 */
export class ReachabilityWatch {
  readonly #o: ReachabilityWatchOptions;
  readonly #known = new Map<string, boolean>();
  #servers = new Set<string>();
  /** Cancels the planned round. */
  #timer: (() => void) | null = null;
  #running = false;
  #closed = false;

  constructor(options: ReachabilityWatchOptions) {
    this.#o = options;
  }

  /** The last answer of a server; null before its first check. */
  reachable(serverUrl: string): boolean | null {
    return this.#known.get(serverUrl) ?? null;
  }

  /** Sets the servers to watch; a newly watched one is checked at once. */
  watch(serverUrls: Iterable<string>): void {
    const next = new Set(serverUrls);
    const added = [...next].some((url) => !this.#servers.has(url));
    for (const url of this.#known.keys()) if (!next.has(url)) this.#known.delete(url);
    this.#servers = next;
    if (next.size === 0) this.#stopTimer();
    else if (added) this.checkNow();
  }

  /** Runs a round now (unless one is running); later rounds follow at the interval. */
  checkNow(): void {
    if (this.#closed || this.#running) return;
    this.#stopTimer();
    this.#running = true;
    void this.#round().finally(() => {
      this.#running = false;
      if (!this.#closed && this.#servers.size > 0) {
        this.#timer = (this.#o.schedule ?? scheduleOnTimer)(() => {
          this.#timer = null;
          this.checkNow();
        }, this.#o.intervalMs ?? 5_000);
      }
    });
  }

  close(): void {
    this.#closed = true;
    this.#stopTimer();
  }

  async #round(): Promise<void> {
    await Promise.all([...this.#servers].map(async (url) => {
      const reachable = await this.#o.probe(url).catch(() => false);
      if (this.#closed || !this.#servers.has(url) || this.#known.get(url) === reachable) return;
      this.#known.set(url, reachable);
      this.#o.onChange(url, reachable);
    }));
  }

  #stopTimer(): void {
    this.#timer?.();
    this.#timer = null;
  }
}
