import { readFileSync } from 'node:fs';

/**
 * The kernel's TCP counters that tell a refused or late connection from a slow server
 * (/proc/net/netstat, TcpExt; the whole network namespace, so other work on the machine counts
 * too): `ListenOverflows` — a connection the listen queue had no room for (its SYN or final ACK
 * dropped; the client retries after its 1 s initial retransmission timeout) — and `TCPSynRetrans`,
 * SYNs sent again. Empty where the file is absent (not Linux).
 */
export function tcpCounters(): Record<string, number> {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
    const names = (lines[0] ?? '').split(/\s+/).slice(1);
    const values = (lines[1] ?? '').split(/\s+/).slice(1).map(Number);
    const wanted = ['ListenOverflows', 'TCPSynRetrans'];
    return Object.fromEntries(names.map((n, i) => [n, values[i] ?? 0]).filter(([n]) => wanted.includes(n as string)));
  } catch {
    return {};
  }
}

/** What changed between two `tcpCounters()` readings, as words. */
export function tcpDelta(before: Record<string, number>, after: Record<string, number>): string {
  const parts = Object.keys(after).map((k) => `${k} +${((after[k] ?? 0) - (before[k] ?? 0)).toLocaleString('en')}`);
  return parts.length > 0 ? `kernel (whole machine): ${parts.join(', ')}` : 'kernel counters unavailable';
}
