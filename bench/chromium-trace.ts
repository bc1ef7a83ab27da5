/**
 * Chromium traces (Playwright's `browser.startTracing`) read for the benches: where the renderer
 * main thread's time went by trace event — style recalculation, layout, paint, script — the
 * native work a CPU profile only shows as "(program)".
 */

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, in µs. */
  tdur?: number;
  args?: { name?: string; data?: { type?: string; functionName?: string; url?: string } };
}
export interface Trace {
  traceEvents: TraceEvent[];
}

/** What the summaries read: the timeline's own events, with the script and GC events inside them. */
export const traceCategories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing'];

/** The renderer's main thread: [pid, tid] of the thread named CrRendererMain that recorded the most. */
function rendererMain(trace: Trace): [number, number] | null {
  const mains = new Set(trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const counts = new Map<string, number>();
  for (const e of trace.traceEvents) {
    const key = `${e.pid}:${e.tid}`;
    if (mains.has(key) && e.ph === 'X') counts.set(key, (counts.get(key) ?? 0) + (e.dur ?? 0));
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return best ? (best[0].split(':').map(Number) as [number, number]) : null;
}

/**
 * Self time per event name on the renderer main thread, in ms: each complete event's duration
 * less its children's (events nest by time on one thread), so the figures add up to the busy time.
 */
export function traceSelfTimes(trace: Trace): Map<string, number> {
  const main = rendererMain(trace);
  const self = new Map<string, number>();
  if (!main) return self;
  const events = trace.traceEvents.filter((e) => e.ph === 'X' && e.pid === main[0] && e.tid === main[1] && (e.dur ?? 0) > 0).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const stack: { event: TraceEvent; end: number; children: number }[] = [];
  const close = (until: number) => {
    for (let top = stack.at(-1); top && top.end <= until; top = stack.at(-1)) {
      stack.pop();
      self.set(top.event.name, (self.get(top.event.name) ?? 0) + ((top.event.dur ?? 0) - top.children) / 1000);
      const parent = stack.at(-1);
      if (parent) parent.children += top.event.dur ?? 0;
    }
  };
  for (const event of events) {
    close(event.ts);
    stack.push({ event, end: event.ts + (event.dur ?? 0), children: 0 });
  }
  close(Number.POSITIVE_INFINITY);
  return self;
}

/**
 * The renderer main thread's CPU time in ms: the thread time (`tdur`) of its outermost events.
 * Unlike durations, it does not grow while the thread waits for a core, so it reads the same on a
 * loaded machine as on a quiet one (within cache effects): the figure to compare on a shared one.
 */
export function traceThreadMs(trace: Trace): number {
  const main = rendererMain(trace);
  if (!main) return 0;
  const events = trace.traceEvents.filter((e) => e.ph === 'X' && e.pid === main[0] && e.tid === main[1] && (e.dur ?? 0) > 0).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    if (event.ts < end) continue;
    total += event.tdur ?? 0;
    end = event.ts + (event.dur ?? 0);
  }
  return total / 1000;
}

/** Lines for a bench's output: the busy time, then the `n` event names with the most self time. */
export function traceSummary(trace: Trace, n = 12): string[] {
  const self = [...traceSelfTimes(trace)].sort((a, b) => b[1] - a[1]);
  const busy = self.reduce((sum, [, ms]) => sum + ms, 0);
  return [`    busy ${busy.toFixed(0)} ms (thread CPU ${traceThreadMs(trace).toFixed(0)} ms); by self time:`, ...self.slice(0, n).map(([name, ms]) => `      ${ms.toFixed(1).padStart(7)} ms  ${name}`)];
}

/** The main thread's top-level tasks in order, each with the events inside it, and when the first began. */
function mainThreadTasks(trace: Trace, main: [number, number]): { start: number; tasks: { task: TraceEvent; inside: TraceEvent[] }[] } {
  const events = trace.traceEvents.filter((e) => e.ph === 'X' && e.pid === main[0] && e.tid === main[1] && (e.dur ?? 0) > 0).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks: { task: TraceEvent; inside: TraceEvent[] }[] = [];
  let end = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    if (event.ts >= end) {
      tasks.push({ task: event, inside: [] });
      end = event.ts + (event.dur ?? 0);
    } else tasks.at(-1)?.inside.push(event);
  }
  return { start: events[0]?.ts ?? 0, tasks };
}

