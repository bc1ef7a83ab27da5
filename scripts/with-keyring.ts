/**
 * Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so tests use a
 * real Secret Service (the OS keychain on Linux) and never touch the developer's own keyring.
 * Elsewhere (macOS, Windows) the command runs as it is, against the system keychain. On Linux
 * without dbus-run-session or gnome-keyring it runs as it is too, with FLEET_KEYRING_MISSING
 * saying why, and the keychain tests fail with that reason.
 */
import { spawn, spawnSync } from 'node:child_process';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: node scripts/with-keyring.ts <command> [args...]');
  process.exit(2);
}

const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((bin) => !has(bin));
const canWrap = process.platform === 'linux' && !process.env.FLEET_KEYRING_SESSION && missing.length === 0;
// Tests that need the keychain fail with this reason (electron/core/vault/keyring-session.ts).
if (process.platform === 'linux' && !process.env.FLEET_KEYRING_SESSION && !canWrap) {
  process.env.FLEET_KEYRING_MISSING = `${missing.join(' and ')} not found (apt-get install dbus gnome-keyring)`;
}

const script =
  'export XDG_RUNTIME_DIR=$(mktemp -d); export FLEET_KEYRING_SESSION=1; ' +
  'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"';
const [bin, args] = canWrap ? ['dbus-run-session', ['--', 'bash', '-c', script, 'bash', ...command]] : [command[0] as string, command.slice(1)];

const child = spawn(bin, args, { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
