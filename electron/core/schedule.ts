/**
 * Runs `run` once after `delayMs` and returns its cancel function. The engine's waits (a sync
 * retry's backoff, a proactive token refresh) go through one of these, so tests can fire them
 * when the state they wait for is reached instead of sleeping through the delay.
 */
export type Schedule = (run: () => void, delayMs: number) => () => void;

/** The default Schedule: an unref'd setTimeout. */
export function scheduleOnTimer(run: () => void, delayMs: number): () => void {
  const timer = setTimeout(run, delayMs);
  // A pending wait must not keep the process (tests, the web host on shutdown) alive.
  timer.unref();
  return () => clearTimeout(timer);
}
