import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/**
 * Logging for device reports (decision 0310). A phone sends one request per fix, so whatever is
 * logged per request is logged per fix: at the default `LOG_LEVEL=info` Fastify wrote two lines
 * per report ("incoming request", "request completed") — 20,000 lines a second at 10,000 phones —
 * and built a child logger per request (and the route a second one, naming the tenant) even when
 * nothing was written.
 *
 * Device requests therefore get a lazy logger: warnings and errors go out exactly as before (with
 * the request id and, once known, the tenant), built on first use; lines below `warn` are not
 * written. Instead, one line a minute sums up what devices were answered (`DeviceAnswerSummary`).
 * With `LOG_LEVEL=debug` or `trace` device requests log every line as any request does.
 */

type Bindings = Record<string, unknown>;
type ChildOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>;
type LogArgs = Parameters<FastifyBaseLogger['info']>;

/** pino's level order; a level not named here (a custom one) counts as enabled. */
const rank: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };
const warnRank = 40;

/** Whether `logger` writes lines at `level`. */
export function writesAt(logger: FastifyBaseLogger, level: 'debug' | 'info'): boolean {
  return (rank[logger.level] ?? 0) <= (rank[level] ?? 0);
}

/** A request logger whose warnings and errors reach `parent`'s child with `bindings`; nothing else is written. */
export class DeviceRequestLogger implements FastifyBaseLogger {
  private readonly parent: FastifyBaseLogger;
  private readonly bindings: Bindings;
  private readonly options: ChildOptions;
  private real: FastifyBaseLogger | undefined;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildOptions = {}) {
    this.parent = parent;
    this.bindings = bindings;
    this.options = options;
  }

  /** The lowest level this logger writes: warn, or the parent's when that is higher. */
  get level(): string {
    return (rank[this.parent.level] ?? 0) > warnRank ? this.parent.level : 'warn';
  }

  set level(_level: string) {
    // A device request's level is fixed (see the module comment); pino's setter is not forwarded.
  }

  private logger(): FastifyBaseLogger {
    this.real ??= this.parent.child(this.bindings, this.options);
    return this.real;
  }

  fatal = (...args: LogArgs): void => this.logger().fatal(...args);
  error = (...args: LogArgs): void => this.logger().error(...args);
  warn = (...args: LogArgs): void => this.logger().warn(...args);
  info = (): void => {};
  debug = (): void => {};
  trace = (): void => {};
  silent = (): void => {};

  /** More bindings (the route adds the tenant): still lazy, so a report that logs nothing builds nothing. */
  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return new DeviceRequestLogger(this.parent, { ...this.bindings, ...bindings }, options ?? this.options);
  }
}

/** Answers to device reports by status class since the last summary line. */
export class DeviceAnswerSummary {
  private readonly byStatus = new Map<string, number>();
  private total = 0;

  answered(statusCode: number): void {
    const key = statusCode === 200 ? '200' : `${Math.floor(statusCode / 100)}xx`;
    this.byStatus.set(key, (this.byStatus.get(key) ?? 0) + 1);
    this.total += 1;
  }

  /** The summary since the last call, then starts over; null when nothing was answered. */
  take(seconds: number): { message: string; answered: Record<string, number> } | null {
    if (this.total === 0) return null;
    const answered = Object.fromEntries([...this.byStatus].sort(([a], [b]) => a.localeCompare(b)));
    const message = `device reports answered in the last ${seconds} s: ${this.total} (${(this.total / seconds).toFixed(1)}/s)`;
    this.byStatus.clear();
    this.total = 0;
    return { message, answered };
  }
}

/**
 * Installs the lazy request logger and the summary line on the (encapsulated) plugin that owns the
 * device routes. Does nothing without a logger (`logger: false`: Fastify then builds no child).
 * Returns the summary, for answers written below Fastify (decision 0440), or null when none is kept.
 */
export function quietDeviceRequests(app: FastifyInstance, summaryEveryMs = 60_000): DeviceAnswerSummary | null {
  if (typeof app.log.level !== 'string' || writesAt(app.log, 'debug')) return null;
  app.setChildLoggerFactory((parent, bindings, options) => new DeviceRequestLogger(parent, bindings, options));
  if (!writesAt(app.log, 'info')) return null;
  const summary = new DeviceAnswerSummary();
  // A callback hook: it runs for every report, and an async one costs a promise each time.
  app.addHook('onResponse', (_request, reply, done) => {
    summary.answered(reply.statusCode);
    done();
  });
  const timer = setInterval(() => {
    const line = summary.take(summaryEveryMs / 1000);
    if (line) app.log.info({ answered: line.answered }, line.message);
  }, summaryEveryMs).unref();
  app.addHook('onClose', (_app, done) => {
    clearInterval(timer);
    done();
  });
  return summary;
}
