import type { VaultNotice, VaultStatus } from '../../../../contract/bridge/domains/sync-domain.ts';
import type { KnownAccount, SessionNotice } from '../../../../contract/bridge/session.ts';
import { unlockAttemptsBeforePause } from '../../../../contract/bridge/session.ts';

/** Words for the engine's session notices (codes + parameters, contract/bridge/session.ts). */
export function sessionNoticeText(notice: SessionNotice): string {
  if (notice.code === 'sign-in-not-kept') {
    const who = notice.accounts.map((a) => `${a.username} on ${a.serverUrl}`).join(', ');
    return `Your sign-in was not kept for ${who}. Sign in again.`;
  }
  const { username, serverUrl } = notice.account;
  switch (notice.reason) {
    case 'revoked':
      return `Your session for ${username} on ${serverUrl} was revoked (signed out elsewhere, a password change or a security check). Sign in again.`;
    case 'expired':
      return `Your session for ${username} on ${serverUrl} has expired. Sign in again.`;
    case 'not-stored':
      return `Your sign-in for ${username} on ${serverUrl} is no longer stored on this computer. Sign in again.`;
  }
}

/** One line: where sign-ins are kept, why not in the keychain, and how to enable it. */
export interface VaultNoticeText {
  /** "Sign-ins are kept in memory only (keychain module not installed)." */
  where: string;
  /** What to do, in words. */
  fix: string;
  /** A command to run, shown as code, when there is one. */
  command: string | null;
  /** What the choice means after a restart (for Settings, where there is room). */
  consequence: string | null;
}

// `npm install`, not `npm rebuild keytar`: where keytar could not be built, npm left the optional
// module out altogether, and a rebuild of nothing succeeds without changing anything (seen on a
// clean clone); `npm install` installs and builds it once the headers are there.
const linuxInstall = 'sudo apt-get install libsecret-1-dev gnome-keyring && npm install';

const reasonText: Record<VaultNotice['reason'], string> = {
  'keychain-module-missing': 'no keychain module',
  'keychain-unavailable': 'no keychain service answered',
  'keychain-no-answer': 'the keychain did not answer; it is probably locked',
};

export function vaultNoticeText(notice: VaultNotice): VaultNoticeText {
  const place = notice.vault === 'memory' ? 'in memory only' : 'in an encrypted file in the console profile';
  const where = `Sign-ins are kept ${place} (${reasonText[notice.reason]}).`;
  const consequence = notice.vault === 'memory'
    ? 'After a restart, sign in again — or, with the server unreachable, review the offline data with your password.'
    : null;
  const linux = notice.platform === 'linux';
  switch (notice.reason) {
    case 'keychain-module-missing':
      return linux
        ? { where, fix: 'To use the keychain:', command: linuxInstall, consequence }
        : { where, fix: 'Reinstall the console to enable the keychain.', command: null, consequence };
    case 'keychain-unavailable':
      return linux
        ? { where, fix: 'Enable the keychain: start and unlock a Secret Service (GNOME Keyring, KWallet), then restart the console.', command: null, consequence }
        : { where, fix: 'Make the system keychain available to your user, then restart the console.', command: null, consequence };
    case 'keychain-no-answer':
      return { where, fix: 'Unlock the keychain, then restart the console.', command: null, consequence };
  }
}

/** The settings line for every vault kind, the keychain included. */
export function vaultStatusText(status: VaultStatus): VaultNoticeText {
  if (status.notice) return vaultNoticeText(status.notice);
  return { where: 'Sign-ins are kept in the system keychain.', fix: '', command: null, consequence: null };
}

/** Words for a refused offline unlock, from the account's throttle state. */
export function unlockProblemText(code: string, account: Pick<KnownAccount, 'failedAttempts' | 'retryAfter'> | undefined, now: number): string {
  if (code === 'throttled' || (account?.retryAfter && Date.parse(account.retryAfter) > now)) {
    const at = account?.retryAfter ? new Date(account.retryAfter).toLocaleTimeString() : null;
    return at ? `Too many wrong passwords. Try again at ${at}.` : 'Too many wrong passwords. Wait a moment and try again.';
  }
  if (code === 'wrong-credentials') {
    const left = unlockAttemptsBeforePause - (account?.failedAttempts ?? 0);
    return left > 0 ? `Wrong password. ${left} ${left === 1 ? 'attempt' : 'attempts'} left before a pause.` : 'Wrong password.';
  }
  return 'Could not open the offline data. Try again.';
}
