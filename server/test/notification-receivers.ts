import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** Long enough for a retry round on a loaded machine; short enough to fail before the test's own timeout says nothing. */
const defaultWaitMs = 60_000;

/**
 * The first item matching `predicate`, waking on each arrival (`waiters` are called on every new
 * item). Fails after `timeoutMs` saying what did arrive: a missing notification would otherwise
 * surface only as the test's timeout, with no hint which wait hung.
 */
async function waitForMatch<T>(items: readonly T[], waiters: (() => void)[], predicate: (item: T) => boolean, timeoutMs: number, received: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = items.find(predicate);
    if (found) return found;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`Nothing matching arrived within ${timeoutMs / 1000} s; ${received()}`);
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      timer = setTimeout(resolve, left);
    });
    clearTimeout(timer);
  }
}

/** One call a webhook receiver got, with its signature checked the way a receiver would. */
export interface ReceivedCall {
  event: string;
  deliveryId: string;
  body: Record<string, unknown>;
  signatureValid: boolean;
  timestampAgeS: number;
}

/**
 * A real HTTP receiver for tests: verifies every call's HMAC-SHA256 signature over
 * "<timestamp>.<raw body>" with the secret it is given (written from the scheme in
 * contract/api/notifications.ts, not with the sender's code), answers `status()`.
 */
export class WebhookReceiver {
  readonly calls: ReceivedCall[] = [];
  secret = '';
  status = 204;
  readonly #server: Server;
  readonly #clock: () => number;
  #waiters: (() => void)[] = [];

  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const timestamp = String(request.headers['x-fleet-timestamp'] ?? '');
        const expected = `v1=${createHmac('sha256', this.secret).update(`${timestamp}.${raw}`).digest('hex')}`;
        const given = String(request.headers['x-fleet-signature'] ?? '');
        const signatureValid = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
        this.calls.push({
          event: String(request.headers['x-fleet-event']),
          deliveryId: String(request.headers['x-fleet-delivery']),
          body: JSON.parse(raw) as Record<string, unknown>,
          signatureValid,
          timestampAgeS: Math.floor(this.#clock() / 1000) - Number(timestamp),
        });
        response.statusCode = this.status;
        response.end();
        for (const wake of this.#waiters.splice(0)) wake();
      });
    });
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hooks/fleet`;
  }

  /** Resolves once a call matching `predicate` arrived; fails after `timeoutMs` listing the calls that did. */
  waitFor(predicate: (call: ReceivedCall) => boolean, timeoutMs = defaultWaitMs): Promise<ReceivedCall> {
    return waitForMatch(this.calls, this.#waiters, predicate, timeoutMs, () => `webhook calls received: ${this.calls.map((c) => c.event).join(', ') || 'none'}`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server in the test process (no TLS, no auth): what the fleet cloud's mailer sends arrives here. */
export class MailReceiver {
  readonly mails: ReceivedMail[] = [];
  #waiters: (() => void)[] = [];
  readonly #server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        this.mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        for (const wake of this.#waiters.splice(0)) wake();
        callback();
      });
    },
  });

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return (this.#server.server.address() as AddressInfo).port;
  }

  /** Resolves once a mail matching `predicate` arrived; fails after `timeoutMs` listing the subjects that did. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs = defaultWaitMs): Promise<ReceivedMail> {
    const subjects = () => this.mails.map((m) => /^Subject: (.*)$/m.exec(m.raw)?.[1] ?? '(no subject)');
    return waitForMatch(this.mails, this.#waiters, predicate, timeoutMs, () => `mails received: ${subjects().join(' | ') || 'none'}`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
