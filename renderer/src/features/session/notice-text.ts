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
  where: string;
  /** What to do, in words. */
  fix: string;
  /** A command to run, shown as code, when there is one. */
  command: string | null;
}

const linuxInstall = 'sudo apt-get install libsecret-1-dev gnome-keyring && npm rebuild keytar';

export function vaultNoticeText(notice: VaultNotice): VaultNoticeText {
  const where = notice.vault === 'memory'
    ? 'Sign-ins are kept in memory only: after a restart, sign in again or review offline data with your password.'
    : 'Sign-ins are kept in an encrypted file in the console profile, not in the keychain.';
  const linux = notice.platform === 'linux';
  switch (notice.reason) {
    case 'keychain-module-missing':
      return linux
        ? { where, fix: 'To use the keychain, install its module:', command: linuxInstall }
        : { where, fix: 'To use the keychain, reinstall the console (its keychain module is missing).', command: null };
    case 'keychain-unavailable':
      return linux
        ? { where, fix: 'To use the keychain, start a Secret Service (GNOME Keyring or KWallet) in your desktop session and unlock it, then restart the console.', command: null }
        : { where, fix: 'To use the keychain, make sure the system keychain is available to your user, then restart the console.', command: null };
    case 'keychain-no-answer':
      return { where, fix: 'The keychain did not answer — it is probably locked. Unlock it, then restart the console.', command: null };
  }
}

/** The settings line for every vault kind, the keychain included. */
export function vaultStatusText(status: VaultStatus): VaultNoticeText {
  if (status.notice) return vaultNoticeText(status.notice);
  return { where: 'Sign-ins are kept in the system keychain.', fix: '', command: null };
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
