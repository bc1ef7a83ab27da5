/** Attempts per delivery before it is given up as failed (about a day with the backoff below). */
export const maxAttempts = 12;

/** Consecutive failed attempts after which a webhook turns itself off (with the reason shown). */
export const disableWebhookAfterFailures = 10;

/**
 * Delay before attempt `attempt + 1` after `attempt` failures: 10 s doubling, capped at 2 h, with
 * ±20 % jitter from `random` so receivers that come back are not hit by every sender at once.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(10_000 * 2 ** Math.max(0, attempt - 1), 2 * 3600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
