import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeWhenOrphaned } from './pop-outs.ts';

/** Just what closeWhenOrphaned reads of a window, on the test's fake clock. */
function paneWindow(opener: { closed: boolean } | null) {
  const pane = { opener, closed: false, setInterval, clearInterval, close: () => void (pane.closed = true) };
  return pane;
}

describe('closeWhenOrphaned', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('closes the pop-out within a check once its opener is gone', () => {
    const opener = { closed: false };
    const pane = paneWindow(opener);
    closeWhenOrphaned(pane as unknown as Window, 1000);
    vi.advanceTimersByTime(3000);
    expect(pane.closed).toBe(false);
    opener.closed = true;
    vi.advanceTimersByTime(1000);
    expect(pane.closed).toBe(true);
  });

  it('stops checking when the pane unmounts, and does nothing for a window nobody opened (Electron)', () => {
    const opener = { closed: false };
    const pane = paneWindow(opener);
    const stop = closeWhenOrphaned(pane as unknown as Window, 1000);
    stop();
    opener.closed = true;
    vi.advanceTimersByTime(5000);
    expect(pane.closed).toBe(false);
    const own = paneWindow(null);
    closeWhenOrphaned(own as unknown as Window)();
    expect(own.closed).toBe(false);
  });
});
