import { open } from 'node:fs/promises';
import type { MeResponse, SignInResponse, TokenResponse } from '../../../contract/api/auth.ts';
import type { DeviceListResponse } from '../../../contract/api/devices.ts';
import type { ApiErrorBody } from '../../../contract/api/errors.ts';
import { FleetApiError } from './api-errors.ts';

export interface FleetApiClientOptions {
  /** Per-request timeout; a dispatcher should not stare at a spinner for minutes. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** HTTP client for one fleet cloud. Stateless: callers pass the tokens. */
export class FleetApiClient {
  readonly serverUrl: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(serverUrl: string, options: FleetApiClientOptions = {}) {
    this.serverUrl = serverUrl;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#fetch = options.fetch ?? fetch;
  }

  signIn(username: string, password: string): Promise<SignInResponse> {
    return this.#request('POST', '/api/auth/sign-in', { body: { username, password } });
  }

  /** Exchanges (and thereby rotates) the refresh token for a tenant-scoped access token. */
  exchangeToken(refreshToken: string, tenantId: string): Promise<TokenResponse> {
    return this.#request('POST', '/api/auth/token', { body: { refreshToken, tenantId } });
  }

  async signOut(refreshToken: string): Promise<void> {
    await this.#request('POST', '/api/auth/sign-out', { body: { refreshToken } });
  }

  me(accessToken: string): Promise<MeResponse> {
    return this.#request('GET', '/api/me', { accessToken });
  }

  listDevices(accessToken: string, query: { limit?: number; offset?: number } = {}): Promise<DeviceListResponse> {
    const params = new URLSearchParams();
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    const qs = params.size ? `?${params}` : '';
    return this.#request('GET', `/api/devices${qs}`, { accessToken });
  }

  /** Any JSON endpoint; monitoring-api.ts builds the typed calls on top. */
  request<T>(method: string, path: string, options: { body?: unknown; accessToken?: string } = {}): Promise<T> {
    return this.#request(method, path, options);
  }

  /**
   * GET with the body read chunk by chunk, reporting bytes as they arrive: trip tracks can be
   * megabytes and the user should see the download move. No timeout on the whole body, only
   * on the wait for headers (a slow link is not a dead one).
   */
  async download<T>(path: string, accessToken: string, onProgress: (received: number, total: number | null) => void): Promise<T> {
    const headers = { accept: 'application/json', authorization: `Bearer ${accessToken}` };
    const response = await this.#fetch(`${this.serverUrl}${path}`, { headers, signal: AbortSignal.timeout(this.#timeoutMs * 6), redirect: 'error' });
    const lengthHeader = response.headers.get('content-length');
    const total = lengthHeader && response.headers.get('content-encoding') === null ? Number(lengthHeader) : null;
    const chunks: Uint8Array[] = [];
    let received = 0;
    if (response.body) {
      for await (const chunk of response.body) {
        chunks.push(chunk);
        received += chunk.byteLength;
        onProgress(received, total);
      }
    }
    const parsed = parseJson(Buffer.concat(chunks).toString('utf8'));
    if (!response.ok) throw new FleetApiError(response.status, isApiErrorBody(parsed) ? parsed : null, parsed);
    if (parsed === undefined) throw new FleetApiError(response.status, { error: 'internal', message: 'The fleet server sent an unreadable answer.' });
    return parsed as T;
  }

  /**
   * GET of a binary file written to `file` as it arrives, with progress (offline region packs:
   * megabytes). Only the wait for the answer's headers times out; a slow body is a slow link,
   * and `signal` lets the caller stop it.
   */
  async downloadFile(path: string, accessToken: string, file: string, onProgress: (received: number, total: number | null) => void, signal?: AbortSignal): Promise<number> {
    const headersTimeout = new AbortController();
    const timer = setTimeout(() => headersTimeout.abort(new DOMException('The fleet server did not answer in time.', 'TimeoutError')), this.#timeoutMs * 3);
    const signals = signal ? AbortSignal.any([headersTimeout.signal, signal]) : headersTimeout.signal;
    let response: Response;
    try {
      response = await this.#fetch(`${this.serverUrl}${path}`, { headers: { authorization: `Bearer ${accessToken}` }, signal: signals, redirect: 'error' });
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) {
      const parsed = parseJson(await response.text());
      throw new FleetApiError(response.status, isApiErrorBody(parsed) ? parsed : null, parsed);
    }
    const lengthHeader = response.headers.get('content-length');
    const total = lengthHeader && response.headers.get('content-encoding') === null ? Number(lengthHeader) : null;
    const out = await open(file, 'w', 0o600);
    let received = 0;
    try {
      if (response.body) {
        for await (const chunk of response.body) {
          await out.write(chunk);
          received += chunk.byteLength;
          onProgress(received, total);
        }
      }
    } finally {
      await out.close();
    }
    return received;
  }

  /** A GET answered with text (CSV reports); an error answer is read as JSON like any other. */
  async requestText(path: string, accessToken: string): Promise<string> {
    const response = await this.#fetch(`${this.serverUrl}${path}`, {
      method: 'GET',
      headers: { accept: 'text/csv, application/json', authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(this.#timeoutMs),
      redirect: 'error',
    });
    const text = await response.text();
    if (!response.ok) {
      const parsed = parseJson(text);
      throw new FleetApiError(response.status, isApiErrorBody(parsed) ? parsed : null, parsed);
    }
    return text;
  }

  async #request<T>(method: string, path: string, options: { body?: unknown; accessToken?: string }): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
    const response = await this.#fetch(`${this.serverUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: AbortSignal.timeout(this.#timeoutMs),
      redirect: 'error',
    });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) throw new FleetApiError(response.status, isApiErrorBody(parsed) ? parsed : null, parsed);
    if (parsed === undefined) throw new FleetApiError(response.status, { error: 'internal', message: 'The fleet server sent an unreadable answer.' });
    return parsed as T;
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ApiErrorBody).error === 'string' && typeof (value as ApiErrorBody).message === 'string';
}
