/**
 * CPU seconds per kind of PostgreSQL process (client backends, autovacuum, WAL writer,
 * checkpointer, …) over a stretch of the benchmark, sampled from /proc: it tells whether
 * PostgreSQL's CPU goes into our statements or into background work they cause.
 * Short-lived processes (autovacuum workers) are counted up to their last sample.
 */
import { readFileSync, readdirSync } from 'node:fs';

interface Seen {
  kind: string;
  first: number;
  last: number;
}

function kindOf(title: string): string {
  const t = title.replace(/^postgres:\s*/, '');
  if (/^autovacuum/.test(t)) return t.startsWith('autovacuum launcher') ? 'autovacuum launcher' : 'autovacuum workers';
  if (/^(walwriter|checkpointer|background writer|logical replication launcher|walsummarizer|io worker)/.test(t)) return t.split(' ').slice(0, 2).join(' ').replace(/\s\d+$/, '');
  return 'client backends';
}

export function samplePostgresCpu(postmasterPid: number, everyMs = 500): { stop: () => Map<string, number> } {
  const seen = new Map<number, Seen>();
  const sample = (initial: boolean) => {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        if (Number(fields[1]) !== postmasterPid) continue;
        const ticks = Number(fields[11]) + Number(fields[12]);
        const pid = Number(entry);
        const known = seen.get(pid);
        if (known) known.last = ticks;
        else seen.set(pid, { kind: kindOf(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()), first: initial ? ticks : 0, last: ticks });
      } catch { /* process ended */ }
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample(false);
      const seconds = new Map<string, number>();
      for (const s of seen.values()) seconds.set(s.kind, (seconds.get(s.kind) ?? 0) + (s.last - s.first) / 100);
      return seconds;
    },
  };
}

/** The postmaster: the parent of a PostgreSQL process (e.g. the checkpointer, whose pid a query finds). */
export function postmasterOf(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
}

/** CPU seconds (user + system, children included) of a PostgreSQL cluster so far: the postmaster and its children. */
export function clusterCpuSeconds(postmasterPid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      if (Number(entry) === postmasterPid || Number(fields[1]) === postmasterPid) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch { /* process ended */ }
  }
  return ticks / 100;
}
