import type { ReceivedMail } from './notification-receivers.ts';

export interface MailAttachmentRead {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** The subject line of a received message (unfolded; MIME-encoded words decoded as UTF-8). */
export function mailSubject(mail: ReceivedMail): string {
  const header = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(mail.raw)?.[1] ?? '';
  return header
    .replace(/\r\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s?/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'))
    .trim();
}

/**
 * The attachments of a multipart message as nodemailer writes them (base64 parts with a
 * Content-Disposition of attachment): enough to read back what the fleet cloud sent.
 */
export function mailAttachments(mail: ReceivedMail): MailAttachmentRead[] {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(mail.raw)?.[1];
  if (!boundary) return [];
  return mail.raw.split(`--${boundary}`).flatMap((part) => {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) return [];
    const headers = part.slice(0, split).replace(/\r\n[ \t]/g, ' ');
    if (!/Content-Disposition:\s*attachment/i.test(headers)) return [];
    const filename = /filename\*?=(?:utf-8'')?"?([^";\r\n]+)"?/i.exec(headers)?.[1] ?? '';
    const contentType = /Content-Type:\s*([^;\r\n]+)/i.exec(headers)?.[1]?.trim() ?? '';
    return [{ filename: decodeURIComponent(filename), contentType, content: Buffer.from(part.slice(split + 4).replace(/\s+/g, ''), 'base64') }];
  });
}
