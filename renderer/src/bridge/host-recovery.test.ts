import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostConnectionStatus } from '../../../contract/bridge/transport.ts';
import { HostRecovery, maxAutomaticReloads, retryDelaysMs, type HostAnswer } from './host-recovery.ts';

/** A connection whose status the test sets, as the transport does when its socket closes. */
function connectionAt(initial: HostConnectionStatus) {
  let status = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => status,
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next: HostConnectionStatus) {
      status = next;
      for (const listener of listeners) listener();
    },
  };
}

/** The host's answers in order; each look takes one. */
function setUp(answers: HostAnswer[], reloadLog: number[] = []) {
  const connection = connectionAt('open');
  const looks: number[] = [];
  const reloads = vi.fn();
  let log = reloadLog;
  const recovery = new HostRecovery(connection, {
    probe: () => {
      looks.push(Date.now());
      return Promise.resolve(answers.shift() ?? 'down');
    },
    reload: reloads,
    reloads: { read: () => log, write: (times) => (log = times) },
  });
  return { connection, recovery, looks, reloads, log: () => log };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('HostRecovery', () => {
  it('does nothing while the connection is open', async () => {
    const { recovery, looks } = setUp(['up']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(recovery.get()).toEqual({ phase: 'idle' });
    expect(looks).toEqual([]);
  });

  it('looks for the host with growing pauses and reloads once it answers', async () => {
    const { connection, recovery, looks, reloads, log } = setUp(['down', 'down', 'down', 'up']);
    connection.set('lost');
    expect(recovery.get()).toMatchObject({ phase: 'waiting', since: 1_000_000, nextTryAt: 1_000_000 + (retryDelaysMs[0] ?? Number.NaN) });
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000 + 8_000);
    expect(looks.map((at) => at - 1_000_000)).toEqual([1_000, 3_000, 7_000, 15_000]);
    expect(reloads).toHaveBeenCalledTimes(1);
    expect(recovery.get()).toEqual({ phase: 'reloading' });
    expect(log()).toEqual([1_015_000]);
  });

  it('keeps looking every 15 s while the host stays away', async () => {
    const { connection, looks, reloads } = setUp([]);
    connection.set('lost');
    await vi.advanceTimersByTimeAsync(15_000 + 3 * 15_000);
    const [a = 0, b = 0, c = 0] = looks.slice(-3);
    expect([b - a, c - b]).toEqual([15_000, 15_000]);
    expect(reloads).not.toHaveBeenCalled();
  });

  it('"Try now" looks at once instead of at the next try', async () => {
    const { connection, recovery, looks, reloads } = setUp(['up']);
    connection.set('lost');
    recovery.tryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(looks).toEqual([1_000_000]);
    expect(reloads).toHaveBeenCalledTimes(1);
  });

  it('says when a console answers that no longer knows this tab, and reloads when the right one returns', async () => {
    const { connection, recovery, reloads } = setUp(['unknown-tab', 'unknown-tab', 'up']);
    connection.set('lost');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(recovery.get()).toMatchObject({ phase: 'unknown-tab' });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(recovery.get()).toMatchObject({ phase: 'unknown-tab' });
    expect(reloads).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(reloads).toHaveBeenCalledTimes(1);
  });

  it('asks a person after several automatic reloads in a short time, and forgets old ones', async () => {
    const recent = Array.from({ length: maxAutomaticReloads }, (_, i) => 1_000_000 - 10_000 * (i + 1));
    const stuck = setUp(['up'], recent);
    stuck.connection.set('lost');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stuck.recovery.get()).toEqual({ phase: 'gave-up' });
    expect(stuck.reloads).not.toHaveBeenCalled();

    const old = setUp(['up'], recent.map((at) => at - 200_000));
    old.connection.set('lost');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(old.reloads).toHaveBeenCalledTimes(1);
    expect(old.log()).toEqual([Date.now()]);
  });
});
