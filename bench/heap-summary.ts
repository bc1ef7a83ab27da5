/**
 * What a V8 heap snapshot holds, as text: `node bench/heap-summary.ts <file.heapsnapshot> [top]`.
 * bench:ingest writes one with BENCH_HEAP=<file>. Prints the total self size and the node kinds
 * (objects by constructor, strings, arrays, code, …) holding the most of it — the first question
 * when the server's memory grows with the fleet.
 */
import { readFileSync } from 'node:fs';

export interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] }; node_count: number };
  nodes: number[];
  strings: string[];
}

export interface HeapGroup {
  kind: string;
  count: number;
  bytes: number;
}

/** Self size grouped by node type, and for objects and closures by constructor name. */
export function summarizeHeap(snapshot: HeapSnapshot): { totalBytes: number; groups: HeapGroup[] } {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, HeapGroup>();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt] ?? 0] ?? 'unknown';
    const size = snapshot.nodes[i + sizeAt] ?? 0;
    total += size;
    const name = snapshot.strings[snapshot.nodes[i + nameAt] ?? 0] ?? '';
    const kind = type === 'object' || type === 'closure' || type === 'native' ? `${type} ${name.slice(0, 60)}` : type;
    const group = groups.get(kind) ?? { kind, count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += size;
    groups.set(kind, group);
  }
  return { totalBytes: total, groups: [...groups.values()].sort((a, b) => b.bytes - a.bytes) };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The summary as lines: the total, then the `top` largest groups. */
export function formatHeap(summary: ReturnType<typeof summarizeHeap>, top = 30): string[] {
  return [`${mb(summary.totalBytes)} in live objects`, ...summary.groups.slice(0, top).map((g) => `${mb(g.bytes).padStart(9)}  ${String(g.count).padStart(8)} × ${g.kind}`)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/heap-summary.ts <file.heapsnapshot> [top]');
    process.exit(2);
  }
  for (const line of formatHeap(summarizeHeap(JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot), Number(top ?? 30))) console.log(line);
}
