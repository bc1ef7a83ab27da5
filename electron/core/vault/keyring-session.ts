/**
 * For tests that need the real keychain. `npm run test:unit` always runs inside
 * scripts/with-keyring.ts, which on Linux starts a private D-Bus session with an unlocked
 * gnome-keyring and sets FLEET_KEYRING_SESSION=1 — or, where it cannot, sets
 * FLEET_KEYRING_MISSING to the reason. A keychain test never skips: without the session it
 * fails with the reason and the fix. macOS and Windows use the system keychain as it is.
 */
export function keyringSessionProblem(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string | null {
  if (platform !== 'linux' || env.FLEET_KEYRING_SESSION === '1') return null;
  const why = env.FLEET_KEYRING_MISSING ?? 'the tests were not started through scripts/with-keyring.ts';
  return `No keyring session for the keychain tests: ${why}. Run them with \`npm run test:unit\` (it wraps vitest in scripts/with-keyring.ts), on a machine with dbus and gnome-keyring installed.`;
}

/** Throws the reason when the keychain tests cannot use a real keyring. */
export function requireKeyringSession(): void {
  const problem = keyringSessionProblem();
  if (problem) throw new Error(problem);
}
