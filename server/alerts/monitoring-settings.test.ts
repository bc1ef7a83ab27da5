import { describe, expect, it } from 'vitest';
import type { DbSession } from '../db/fleet-db.ts';
import { forgetMonitoringSettings, loadMonitoringSettings } from './monitoring-settings.ts';

/**
 * The cache's ordering against a change, which a real database cannot be made to interleave on
 * demand: each read here answers when the test says, with the speed limit the "database" holds
 * at the moment the read was sent.
 */
function database() {
  let speedLimitKmh = 90;
  const pending: (() => void)[] = [];
  let reads = 0;
  const session = {
    query: (() => {
      reads += 1;
      const row = { settings: { defaultSpeedLimitKmh: speedLimitKmh }, rules: null, plan_retention: null };
      return new Promise((resolve) => pending.push(() => resolve({ rows: [row] })));
    }) as unknown as DbSession['query'],
  };
  return {
    session,
    reads: () => reads,
    change: (kmh: number) => (speedLimitKmh = kmh),
    answer: () => pending.shift()?.(),
  };
}

describe('loadMonitoringSettings', () => {
  it('serves the cached settings without reading again', async () => {
    const db = database();
    const first = loadMonitoringSettings(db.session, 'tenant-cached');
    db.answer();
    expect((await first).speedLimitKmh).toBe(90);
    expect((await loadMonitoringSettings(db.session, 'tenant-cached')).speedLimitKmh).toBe(90);
    expect(db.reads()).toBe(1);
  });

  it('does not put back settings read before a change that committed while the read was running', async () => {
    const db = database();
    const slowRound = loadMonitoringSettings(db.session, 'tenant-race'); // reads 90
    db.change(120);
    forgetMonitoringSettings('tenant-race'); // the rule change committed and said so
    db.answer();
    expect((await slowRound).speedLimitKmh).toBe(90); // that round saw the old rules, as it may
    const next = loadMonitoringSettings(db.session, 'tenant-race');
    db.answer();
    expect((await next).speedLimitKmh).toBe(120); // but the next batch reads the new ones
    expect(db.reads()).toBe(2);
  });
});
