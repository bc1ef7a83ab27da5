import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../../contract/api/provider-settings.ts';
import type { DeliveryErrorCode } from '../../contract/api/notifications.ts';

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** Text is sent as UTF-8. */
  content: string | Uint8Array;
}

export interface MailMessage {
  /** One address, or several for one message to all of them (a scheduled report). */
  to: string | readonly string[];
  subject: string;
  text: string;
  attachments?: readonly MailAttachment[];
}

export type MailOutcome = { ok: true } | { ok: false; error: DeliveryErrorCode; detail: string };

/**
 * The fleet cloud's one way to send e-mail (alert notifications, scheduled reports with attachments):
 * the provider's SMTP server from provider settings. A Mailer is made per settings version and
 * reuses its connection; callers ask `mailerFor(settings)` and never build transports themselves.
 */
export interface Mailer {
  send(message: MailMessage): Promise<MailOutcome>;
  close(): void;
}

function smtpCode(error: unknown): DeliveryErrorCode {
  const code = (error as { code?: string } | null)?.code;
  // EENVELOPE/EMESSAGE/EAUTH: the server answered and said no; the rest: it could not be reached.
  if (code === 'EENVELOPE' || code === 'EMESSAGE' || code === 'EAUTH' || code === 'EPROTOCOL') return 'smtp-refused';
  return 'smtp-unreachable';
}

export function createMailer(settings: SmtpSettings, options: { timeoutMs?: number } = {}): Mailer {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    ...(settings.username ? { auth: { user: settings.username, pass: settings.password ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail({
          from: settings.from,
          to: typeof message.to === 'string' ? message.to : [...message.to],
          subject: message.subject,
          text: message.text,
          ...(message.attachments ? { attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : Buffer.from(a.content) })) } : {}),
        });
        return { ok: true };
      } catch (error) {
        return { ok: false, error: smtpCode(error), detail: error instanceof Error ? error.message : String(error) };
      }
    },
    close: () => transport.close(),
  };
}

/** Keeps one Mailer while the settings stay the same; a change closes the old one. */
export class MailerCache {
  #key = '';
  #mailer: Mailer | null = null;

  mailerFor(settings: SmtpSettings): Mailer {
    const key = JSON.stringify(settings);
    if (this.#mailer && key === this.#key) return this.#mailer;
    this.#mailer?.close();
    this.#key = key;
    this.#mailer = createMailer(settings);
    return this.#mailer;
  }

  close(): void {
    this.#mailer?.close();
    this.#mailer = null;
  }
}
