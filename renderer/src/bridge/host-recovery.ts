import type { HostConnection } from './host-connection.ts';

/** What one look at the web host found. */
export type HostAnswer =
  /** It serves this tab again: a reload reconnects. */
  | 'up'
  /** Nothing answers (stopped, restarting, or another port). */
  | 'down'
  /** A console answers but refuses this tab's cookie: started over another profile. */
  | 'unknown-tab';

export type RecoveryState =
  | { phase: 'idle' }
  /** Lost since `since`; the next look at `nextTryAt`. */
  | { phase: 'waiting'; since: number; nextTryAt: number }
  | { phase: 'checking'; since: number }
  | { phase: 'reloading' }
  /** A console answers that refuses this tab; looked at again at `nextTryAt` (the right one may return). */
  | { phase: 'unknown-tab'; since: number; nextTryAt: number }
  /** Reloaded several times and lost again each time: a person decides. */
  | { phase: 'gave-up' };

export interface RecoveryOptions {
  probe(): Promise<HostAnswer>;
  reload(): void;
  /** Times of this tab's recent automatic reloads (session storage in the page). */
  reloads: { read(): number[]; write(times: number[]): void };
  now?: () => number;
}

/** Waits between looks: soon at first (a dropped socket), then every 15 s (a stopped console). */
export const retryDelaysMs = [1_000, 2_000, 4_000, 8_000, 15_000];
/** Automatic reloads allowed within `reloadWindowMs` before a person is asked. */
export const maxAutomaticReloads = 3;
export const reloadWindowMs = 120_000;

/**
 * Brings a web-host tab back after its bridge socket closed, as Electron's main does by restarting
 * the engine: while the connection is lost it looks at the host with a growing pause, and reloads
 * the tab as soon as the host serves it again (the engine kept the sign-ins and caches; whatever
 * this page held may be behind it, so it starts over rather than patching state). A console that
 * answers but no longer knows the tab is said so (and looked at again: the right one may return);
 * a tab that keeps losing its socket right after reloads stops the loop and asks a person
 * (docs/decisions/0495-the-web-console-reconnects-by-itself.md).
 */
export class HostRecovery {
  private state: RecoveryState = { phase: 'idle' };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private tries = 0;
  private readonly now: () => number;
  private readonly options: RecoveryOptions;

  constructor(connection: HostConnection, options: RecoveryOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    connection.subscribe(() => {
      if (connection.get() === 'lost' && this.state.phase === 'idle') this.start();
    });
    if (connection.get() === 'lost') this.start();
  }

  readonly get = (): RecoveryState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Looks now instead of at the next try (the banner's "Try now"). */
  tryNow(): void {
    if (this.state.phase !== 'waiting' && this.state.phase !== 'unknown-tab') return;
    if (this.timer) clearTimeout(this.timer);
    void this.look(this.state.since);
  }

  private start(): void {
    const since = this.now();
    this.schedule(since);
  }

  private schedule(since: number, phase: 'waiting' | 'unknown-tab' = 'waiting'): void {
    const delay = retryDelaysMs[Math.min(this.tries, retryDelaysMs.length - 1)] ?? 15_000;
    this.tries += 1;
    this.set({ phase, since, nextTryAt: this.now() + delay });
    this.timer = setTimeout(() => void this.look(since), delay);
  }

  private async look(since: number): Promise<void> {
    this.timer = null;
    this.set({ phase: 'checking', since });
    const answer = await this.options.probe().catch((): HostAnswer => 'down');
    if (answer === 'down') return this.schedule(since);
    if (answer === 'unknown-tab') return this.schedule(since, 'unknown-tab');
    const now = this.now();
    const recent = this.options.reloads.read().filter((at) => now - at < reloadWindowMs);
    if (recent.length >= maxAutomaticReloads) return this.set({ phase: 'gave-up' });
    this.options.reloads.write([...recent, now]);
    this.set({ phase: 'reloading' });
    this.options.reload();
  }

  private set(state: RecoveryState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

/** The web host's answer to a look at its front page with this tab's cookie. */
export async function probeWebHost(origin: string): Promise<HostAnswer> {
  try {
    const response = await fetch(`${origin}/`, { method: 'HEAD', cache: 'no-store', credentials: 'same-origin' });
    if (response.ok) return 'up';
    return response.status === 401 ? 'unknown-tab' : 'down';
  } catch {
    return 'down';
  }
}

const reloadsKey = 'fleet-console:automatic-reloads';

/** This tab's automatic reloads, kept across them in session storage. */
export function sessionReloadLog(storage: Storage): RecoveryOptions['reloads'] {
  return {
    read() {
      try {
        const parsed: unknown = JSON.parse(storage.getItem(reloadsKey) ?? '[]');
        return Array.isArray(parsed) ? parsed.filter((n): n is number => typeof n === 'number') : [];
      } catch {
        return [];
      }
    },
    write(times) {
      storage.setItem(reloadsKey, JSON.stringify(times));
    },
  };
}
