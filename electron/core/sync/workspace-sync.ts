import type { Alert, AlertConflictBody } from '../../../contract/api/alerts.ts';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { AlertFieldChanges } from '../../../contract/bridge/domains/alerts-domain.ts';
import type { SyncProgress, SyncStatus } from '../../../contract/bridge/domains/sync-domain.ts';
import { streamCloseCodes, type ServerMessage } from '../../../contract/stream/messages.ts';
import { completeActions, pendingActions, pendingCount, rejectActions, upsertServerAlerts } from '../cache/alerts-store.ts';
import { applyLatestPositions, setDeviceStatuses } from '../cache/positions-store.ts';
import { WorkspaceCache } from '../cache/workspace-cache.ts';
import { MonitoringApi } from '../fleet-api/monitoring-api.ts';
import type { SessionManager } from '../session/session-manager.ts';
import { scheduleOnTimer, type Schedule } from '../schedule.ts';
import { backoffDelay } from './backoff.ts';
import { LiveCoalescer } from './live-coalescer.ts';
import { pullDevices, pullList, pullSettings, pullTracks, type PullOptions } from './list-sync.ts';
import { LiveStream } from './live-stream.ts';
import { replayActionsInBulk } from './replay-bulk.ts';
import type { SyncEmit } from './sync-events.ts';

export interface WorkspaceSyncDeps {
  workspaceId: string;
  cache: WorkspaceCache;
  sessions: SessionManager;
  emit: SyncEmit;
  tripWindowDays: () => number;
  now?: () => number;
  /** Live positions reach the cache and the renderer at most this often (ms). */
  flushIntervalMs?: number;
  /** While online, lists are pulled by cursor this often (ms; default 60 s): trips, geofences
   * and vehicle health change on the server without a stream event. */
  pullIntervalMs?: number;
  /** Items per page of a list pull (default 2000). */
  pageSize?: number;
  /** False when the offline cache is at its limit: trip tracks stop downloading. */
  hasRoom?: () => Promise<boolean>;
  /** Runs the retry after a failed cycle once its backoff delay has passed (default: a timer). */
  scheduleRetry?: Schedule;
}

/**
 * Keeps one workspace's cache in step with its fleet cloud: first full load, incremental pulls by
 * cursor, the live stream applied as it arrives and resumed from its seq, offline detection
 * with backoff, and the replay of offline alert actions.
 */
export class WorkspaceSync {
  readonly #d: WorkspaceSyncDeps;
  readonly #now: () => number;
  readonly #live = new LiveCoalescer();
  #state: SyncStatus['state'] = 'syncing';
  #offlineSince: string | null = null;
  #progress: SyncProgress | null = null;
  #lastError: string | null = null;
  #stream: LiveStream | null = null;
  /** Cancels the pending retry. */
  #retry: (() => void) | null = null;
  #flush: NodeJS.Timeout | null = null;
  #pulse: NodeJS.Timeout | null = null;
  #attempt = 0;
  #stopped = false;
  #cycle: Promise<void> | null = null;
  /** Replays run one after another: two at once would send the same queued action twice. */
  #replays: Promise<void> = Promise.resolve();
  /** The current socket said hello: it was accepted, so a later 4001 is an expiry, not a refusal. */
  #streamAccepted = false;
  /**
   * Stream alerts not written yet, and the seq of the last. A bulk action comes back as one
   * stream message per alert (500 for 500 acknowledgements), mostly copies the cache already
   * has: they are written in one transaction per burst and announced in one event, and only the
   * ones that changed anything (docs/decisions/0270-alert-inbox-re-renders-only-itself.md).
   */
  #streamAlerts: { alerts: Alert[]; seq: number } | null = null;

  constructor(deps: WorkspaceSyncDeps) {
    this.#d = deps;
    this.#now = deps.now ?? Date.now;
  }

  get workspaceId(): string {
    return this.#d.workspaceId;
  }

