/** Limits of the per-address throttle on refused device reports. */
export interface RejectionThrottleSettings {
  /** Refused reports (unknown unit or refused key) an address may cause per window. */
  limit: number;
  windowMs: number;
  /** Addresses remembered at once; the oldest windows go first beyond it (memory stays bounded). */
  maxAddresses: number;
}

export const defaultRejectionThrottle: RejectionThrottleSettings = { limit: 30, windowMs: 60_000, maxAddresses: 100_000 };

/**
 * Per client address, in memory: counts ingest reports refused because the unit is unknown or
 * its key was refused, and once an address passes the limit, every ingest request from it is
 * answered 429 until its window ends. Unit ids are sequential; without this, one address could
 * walk them (or guess keys) at full speed. A real tracker with a wrong configuration refuses
 * once per report interval, far below the limit. Per instance: behind a load balancer the
 * effective limit is the limit × instances, still bounded.
 */
export class RejectionThrottle {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly settings: RejectionThrottleSettings;

  constructor(settings: Partial<RejectionThrottleSettings> = {}) {
    this.settings = { ...defaultRejectionThrottle, ...settings };
  }

  /** Seconds the address must wait, or 0 when it may report. */
  retryAfter(address: string, now: number): number {
    const window = this.windows.get(address);
    if (!window) return 0;
    const end = window.start + this.settings.windowMs;
    if (end <= now) {
      this.windows.delete(address);
      return 0;
    }
    return window.count >= this.settings.limit ? Math.ceil((end - now) / 1000) : 0;
  }

  /** Counts `count` refused reports from the address. */
  record(address: string, now: number, count = 1): void {
    const window = this.windows.get(address);
    if (window && window.start + this.settings.windowMs > now) {
      window.count += count;
      return;
    }
    this.windows.delete(address);
    if (this.windows.size >= this.settings.maxAddresses) {
      // Maps iterate in insertion order: the first entry is the oldest window.
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
    this.windows.set(address, { start: now, count });
  }
}
