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

/**
 * Where requests wait in the kernel, sampled with `ss` once a second while `work` runs: the
 * server's accept queue (connections the server has not accepted yet) and its sockets holding
 * unread bytes (requests the server has not read yet). Null where `ss` is missing.
 */
export async function sampleSockets<T>(port: number, work: () => Promise<T>): Promise<{ result: T; words: string }> {
  const { execFile } = await import('node:child_process');
  const ss = (args: string[]) =>
    new Promise<string | null>((resolve) => execFile('ss', args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => resolve(error ? null : stdout)));
  const accept: number[] = [];
  const unread: number[] = [];
  let stop = false;
  const sampler = (async () => {
    while (!stop) {
      const listening = await ss(['-ltnH', `sport = :${port}`]);
      const open = await ss(['-tnH', 'state', 'established', `( sport = :${port} )`]);
      if (listening !== null && open !== null) {
        accept.push(Number(listening.trim().split(/\s+/)[1] ?? 0));
        unread.push(open.split('\n').filter((l) => Number(l.trim().split(/\s+/)[0] ?? 0) > 0).length);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  const result = await work();
  stop = true;
  await sampler;
  if (accept.length === 0) return { result, words: 'socket samples unavailable' };
  const max = (v: number[]) => Math.max(...v);
  const mean = (v: number[]) => Math.round(v.reduce((s, x) => s + x, 0) / v.length);
  return { result, words: `server sockets (ss, ${accept.length} samples): accept queue mean ${mean(accept)} / max ${max(accept)} connections not yet accepted; connections with unread request bytes mean ${mean(unread)} / max ${max(unread)}` };
}
