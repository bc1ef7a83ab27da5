import type { FleetStore } from './fleet-store.ts';

/**
 * A store's change signal at a human pace, for React views of live data: however many live
 * batches arrive, listeners hear at most one notification per `intervalMs` (the last change always
 * arrives, at most `intervalMs` late), all from one timer, so every view that reads live data
 * renders in the same task. `urgent` changes (a new fleet) are passed on at once.
 */
export class PacedSignal {
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private off: (() => void) | null = null;
  private readonly source: (listener: () => void) => () => void;
  private readonly intervalMs: number;
  private readonly urgent: () => boolean;

  constructor(source: (listener: () => void) => () => void, intervalMs: number, urgent: () => boolean = () => false) {
    this.source = source;
    this.intervalMs = intervalMs;
    this.urgent = urgent;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.off ??= this.source(this.onChange);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.off?.();
      this.off = null;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    };
  };

  private onChange = (): void => {
    if (this.urgent()) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.notify();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.notify();
    }, this.intervalMs);
  };

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

const paced = new WeakMap<FleetStore, PacedSignal>();

/**
 * The fleet store's signal for React (once a second; a new fleet at once), shared by every view
 * of the same store: the list's order, its status counts and each row then re-read in one task.
 */
export function humanPace(store: FleetStore): PacedSignal {
  let signal = paced.get(store);
  if (!signal) {
    let layout = store.layoutVersion;
    signal = new PacedSignal(store.subscribe, 1000, () => {
      const changed = store.layoutVersion !== layout;
      layout = store.layoutVersion;
      return changed;
    });
    paced.set(store, signal);
  }
  return signal;
}