  status(): SyncStatus {
    return {
      workspaceId: this.#d.workspaceId,
      state: this.#state,
      lastSyncedAt: this.#d.cache.getState('lastSyncedAt'),
      offlineSince: this.#offlineSince,
      progress: this.#progress,
      pendingActions: pendingCount(this.#d.cache.db),
      lastError: this.#lastError,
    };
  }

  get online(): boolean {
    return this.#state !== 'offline';
  }

  start(): void {
    this.#stopped = false;
    this.#flush = setInterval(() => this.#flushLive(), this.#d.flushIntervalMs ?? 250);
    this.#flush.unref();
    this.#pulse = setInterval(() => {
      if (this.#state === 'online') void this.syncNow();
    }, this.#d.pullIntervalMs ?? 60_000);
    this.#pulse.unref();
    void this.syncNow();
  }

  /** Runs a sync cycle now (start, reconnect, an action taken while online). */
  syncNow(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#retry?.();
    this.#retry = null;
    this.#cycle ??= this.#runCycle().finally(() => {
      this.#cycle = null;
    });
    return this.#cycle;
  }

  /**
   * Actions on these alerts were just queued here. Every window learns it at once, online or not:
   * the alerts (with their "waiting to send" mark) and the status bar's count of waiting actions.
   * Offline nothing else would tell them: the replay that emits after sending does not run.
   */
  actionsQueued(alertIds: readonly string[], changes: readonly AlertFieldChanges[] = []): void {
    if (this.#d.cache.db.closed || alertIds.length === 0) return;
    this.#emitAlertsChanged(alertIds, changes);
    this.#emitStatus();
  }

  /**
   * Tells the screens about changed alerts: those with field changes carry them, the others are
   * named for a read (decision 0380). Emitted in the order the writes happened: a screen applies
   * field changes to the copy it holds, which is then the copy they were made to.
   */
  #emitAlertsChanged(alertIds: Iterable<string>, changes: readonly AlertFieldChanges[], reread: ReadonlySet<string> = new Set()): void {
    const carried = new Set<string>();
    for (const { ids } of changes) for (const id of ids) if (!reread.has(id)) carried.add(id);
    const named = [...new Set(alertIds)].filter((id) => !carried.has(id));
    if (named.length === 0 && changes.length === 0) return;
    this.#d.emit('onAlertsChanged', { workspaceId: this.#d.workspaceId, alertIds: named, ...(changes.length ? { changes: [...changes] } : {}) });
  }

  /** Sends queued actions if online; resolves when they were tried. */
  async replayNow(): Promise<void> {
    if (this.#state === 'offline' || this.#stopped) return;
    await this.#replay().catch((error: unknown) => this.#failed(error));
  }

  stop(): void {
    this.#stopped = true;
    this.#retry?.();
    this.#retry = null;
    if (this.#flush) clearInterval(this.#flush);
    if (this.#pulse) clearInterval(this.#pulse);
    this.#stream?.close();
    this.#stream = null;
  }

  async #runCycle(): Promise<void> {
    // An online workspace stays "online" during its periodic pulls; only a (re)connect shows "syncing".
    if (this.#state !== 'offline' && this.#state !== 'online') this.#setState('syncing');
    try {
      // Queued actions first: the pulls below would otherwise overwrite what they changed.
      await this.#replay();
      if (this.#state !== 'online') this.#setState('syncing');
      await this.#pullAll();
      this.#progress = null;
      this.#attempt = 0;
      this.#lastError = null;
      this.#d.cache.db.write((db) => WorkspaceCache.setState(db, 'lastSyncedAt', new Date(this.#now()).toISOString()));
      this.#offlineSince = null;
      this.#setState('online');
      if (!this.#stream) await this.#openStream();
    } catch (error) {
      this.#failed(error);
    }
  }

  async #pullAll(): Promise<void> {
    const options: PullOptions = {
      tripWindowDays: this.#d.tripWindowDays(),
      now: this.#now,
      ...(this.#d.pageSize ? { pageSize: this.#d.pageSize } : {}),
      ...(this.#d.hasRoom ? { hasRoom: this.#d.hasRoom } : {}),
      onProgress: (phase, done, total) => {
        this.#progress = { phase, done, total };
        this.#emitStatus();
      },
      onChanged: (_what, ids) => this.#d.emit('onAlertsChanged', { workspaceId: this.#d.workspaceId, alertIds: ids }),
      // Pulled positions reach the map like streamed ones; seq 0: older than any streamed fix.
      onPositions: (columns) => this.#d.emit('onLivePositions', { workspaceId: this.#d.workspaceId, seq: 0, ...columns }),
    };
    const from = new Date(this.#now() - options.tripWindowDays * 86_400_000).toISOString();
    const settingsChanged = await this.#withApi((api) => pullSettings(this.#d.cache, api));
    const devicesChanged = await this.#withApi((api) => pullDevices(this.#d.cache, api));
    // The renderer reloads the fleet snapshot (MBs at 10k vehicles) only when the list or the
    // settings in it changed; positions travel as live batches (issue 12).
    if (settingsChanged || devicesChanged) this.#d.emit('onDevicesChanged', { workspaceId: this.#d.workspaceId });
    for (const name of ['positions', 'alerts', 'geofences', 'health'] as const) await this.#withApi((api) => pullList(this.#d.cache, api, name, options));
    await this.#withApi((api) => pullList(this.#d.cache, api, 'trips', { ...options, from }));
    await this.#withApi((api) => pullTracks(this.#d.cache, api, options));
  }

  #withApi<T>(call: (api: MonitoringApi) => Promise<T>): Promise<T> {
    return this.#d.sessions.withAccess(this.#d.workspaceId, (client, token) => call(new MonitoringApi(client, token)));
  }

  #replay(): Promise<void> {
    const run = this.#replays.then(() => this.#replayQueued());
    this.#replays = run.catch(() => undefined);
    return run;
  }

  async #replayQueued(): Promise<void> {
    const actions = pendingActions(this.#d.cache.db);
    if (!actions.length) return;
    // The server's answers as field changes (its version and times, the queue emptied); refused
    // actions and anything the changes cannot say are read again by the screens.
    const changes: AlertFieldChanges[] = [];
    const reread = new Set<string>();
    const answered = new Set<string>();
    try {
      await replayActionsInBulk(actions, {
        sendBulk: (items) => this.#withApi((api) => api.bulkAlertActions(items)),
        completed: (done) => {
          const written = completeActions(this.#d.cache.db, done.map(({ action, alert }) => ({ seq: action.seq, alert })));
          changes.push(...written.changes);
          for (const id of written.reread) reread.add(id);
          for (const { action } of done) answered.add(action.alertId);
        },
        rejected: (action, server) => {
          answered.add(action.alertId);
          reread.add(action.alertId);
          rejectActions(this.#d.cache.db, action.alertId, server);
          if (server) {
            this.#d.emit('onConflict', { workspaceId: this.#d.workspaceId, alertId: action.alertId, action: action.action, message: conflictMessage(action.action, server), server });
          }
        },
      });
    } finally {
      // A request that fails part-way (the connection drops between waves) leaves the rest
      // queued for the next replay; what the earlier waves wrote reaches the screens all the same.
      this.#emitAlertsChanged(answered, changes, reread);
      this.#emitStatus();
    }
  }

  async #openStream(): Promise<void> {
    const owner = this.#d.sessions.owner(this.#d.workspaceId);
    const token = await this.#d.sessions.withAccess(this.#d.workspaceId, async (_api, accessToken) => accessToken);
    if (this.#stopped) return;
    this.#streamAccepted = false;
    this.#stream = new LiveStream(owner.account.serverUrl, token, {
      onMessage: (message) => this.#onStreamMessage(message),
      onClose: (code, reason) => {
        this.#stream = null;
        if (this.#stopped) return;
        this.#flushStreamAlerts();
        this.#flushLive();
        // The token the socket was opened with ran out (the session itself is fine): reconnect
        // at once with a fresh one and resume; not an outage. A socket refused before its hello
        // is one, or an expired token would reconnect in a tight loop.
        if (code === streamCloseCodes.tokenExpired && this.#streamAccepted) {
          this.#openStream().catch((error: unknown) => this.#failed(error));
          return;
        }
        this.#failed(new BridgeError('server-unreachable', `The live connection closed (${code}${reason ? `: ${reason}` : ''}).`, undefined, { reason: 'live-connection-closed', params: { code } }));
      },
    });
  }

  #onStreamMessage(message: ServerMessage): void {
    const cache = this.#d.cache;
    // Whatever follows a burst of alerts is stored after them, so the stored seq never passes one.
    if (message.type !== 'alert') this.#flushStreamAlerts();
    switch (message.type) {
      case 'hello': {
        this.#streamAccepted = true;
        const stored = cache.getState('stream.seq');
        if (stored !== null) {
          this.#stream?.send({ type: 'resume', fromSeq: Number(stored) });
          return;
        }
        // First connection: the stream starts at its head, and what changed between the
        // REST pull and now is fetched once more by cursor (cheap: only the changes).
        cache.db.write((db) => WorkspaceCache.setState(db, 'stream.seq', String(message.seq)));
        void this.#pullAll().catch((error: unknown) => this.#failed(error));
        return;
      }
      case 'positions':
        this.#live.add(message.positions, message.seq);
        return;
      case 'deviceStatus':
        this.#flushLive();
        cache.db.write((db) => {
          setDeviceStatuses(db, message.changes.map((c) => ({ deviceId: c.deviceId, status: c.status === 'offline' ? 'offline' : 'stopped' })));
          WorkspaceCache.setState(db, 'stream.seq', String(message.seq));
        });
        // Only the statuses travel: a reloaded snapshot would be MBs per change at 10k vehicles.
        this.#d.emit('onDeviceStatuses', {
          workspaceId: this.#d.workspaceId,
          deviceIds: message.changes.map((c) => c.deviceId),
          statuses: message.changes.map((c) => (c.status === 'offline' ? 'offline' : 'stopped')),
        });
        return;
      case 'alert':
        this.#flushLive();
        if (!this.#streamAlerts) {
          this.#streamAlerts = { alerts: [], seq: message.seq };
          // After the messages that arrived together: one socket read carries a whole burst.
          setImmediate(() => this.#flushStreamAlerts());
        }
        this.#streamAlerts.alerts.push(message.alert);
        this.#streamAlerts.seq = message.seq;
        return;
      case 'heartbeat':
      case 'resumed':
        if (this.#live.size === 0) cache.db.write((db) => WorkspaceCache.setState(db, 'stream.seq', String(message.seq)));
        return;
      case 'resync':
        // History is gone: pull by cursor, then continue from the server's seq.
        cache.db.write((db) => WorkspaceCache.setState(db, 'stream.seq', String(message.seq)));
        void this.#pullAll().catch((error: unknown) => this.#failed(error));
        return;
      default:
        return;
    }
  }

  /** Writes the stream's pending alerts and their seq in one transaction; names the ones that changed. */
  #flushStreamAlerts(): void {
    const pending = this.#streamAlerts;
    this.#streamAlerts = null;
    // Stopped or closed: the seq was not stored either, so a resume brings these again.
    if (!pending || this.#stopped || this.#d.cache.db.closed) return;
    const changed = this.#d.cache.db.write((db) => {
      const ids = upsertServerAlerts(db, pending.alerts);
      WorkspaceCache.setState(db, 'stream.seq', String(pending.seq));
      return ids;
    });
    if (changed.length > 0) this.#d.emit('onAlertsChanged', { workspaceId: this.#d.workspaceId, alertIds: [...new Set(changed)] });
  }

  /** Writes the coalesced fixes and their seq in one transaction, then tells the renderer. */
  #flushLive(): void {
    if (this.#live.size === 0 || this.#d.cache.db.closed) return;
    const { columns, seq } = this.#live.take();
    applyLatestPositions(this.#d.cache.db, columns, seq, (db) => WorkspaceCache.setState(db, 'stream.seq', String(seq)));
    this.#d.emit('onLivePositions', { workspaceId: this.#d.workspaceId, seq, ...columns });
  }

  #failed(error: unknown): void {
    if (this.#stopped) return;
    const bridgeError = error instanceof BridgeError ? error : null;
    if (bridgeError?.code === 'session-expired' || bridgeError?.code === 'unknown-workspace') {
      this.stop();
      return;
    }
    const offline = !bridgeError || bridgeError.code === 'server-unreachable' || bridgeError.code === 'server-error' || bridgeError.code === 'throttled';
    this.#lastError = error instanceof Error ? error.message : String(error);
    this.#progress = null;
    this.#stream?.close();
    this.#stream = null;
    if (offline && this.#offlineSince === null) this.#offlineSince = new Date(this.#now()).toISOString();
    this.#setState(offline ? 'offline' : 'online');
    this.#retry?.();
    this.#retry = (this.#d.scheduleRetry ?? scheduleOnTimer)(() => {
      this.#retry = null;
      void this.syncNow();
    }, backoffDelay(this.#attempt++));
  }

  #setState(state: SyncStatus['state']): void {
    this.#state = state;
    this.#emitStatus();
  }

  #emitStatus(): void {
    if (this.#d.cache.db.closed) return;
    this.#d.emit('onSyncStatus', this.status());
  }
}

function conflictMessage(action: string, server: AlertConflictBody['current']): string {
  const who = server.resolvedBy?.displayName ?? server.acknowledgedBy?.displayName ?? 'someone else';
  const did = server.status === 'resolved' ? `${who} resolved this alert` : server.status === 'acknowledged' ? `${who} acknowledged this alert` : 'The alert changed on the server';
  return `Your offline "${action}" was not applied: ${did} while you were offline. The server's version is shown.`;
}
