import type { VaultKind } from '../core/vault/token-vault.ts';

/**
 * The control protocol between the engine process and its parent (Electron's main process, or a
 * test or bench standing in for it). The bridge itself does not travel here: each renderer gets
 * its own port (`connect`), on which the contract's call/result/event messages flow.
 *
 * Both sides validate what they receive: main must not trust an engine process blindly (it holds
 * the OS key store), and the engine must not act on a malformed answer.
 */

/** Parent → engine. `connect` carries the engine's end of a new renderer port. */
export type ParentMessage =
  | { type: 'connect' }
  | { type: 'cipher-result'; id: number; ok: true; text: string }
  | { type: 'cipher-result'; id: number; ok: false; reason: string }
  | { type: 'shutdown' };

/** Engine → parent. */
export type EngineMessage =
  /** The process is listening; the parent may now send `connect` and answer cipher requests. */
  | { type: 'hello' }
  /**
   * The engine is open (vault chosen, last sessions restored); `vault` says where sign-ins live;
   * `mapGateway`: the loopback port and key of its map gateway (map-gateway-listener.ts).
   */
  | { type: 'ready'; vault: VaultKind; mapGateway: MapGatewayLink }
  /** encrypt: `text` is the plain secret, the answer is base64; decrypt: the reverse. */
  | { type: 'cipher'; id: number; op: CipherOp; text: string }
  /** After `shutdown`: caches closed, the process is about to exit. */
  | { type: 'closed' };

export type CipherOp = 'encrypt' | 'decrypt';

/** Header carrying the map gateway's key: only the parent that was told the key is answered. */
export const mapGatewayKeyHeader = 'x-map-gateway-key';

/** Where the parent forwards the page's map reads: the engine's loopback gateway and its key. */
export interface MapGatewayLink {
  port: number;
  key: string;
}

const isMapGatewayLink = (value: unknown): value is MapGatewayLink =>
  isRecord(value) && Number.isInteger(value.port) && (value.port as number) > 0 && (value.port as number) < 65536 && typeof value.key === 'string' && /^[\w-]{32,128}$/.test(value.key);

/** Refresh tokens are a few hundred bytes; anything far larger is not a token. */
export const maxCipherText = 64 * 1024;

const vaultKinds: readonly VaultKind[] = ['keychain', 'encrypted-file', 'memory'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= maxCipherText;

/** Read by the parent: null for anything that is not exactly one of the engine's messages. */
export function readEngineMessage(value: unknown): EngineMessage | null {
  if (!isRecord(value)) return null;
  switch (value.type) {
    case 'hello':
    case 'closed':
      return { type: value.type };
    case 'ready':
      return vaultKinds.includes(value.vault as VaultKind) && isMapGatewayLink(value.mapGateway)
        ? { type: 'ready', vault: value.vault as VaultKind, mapGateway: { port: value.mapGateway.port, key: value.mapGateway.key } }
        : null;
    case 'cipher':
      if (!isId(value.id) || (value.op !== 'encrypt' && value.op !== 'decrypt') || !isText(value.text)) return null;
      return { type: 'cipher', id: value.id, op: value.op, text: value.text };
    default:
      return null;
  }
}

/** Read by the engine: null for anything that is not exactly one of the parent's messages. */
export function readParentMessage(value: unknown): ParentMessage | null {
  if (!isRecord(value)) return null;
  switch (value.type) {
    case 'connect':
    case 'shutdown':
      return { type: value.type };
    case 'cipher-result':
      if (!isId(value.id)) return null;
      if (value.ok === true && typeof value.text === 'string') return { type: 'cipher-result', id: value.id, ok: true, text: value.text };
      if (value.ok === false && typeof value.reason === 'string') return { type: 'cipher-result', id: value.id, ok: false, reason: value.reason };
      return null;
    default:
      return null;
  }
}
