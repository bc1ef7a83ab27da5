import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';

export const cookieName = 'fleet_console_key';

/** Where a profile keeps its web host's cookie secret (readable by its owner only). */
export const cookieSecretFile = 'web-host-cookie-secret';

const keyShape = /^[A-Za-z0-9_-]{43}$/;

const randomSecret = () => randomBytes(32).toString('base64url');

function sameSecret(candidate: string | null | undefined, secret: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Proves a browser was handed the URL this process printed: other local users and web pages can
 * reach a loopback port; they cannot know its secrets. Two of them, as Jupyter has: the key in
 * the printed link lives as long as this process, and the browser swaps it for a cookie whose
 * secret the profile keeps. A console started again over the same profile — `npm start` after a
 * crash, on its fixed port — accepts the cookie an open tab already holds, so that tab reconnects
 * by itself, while links printed by earlier launches stop working
 * (docs/decisions/0495-the-web-console-reconnects-by-itself.md).
 */
export class LaunchKey {
  /** The key of the printed link, new at every launch. */
  readonly value = randomSecret();
  private readonly cookieSecret: string;

  /** Without a kept secret (tests), the cookie is as short-lived as the link. */
  constructor(cookieSecret: string = randomSecret()) {
    this.cookieSecret = cookieSecret;
  }

  /**
   * The launch key of a console over `profileDir`: its cookie secret is made on the profile's
   * first launch and kept there (mode 0600), as private as the offline caches beside it.
   */
  static async forProfile(profileDir: string): Promise<LaunchKey> {
    const file = join(profileDir, cookieSecretFile);
    const kept = await readFile(file, 'utf8').then((text) => text.trim(), () => '');
    if (keyShape.test(kept)) return new LaunchKey(kept);
    const secret = randomSecret();
    await mkdir(profileDir, { recursive: true, mode: 0o700 });
    // Written whole, then renamed: a crash mid-write leaves the old file or none, never half a secret.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, `${secret}\n`, { mode: 0o600 });
    await rename(partial, file);
    return new LaunchKey(secret);
  }

  /** Whether `candidate` is this launch's link key. */
  matches(candidate: string | null | undefined): boolean {
    return sameSecret(candidate, this.value);
  }

  fromCookie(req: IncomingMessage): boolean {
    const header = req.headers.cookie ?? '';
    for (const part of header.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === cookieName && sameSecret(rest.join('='), this.cookieSecret)) return true;
    }
    return false;
  }

  cookie(): string {
    return `${cookieName}=${this.cookieSecret}; HttpOnly; SameSite=Strict; Path=/`;
  }
}
