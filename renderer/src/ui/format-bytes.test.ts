import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes.ts';

describe('formatBytes', () => {
  it('writes sizes in decimal units, one decimal below ten', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(612_345)).toBe('612 kB');
    expect(formatBytes(1_722_970)).toBe('1.7 MB');
    expect(formatBytes(64 * 1024 * 1024)).toBe('67 MB');
    expect(formatBytes(3_210_000_000)).toBe('3.2 GB');
    expect(formatBytes(45_000_000_000_000)).toBe('45 TB');
  });
});
