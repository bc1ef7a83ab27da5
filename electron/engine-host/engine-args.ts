/**
 * What a parent tells a new engine process on its command line. Its own module, imported by
 * Electron's main without pulling in the engine.
 */
export interface EngineArgs {
  /** The console profile: profile.json, offline caches, the encrypted-file vault. */
  profileDir: string;
  /** Whether the parent can seal secrets (Electron: safeStorage with a real OS key store). */
  cipherAvailable: boolean;
}

export function engineArgs(options: EngineArgs): string[] {
  return [`--profile-dir=${options.profileDir}`, `--cipher=${options.cipherAvailable ? 'available' : 'absent'}`];
}

/** `--profile-dir=<dir> --cipher=available|absent`; throws a sentence naming the argument. */
export function readEngineArgs(args: readonly string[]): EngineArgs {
  const value = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const profileDir = value('profile-dir');
  const cipher = value('cipher');
  if (!profileDir) throw new Error('--profile-dir=<directory> is required: the engine keeps its profile and caches there.');
  if (cipher !== 'available' && cipher !== 'absent') throw new Error('--cipher must be "available" or "absent".');
  return { profileDir, cipherAvailable: cipher === 'available' };
}
