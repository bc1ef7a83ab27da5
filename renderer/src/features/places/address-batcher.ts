import type { Address } from '../../../../contract/api/places.ts';
import type { Point } from '../../../../contract/address-words.ts';

/** One answer of `places.reverse` for one point. */
export interface AddressAnswer {
  address: Address;
  /** Answered from this computer's cache (the fleet cloud was unreachable). */
  offline: boolean;
}

type Ask = (points: Point[]) => Promise<{ addresses: Address[]; offline: boolean }>;

/** The contract's limit per `places.reverse` call. */
const maxPoints = 500;

/** Rounded to 1e-4° (~10 m), as the engine caches addresses: nearby points share one answer. */
export function roundPoint(point: Point): Point {
  return { latitude: Math.round(point.latitude * 1e4) / 1e4, longitude: Math.round(point.longitude * 1e4) / 1e4 };
}

export function pointKey(point: Point): string {
  const p = roundPoint(point);
  return `${p.latitude.toFixed(4)},${p.longitude.toFixed(4)}`;
}

/**
 * Gathers the address look-ups asked within `windowMs` into one `places.reverse` call (up to 500
 * points each), so a list showing thirty vehicles, a card and an alert cost one request, not
 * thirty-two. The same rounded point asked twice in a window is asked once.
 */
export class AddressBatcher {
  private readonly ask: Ask;
  private readonly windowMs: number;
  private pending = new Map<string, { point: Point; waiting: { resolve(a: AddressAnswer): void; reject(e: unknown): void }[] }>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(ask: Ask, windowMs = 40) {
    this.ask = ask;
    this.windowMs = windowMs;
  }

  lookup(point: Point): Promise<AddressAnswer> {
    const key = pointKey(point);
    return new Promise((resolve, reject) => {
      const entry = this.pending.get(key);
      if (entry) entry.waiting.push({ resolve, reject });
      else this.pending.set(key, { point: roundPoint(point), waiting: [{ resolve, reject }] });
      this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    this.timer = null;
    const entries = [...this.pending.values()];
    this.pending = new Map();
    for (let at = 0; at < entries.length; at += maxPoints) {
      const chunk = entries.slice(at, at + maxPoints);
      this.ask(chunk.map((e) => e.point)).then(
        ({ addresses, offline }) =>
          chunk.forEach((entry, k) => {
            const address = addresses[k] ?? { kind: 'none' };
            for (const w of entry.waiting) w.resolve({ address, offline });
          }),
        (error: unknown) => chunk.forEach((entry) => entry.waiting.forEach((w) => w.reject(error))),
      );
    }
  }
}
