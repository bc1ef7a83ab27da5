/**
 * The spans the insights rollups are kept in (migration 138, decision
 * docs/decisions/0330-insights-from-spans.md): 2^k days (k = 0…8) starting at a multiple of 2^k
 * days after 1970-01-01 — `insights_span_start` in SQL computes the same start.
 */

const dayMs = 86_400_000;
/** The longest span kept: a period of up to a year is then at most ~16 spans. */
export const maxSpanDays = 256;

export interface Span {
  /** Days in the span: 1, 2, 4, … 256. */
  days: number;
  /** Its first day (YYYY-MM-DD). */
  start: string;
}

const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / dayMs);
const dayOf = (n: number) => new Date(n * dayMs).toISOString().slice(0, 10);

/**
 * The days `from`–`to` (both included) as the fewest kept spans, in order: at each day the
 * longest span that starts there and ends inside the period (greedy is optimal for aligned
 * power-of-two spans). Empty when `to` is before `from`.
 */
export function spanCover(from: string, to: string): Span[] {
  const spans: Span[] = [];
  const last = dayNumber(to);
  for (let day = dayNumber(from); day <= last; ) {
    let days = maxSpanDays;
    while (days > 1 && (day % days !== 0 || day + days - 1 > last)) days /= 2;
    spans.push({ days, start: dayOf(day) });
    day += days;
  }
  return spans;
}

/** The first day of the kept span of `days` days that holds `day` (SQL: insights_span_start). */
export function spanStart(day: string, days: number): string {
  const n = dayNumber(day);
  return dayOf(n - (n % days));
}

/** The span lengths kept above single days: 2, 4, … 256. */
export const spanLengths: readonly number[] = Array.from({ length: Math.log2(maxSpanDays) }, (_, k) => 2 ** (k + 1));
