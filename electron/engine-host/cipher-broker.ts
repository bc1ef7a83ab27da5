import type { SecretCipher } from '../core/vault/encrypted-file-vault.ts';
import { maxCipherText, type EngineMessage, type ParentMessage } from './engine-messages.ts';

/** The parent's own cipher: synchronous, as Electron's safeStorage is. */
export interface HostCipher {
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/**
 * Engine side: the encrypted-file vault's cipher as requests to the parent, which alone can
 * reach the OS key store (safeStorage exists only in Electron's main process). Availability is
 * fixed when the parent starts the engine, so `isAvailable()` stays synchronous.
 */
export class BrokeredCipher implements SecretCipher {
  readonly #available: boolean;
  readonly #send: (message: EngineMessage) => void;
  readonly #waiting = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  #nextId = 1;

  constructor(available: boolean, send: (message: EngineMessage) => void) {
    this.#available = available;
    this.#send = send;
  }

  isAvailable(): boolean {
    return this.#available;
  }

  async encrypt(plain: string): Promise<Buffer> {
    return Buffer.from(await this.#ask('encrypt', plain), 'base64');
  }

  decrypt(sealed: Buffer): Promise<string> {
    return this.#ask('decrypt', sealed.toString('base64'));
  }

  /** Feed the parent's answers here. */
  receive(message: Extract<ParentMessage, { type: 'cipher-result' }>): void {
    const waiting = this.#waiting.get(message.id);
    if (!waiting) return;
    this.#waiting.delete(message.id);
    if (message.ok) waiting.resolve(message.text);
    else waiting.reject(new Error(message.reason));
  }

  #ask(op: 'encrypt' | 'decrypt', text: string): Promise<string> {
    if (!this.#available) return Promise.reject(new Error('No encrypted storage is available.'));
    if (text.length > maxCipherText) return Promise.reject(new Error('The secret is too large to seal.'));
    const id = this.#nextId++;
    return new Promise<string>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#send({ type: 'cipher', id, op, text });
    });
  }
}

/**
 * Parent side: answers one validated cipher request with the parent's cipher. The reason of a
 * failure goes back as text, never the secret; the vault treats an unreadable entry as
 * "not signed in".
 */
export function answerCipherRequest(cipher: HostCipher | null, request: Extract<EngineMessage, { type: 'cipher' }>): ParentMessage {
  if (!cipher?.isAvailable()) return { type: 'cipher-result', id: request.id, ok: false, reason: 'No encrypted storage is available.' };
  try {
    const text = request.op === 'encrypt'
      ? cipher.encrypt(request.text).toString('base64')
      : cipher.decrypt(Buffer.from(request.text, 'base64'));
    return { type: 'cipher-result', id: request.id, ok: true, text };
  } catch (error) {
    return { type: 'cipher-result', id: request.id, ok: false, reason: `The OS key store refused to ${request.op} (${error instanceof Error ? error.message : String(error)}).` };
  }
}
