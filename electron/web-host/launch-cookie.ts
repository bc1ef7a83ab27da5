import { cookieName } from './launch-key.ts';

/**
 * What a browser holds after opening a web host's launch link: the `name=value` of the cookie the
 * host sets in exchange for the link's key. For tests and benchmarks that talk to the host
 * without a browser, or give a browser the cookie without the redirect.
 */
export async function launchCookie(launchUrl: string): Promise<{ name: string; value: string; header: string }> {
  const response = await fetch(launchUrl, { redirect: 'manual' });
  await response.arrayBuffer();
  for (const line of response.headers.getSetCookie()) {
    const header = line.split(';')[0] ?? '';
    const [name, ...rest] = header.split('=');
    if (name === cookieName) return { name, value: rest.join('='), header };
  }
  throw new Error(`the web host answered its launch link with ${response.status} and no ${cookieName} cookie`);
}
