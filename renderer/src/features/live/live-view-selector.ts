import type { FleetStore } from './fleet-store.ts';
import type { LiveClock } from './live-clock.ts';
import { humanPace } from './paced-signal.ts';

/**
 * One vehicle's live text for a component (useSyncExternalStore), as the list's rows and the
 * vehicle card read it: the fleet store at a human pace and the clock wake it, and `read` hands
 * back the previous view while `same` finds nothing shown changed. A second of updates for 10,000
 * vehicles then re-renders a component only when its own vehicle's text moved.
 */
export class LiveViewSelector<V> {
  private last: V | null = null;
  private readonly store: FleetStore;
  private readonly clock: LiveClock;
  private readonly compute: (now: number) => V;
  private readonly same: (a: V, b: V) => boolean;

  constructor(store: FleetStore, clock: LiveClock, compute: (now: number) => V, same: (a: V, b: V) => boolean) {
    this.store = store;
    this.clock = clock;
    this.compute = compute;
    this.same = same;
  }

  subscribe = (listener: () => void): (() => void) => {
    const offStore = humanPace(this.store).subscribe(listener);
    const offClock = this.clock.subscribe(listener);
    return () => {
      offStore();
      offClock();
    };
  };

  read = (): V => {
    const next = this.compute(this.clock.now);
    if (this.last !== null && this.same(this.last, next)) return this.last;
    this.last = next;
    return next;
  };
}
