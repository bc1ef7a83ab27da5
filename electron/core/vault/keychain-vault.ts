import { randomUUID } from 'node:crypto';
import type { KeychainProblem } from '../../../contract/bridge/domains/sync-domain.ts';
import type { TokenVault } from './token-vault.ts';

/** The part of keytar the vault uses (keytar's own signatures). */
export interface KeychainBackend {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** Default keychain service name: the entries a user sees in their keychain app. */
export const keychainService = 'Fleet Console';

/**
 * Refresh tokens in the OS keychain (Secret Service on Linux, Keychain on macOS, Credential
 * Manager on Windows) through keytar: one entry per (server, user) account id.
 */
export class KeychainTokenVault implements TokenVault {
  readonly kind = 'keychain' as const;
  readonly #backend: KeychainBackend;
  readonly #service: string;

  constructor(backend: KeychainBackend, service = keychainService) {
    this.#backend = backend;
    this.#service = service;
  }

  read(key: string): Promise<string | null> {
    return twice(() => this.#backend.getPassword(this.#service, key));
  }

  write(key: string, secret: string): Promise<void> {
    return twice(() => this.#backend.setPassword(this.#service, key, secret));
  }

  async remove(key: string): Promise<void> {
    await twice(() => this.#backend.deletePassword(this.#service, key));
  }
}

/** The pause before a failed keychain call is made again (ms). */
export const keychainRetryMs = 100;

/**
 * A keychain call that fails is made once more before its error counts. The Secret Service
 * answers over D-Bus, and a busy keyring daemon fails a call now and then (libsecret logged a
 * GLib critical and a sign-out failed once in the test suite under load; alone it passed). Each
 * call is idempotent (read, set, delete), so a second attempt cannot do harm.
 */
async function twice<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch {
    await new Promise((resolve) => setTimeout(resolve, keychainRetryMs));
    return call();
  }
}

/** Why the keychain cannot be used: a code for the renderer, and the underlying error for support. */
export type KeychainOpenResult = { ok: true; vault: KeychainTokenVault } | { ok: false; reason: KeychainProblem; detail: string };

/**
 * Loads keytar and proves the keychain works with a write/read/delete round trip. Loading can
 * fail (native module missing), and on Linux the Secret Service may be absent or locked: both
 * must lead to the fallback, not to a sign-in that silently forgets the user.
 */
export async function openKeychainVault(service = keychainService, loadBackend: () => Promise<KeychainBackend> = loadKeytar): Promise<KeychainOpenResult> {
  let backend: KeychainBackend;
  try {
    backend = await loadBackend();
  } catch (error) {
    return { ok: false, reason: 'keychain-module-missing', detail: errorText(error) };
  }
  const probeKey = `probe-${randomUUID()}`;
  try {
    await withTimeout(backend.setPassword(service, probeKey, 'probe'), 5_000);
    const back = await withTimeout(backend.getPassword(service, probeKey), 5_000);
    await withTimeout(backend.deletePassword(service, probeKey), 5_000);
    if (back !== 'probe') return { ok: false, reason: 'keychain-unavailable', detail: 'the keychain did not return what was stored' };
  } catch (error) {
    return { ok: false, reason: error instanceof NoAnswer ? 'keychain-no-answer' : 'keychain-unavailable', detail: errorText(error) };
  }
  return { ok: true, vault: new KeychainTokenVault(backend, service) };
}

/**
 * keytar is an optional dependency: it builds from source where libsecret's headers and a
 * compiler exist and is simply absent elsewhere. A non-literal specifier keeps both the bundler
 * and the typechecker from requiring it at build time; its absence is a runtime fallback.
 */
const keytarModule: string = 'keytar';

async function loadKeytar(): Promise<KeychainBackend> {
  const module = (await import(/* @vite-ignore */ keytarModule)) as KeychainBackend & { default?: KeychainBackend };
  return module.default ?? module;
}

class NoAnswer extends Error {}

/** A locked keyring may show an unlock prompt nobody answers; do not hang start-up on it. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswer(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
