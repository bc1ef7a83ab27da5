import { describe, expect, it } from 'vitest';
import { QuietQueue } from './quiet-queue.ts';

const due = (queue: QuietQueue, now: number, lastReportBefore = now) => [...queue.due(now, lastReportBefore)].sort();

describe('QuietQueue', () => {
  it('hands out a device once its time has come, and only while it last reported early enough', () => {
    const queue = new QuietQueue();
    queue.schedule('a', 0, 2000);
    queue.schedule('b', 0, 20_000);
    expect(due(queue, 1999)).toEqual([]);
    expect(due(queue, 2000)).toEqual(['a']);
    expect(due(queue, 2000, -1)).toEqual([]);
    // Still due until it reports again or is removed.
    expect(due(queue, 5000)).toEqual(['a']);
    expect(due(queue, 20_000)).toEqual(['a', 'b']);
    // An earlier moment than asked before: only what was due then.
    expect(due(queue, 3000)).toEqual(['a']);
  });

  it('a device that reports again starts over; its old time is forgotten', () => {
    const queue = new QuietQueue();
    queue.schedule('a', 0, 1000);
    expect(due(queue, 1000)).toEqual(['a']);
    queue.schedule('a', 1500, 3500);
    expect(due(queue, 3499)).toEqual([]);
    expect(due(queue, 3500)).toEqual(['a']);
    queue.schedule('b', 0, 100);
    queue.delete('b');
    expect(due(queue, 10_000)).toEqual(['a']);
    expect(queue.has('b')).toBe(false);
    expect(queue.size).toBe(1);
  });

  it('agrees with a walk over every device for any order of reports and questions', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const queue = new QuietQueue();
    const truth = new Map<string, { since: number; at: number }>();
    let now = 0;
    for (let step = 0; step < 5000; step++) {
      now += Math.floor(random() * 300);
      const id = `d${Math.floor(random() * 60)}`;
      const roll = random();
      if (roll < 0.6) {
        const at = now + Math.floor(random() * 30_000);
        queue.schedule(id, now, at);
        truth.set(id, { since: now, at });
      } else if (roll < 0.7) {
        queue.delete(id);
        truth.delete(id);
      } else {
        const lastReportBefore = now - Math.floor(random() * 5000);
        const expected = [...truth].filter(([, t]) => t.at <= now && t.since <= lastReportBefore).map(([key]) => key).sort();
        expect(due(queue, now, lastReportBefore)).toEqual(expected);
      }
    }
  });
});
