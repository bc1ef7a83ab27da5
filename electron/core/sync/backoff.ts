/**
 * Reconnect delays: quick at first (a blip), then slower so a console left offline overnight
 * does not hammer the server, with jitter so a room of consoles does not reconnect in step.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.75 + random() * 0.5));
}
