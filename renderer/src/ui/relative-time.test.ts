import { describe, expect, it } from 'vitest';
import { formatAbsoluteTime, formatRelativeTime } from './relative-time.ts';

const now = Date.parse('2025-03-10T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('formatRelativeTime', () => {
  it.each([
    [0, 'just now'],
    [44_000, 'just now'],
    [-30_000, 'just now'],
    [50_000, '1 min ago'],
    [3 * 60_000, '3 min ago'],
    [59 * 60_000, '59 min ago'],
    [60 * 60_000, '1 h ago'],
    [5.5 * 3_600_000, '5 h ago'],
    [26 * 3_600_000, '1 d ago'],
    [6 * 86_400_000, '6 d ago'],
  ])('%i ms ago reads "%s"', (ms, expected) => {
    expect(formatRelativeTime(ago(ms), now)).toBe(expected);
  });

  it('shows a date once a week has passed', () => {
    expect(formatRelativeTime(ago(30 * 86_400_000), now)).toMatch(/2025/);
  });

  it('says so when a vehicle was never seen or the time is unreadable', () => {
    expect(formatRelativeTime(null, now)).toBe('Never');
    expect(formatRelativeTime('yesterday-ish', now)).toBe('Unknown');
    expect(formatAbsoluteTime(null)).toBe('Never seen');
  });
});
