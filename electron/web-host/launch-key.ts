import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const cookieName = 'fleet_console_key';

/**
 * The per-launch secret that proves a browser was handed the URL this process printed. Other
 * local users and web pages can reach a loopback port; they cannot know this key.
 */
export class LaunchKey {
  readonly value = randomBytes(32).toString('base64url');

  matches(candidate: string | null | undefined): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.value);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  fromCookie(req: IncomingMessage): boolean {
    const header = req.headers.cookie ?? '';
    for (const part of header.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === cookieName && this.matches(rest.join('='))) return true;
    }
    return false;
  }

  cookie(): string {
    return `${cookieName}=${this.value}; HttpOnly; SameSite=Strict; Path=/`;
  }
}