/**
 * The renderer main thread's tasks that took at least `minMs` of CPU, in order, each with what
 * ran inside it (event types, script files, style, layout, paint): an action's own work told
 * apart from the page's background (map frames) and the bench's polling, which are many short tasks.
 */
export function traceTasks(trace: Trace, minMs = 3): string[] {
  const main = rendererMain(trace);
  if (!main) return [];
  const { start, tasks } = mainThreadTasks(trace, main);
  const lines: string[] = [];
  let small = 0;
  let smallCount = 0;
  for (const { task, inside } of tasks) {
    const cpu = (task.tdur ?? 0) / 1000;
    if (cpu < minMs) {
      small += cpu;
      smallCount++;
      continue;
    }
    const parts = new Map<string, number>();
    // Only the outermost of the counted events: a script's call inside an event's is not counted twice.
    let counted = Number.NEGATIVE_INFINITY;
    for (const e of inside) {
      const what = e.args?.data?.type ?? e.args?.data?.url?.split('/').pop();
      if (e.ts < counted || !['EventDispatch', 'FunctionCall', 'UpdateLayoutTree', 'Layout', 'Paint', 'MinorGC', 'MajorGC'].includes(e.name)) continue;
      counted = e.ts + (e.dur ?? 0);
      const key = what ? `${e.name} ${what}` : e.name;
      parts.set(key, (parts.get(key) ?? 0) + (e.tdur ?? 0) / 1000);
    }
    const inner = [...parts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join(', ');
    lines.push(`      +${((task.ts - start) / 1000).toFixed(0).padStart(5)} ms  ${cpu.toFixed(1).padStart(5)} ms CPU  ${inner}`);
  }
  lines.push(`      ${smallCount} shorter tasks: ${small.toFixed(1)} ms CPU`);
  return lines;
}

/**
 * The renderer main thread's tasks longer than `minWallMs` (what a page's long-task observer
 * counts), each with its wall and CPU time and where its wall time went. On a shared machine a
 * task of a few ms of CPU can take hundreds of ms while its thread waits for a core: `byCpu`
 * counts only the tasks whose own CPU time is over the limit, the ones our code makes long.
 */
export function traceLongTasks(trace: Trace, minWallMs = 50): { count: number; byCpu: number; lines: string[] } {
  const main = rendererMain(trace);
  if (!main) return { count: 0, byCpu: 0, lines: [] };
  const { start, tasks } = mainThreadTasks(trace, main);
  const lines: string[] = [];
  let byCpu = 0;
  for (const { task, inside } of tasks) {
    const wall = (task.dur ?? 0) / 1000;
    if (wall <= minWallMs) continue;
    const cpu = (task.tdur ?? 0) / 1000;
    if (cpu > minWallMs) byCpu++;
    // The first event of each kind that says what the task was for (a frame, a timer, a message).
    const kinds = [...new Set(inside.filter((e) => ['FireAnimationFrame', 'TimerFire', 'EventDispatch', 'HandlePostMessage', 'FunctionCall', 'MinorGC', 'MajorGC', 'Layout', 'Paint'].includes(e.name)).map((e) => {
      const what = e.args?.data?.type ?? e.args?.data?.url?.split('/').pop();
      return what ? `${e.name} ${what}` : e.name;
    }))].slice(0, 4);
    lines.push(`      +${((task.ts - start) / 1000).toFixed(0).padStart(5)} ms  wall ${wall.toFixed(0).padStart(4)} ms, CPU ${cpu.toFixed(1).padStart(5)} ms  ${kinds.join(', ')}`);
  }
  return { count: lines.length, byCpu, lines };
}

/**
 * The trace up to the first `performance.mark(name)` (a `blink.user_timing` event): what began
 * after it is dropped, so an action's figure ends where the page marked it done, not wherever
 * the driver's stop of the tracing happened to land (that tail holds the next frames of the
 * page). Without that mark, the trace whole.
 */
export function traceUntilMark(trace: Trace, name: string): { trace: Trace; marked: boolean } {
  const mark = trace.traceEvents.find((e) => e.name === name && (e.ph === 'R' || e.ph === 'I' || e.ph === 'n' || e.ph === 'b' || e.ph === 'X'));
  if (!mark) return { trace, marked: false };
  return { trace: { traceEvents: trace.traceEvents.filter((e) => e.ph === 'M' || e.ts <= mark.ts) }, marked: true };
}
