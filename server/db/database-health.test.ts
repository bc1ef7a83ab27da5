import { afterEach, describe, expect, it, vi } from 'vitest';
import { DatabaseHealth, isConnectionError } from './database-health.ts';

const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

describe('DatabaseHealth', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells connection loss from statement errors and load', () => {
    expect(isConnectionError(terminated)).toBe(true);
    expect(isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    // The pool says this when every connection is busy: load, not loss.
    expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(false);
    expect(isConnectionError(new Error('Connection terminated due to connection timeout'))).toBe(false);
  });

  it('goes down on connection loss, probes until the database answers, and tells listeners both times', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    let answers = false;
    const health = new DatabaseHealth(() => (answers ? Promise.resolve() : Promise.reject(new Error('connect ECONNREFUSED'))), { probeMs: 1000 });
    const seen: string[] = [];
    health.onChange((status) => seen.push(status.state));
    health.observe(Object.assign(new Error('relation does not exist'), { code: '42P01' }));
    expect(health.available).toBe(true);
    health.observe(terminated);
    expect(health.status).toEqual({ state: 'down', since: 1_000_000, reason: terminated.message });
    await vi.advanceTimersByTimeAsync(3000);
    expect(health.available).toBe(false);
    answers = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(health.available).toBe(true);
    expect(seen).toEqual(['down', 'up']);
    health.close();
  });
});
