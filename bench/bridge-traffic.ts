/**
 * The page's bridge traffic other than live positions, per window: calls it made (by method) and
 * events it heard (by name), with the bytes of the answers and events — in steady state a
 * workspace should only hear changes (issue 12), so a re-fetch shows up here by name.
 */
export class BridgeTraffic {
  private calls = new Map<number, string>();
  private seen = new Map<string, { count: number; bytes: number }>();
  /** When each answer or event of these names arrived (Date.now()), for the whole page. */
  private arrivals = new Map<string, number[]>();

  /** Keep the arrival times of `name` (a call as "method()", or an event name). */
  timing(name: string): this {
    this.arrivals.set(name, []);
    return this;
  }

  /** Seconds from `origin` (Date.now()) to each arrival of `name`, e.g. "-12.3 s, +4.1 s". */
  timesOf(name: string, origin: number): string {
    return (this.arrivals.get(name) ?? []).map((at) => `${at >= origin ? '+' : ''}${((at - origin) / 1000).toFixed(1)} s`).join(', ') || 'none';
  }

  sent(payload: string): void {
    const call = /^\{"type":"call","id":(\d+),"method":"([^"]+)"/.exec(payload);
    if (call) this.calls.set(Number(call[1]), call[2] ?? '');
  }

  received(payload: string): void {
    const result = /^\{"type":"result","id":(\d+)/.exec(payload);
    const event = /^\{"type":"event","event":"([^"]+)"/.exec(payload);
    const name = result ? `${this.calls.get(Number(result[1])) ?? 'call ' + result[1]}()` : event ? (event[1] ?? '') : 'other';
    if (result) this.calls.delete(Number(result[1]));
    this.arrivals.get(name)?.push(Date.now());
    const entry = this.seen.get(name) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += payload.length;
    this.seen.set(name, entry);
  }

  /** "name ×count (kB)" for what arrived since the last take, biggest first. */
  take(): string {
    const lines = [...this.seen].sort((a, b) => b[1].bytes - a[1].bytes).map(([name, { count, bytes }]) => `${name} ×${count} (${(bytes / 1024).toFixed(0)} kB)`);
    this.seen.clear();
    return lines.join(', ');
  }
}
