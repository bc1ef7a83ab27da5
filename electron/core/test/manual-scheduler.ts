import type { Schedule } from '../schedule.ts';

/**
 * A Schedule that runs nothing by itself: the test fires what is pending when the state it waits
 * for is reached (the network is back, the token's refresh is due), instead of sleeping through
 * the engine's delays. Cancelled entries leave `pending`, as a cleared timer would.
 */
export class ManualScheduler {
  readonly pending = new Set<{ run(): void; delayMs: number }>();
  /** Every delay ever asked for, in order (cancelled ones too). */
  readonly delays: number[] = [];

  readonly schedule: Schedule = (run, delayMs) => {
    const entry = { run, delayMs };
    this.pending.add(entry);
    this.delays.push(delayMs);
    return () => this.pending.delete(entry);
  };

  /** Runs everything pending now (what it schedules in turn stays pending). */
  fireAll(): void {
    const due = [...this.pending];
    this.pending.clear();
    for (const entry of due) entry.run();
  }
}
