import type { VaultKind } from '../core/vault/token-vault.ts';
import { answerCipherRequest, type HostCipher } from './cipher-broker.ts';
import { readEngineMessage, type MapGatewayLink, type ParentMessage } from './engine-messages.ts';

/**
 * A running engine process as its parent sees it. `P` is the parent's end of a renderer channel:
 * Electron's MessagePortMain in main (handed on to the renderer), a PortEnd in Node tests.
 */
export interface EngineProcess<P> {
  post(message: ParentMessage): void;
  /** Opens a renderer channel: sends the engine its end with `connect`, returns the other end. */
  connect(): P;
  onMessage(listener: (data: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

export type EngineLauncher<P> = () => EngineProcess<P>;

/** starting → ready; a crash: lost → (restart) starting → ready; stop(): stopped. */
export type EngineState = 'starting' | 'ready' | 'lost' | 'stopped';

export interface SupervisorOptions<P> {
  launch: EngineLauncher<P>;
  /** The parent's cipher for the encrypted-file vault (Electron: safeStorage); null where none. */
  cipher: HostCipher | null;
  /** Delay before the n-th restart in a row (n ≥ 1). Default 0.5 s, doubling, at most 30 s. */
  restartDelayMs?: (crashesInARow: number) => number;
  /** An engine that ran this long before it crashed resets the backoff (default 60 s). */
  stableAfterMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

const defaultDelay = (n: number) => Math.min(500 * 2 ** (n - 1), 30_000);

/**
 * Keeps one engine process running for the parent: starts it, brokers its cipher requests,
 * opens renderer channels to it, restarts it with backoff when it dies, and stops it cleanly.
 * Knows nothing of Electron: main passes a launcher built on `utilityProcess.fork`, tests one
 * built on `child_process.fork`.
 */
export class EngineSupervisor<P> {
  readonly #options: SupervisorOptions<P>;
  readonly #listeners = new Set<(state: EngineState) => void>();
  #state: EngineState = 'starting';
  #process: EngineProcess<P> | null = null;
  #vault: VaultKind | null = null;
  #mapGateway: MapGatewayLink | null = null;
  #startedAt = 0;
  #crashesInARow = 0;
  #restartTimer: ReturnType<typeof setTimeout> | null = null;
  #closed: Promise<void> | null = null;

  constructor(options: SupervisorOptions<P>) {
    this.#options = options;
  }

  get state(): EngineState {
    return this.#state;
  }

  /** Where the running engine keeps sign-ins; null until it is ready. */
  get vault(): VaultKind | null {
    return this.#vault;
  }

  /** The running engine's map gateway (loopback port and key); null while none is ready. */
  get mapGateway(): MapGatewayLink | null {
    return this.#state === 'ready' ? this.#mapGateway : null;
  }

  get pid(): number | undefined {
    return this.#process?.pid;
  }

  onChange(listener: (state: EngineState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    if (this.#process || this.#state === 'stopped') return;
    this.#setState('starting');
    this.#vault = null;
    this.#mapGateway = null;
    this.#startedAt = this.#now();
    const child = this.#options.launch();
    this.#process = child;
    child.onMessage((data) => this.#receive(child, data));
    child.onExit((code) => this.#exited(child, code));
  }

  /** A new renderer channel to the engine, or null while it is not ready (the caller waits for 'ready'). */
  connect(): P | null {
    return this.#state === 'ready' && this.#process ? this.#process.connect() : null;
  }

  /** Asks the engine to close its caches and exit; kills it if it has not within `timeoutMs`. */
  stop(timeoutMs = 5_000): Promise<void> {
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.#restartTimer = null;
    const child = this.#process;
    this.#setState('stopped');
    if (!child) return Promise.resolve();
    this.#closed ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill(), timeoutMs);
      child.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      child.post({ type: 'shutdown' });
    });
    return this.#closed;
  }

  #receive(child: EngineProcess<P>, data: unknown): void {
    if (child !== this.#process) return;
    const message = readEngineMessage(data);
    if (!message) {
      this.#log('ignored a message from the engine process that is not part of the protocol');
      return;
    }
    switch (message.type) {
      case 'cipher':
        child.post(answerCipherRequest(this.#options.cipher, message));
        return;
      case 'ready':
        this.#vault = message.vault;
        this.#mapGateway = message.mapGateway;
        if (this.#state === 'starting') this.#setState('ready');
        return;
      case 'hello':
      case 'closed':
        return;
    }
  }

  #exited(child: EngineProcess<P>, code: number | null): void {
    if (child !== this.#process) return;
    this.#process = null;
    if (this.#state === 'stopped') return;
    const ranFor = this.#now() - this.#startedAt;
    this.#crashesInARow = ranFor >= (this.#options.stableAfterMs ?? 60_000) ? 1 : this.#crashesInARow + 1;
    const delay = (this.#options.restartDelayMs ?? defaultDelay)(this.#crashesInARow);
    this.#log(`the engine process exited (code ${code ?? 'none'}) after ${Math.round(ranFor)} ms; restarting in ${delay} ms`);
    this.#setState('lost');
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      this.start();
    }, delay);
  }

  #setState(next: EngineState): void {
    if (next === this.#state) return;
    this.#state = next;
    for (const listener of [...this.#listeners]) listener(next);
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #log(line: string): void {
    (this.#options.log ?? ((text: string) => console.error(`[engine-supervisor] ${text}`)))(line);
  }
}
