import type { ProfileAccount, ProfileStore } from '../profile/profile-store.ts';
import type { TokenVault } from '../vault/token-vault.ts';

/** The last run's accounts, sorted by what can be done with each at start-up. */
export interface LastRunAccounts {
  /** A refresh token is still in the vault: signed in again, with no network needed. */
  withToken: ProfileAccount[];
  /** No usable token, but an offline password check: known, to be unlocked with the password. */
  unlockable: ProfileAccount[];
  /** Neither: dropped, and the user is told which sign-ins were not kept. */
  lost: { username: string; serverUrl: string }[];
}

export async function sortLastRunAccounts(accounts: ProfileAccount[], vault: TokenVault, canUnlock: (accountId: string) => boolean): Promise<LastRunAccounts> {
  const sorted: LastRunAccounts = { withToken: [], unlockable: [], lost: [] };
  for (const saved of accounts) {
    const { accountId, serverUrl, username } = saved.account;
    // A locked or broken keychain entry is "no usable token", not a failed start.
    const token = await vault.read(accountId).catch(() => null);
    if (token) sorted.withToken.push(saved);
    else if (canUnlock(accountId)) sorted.unlockable.push(saved);
    else sorted.lost.push({ username, serverUrl });
  }
  return sorted;
}

/** Saves who is signed in or known (never a token) and the last workspace, so the next start restores them. */
export async function saveLastRunAccounts(profile: ProfileStore | undefined, accounts: ProfileAccount[], lastWorkspaceId: string | null): Promise<void> {
  if (!profile) return;
  await profile
    .update((p) => {
      p.accounts = accounts;
      p.lastWorkspaceId = lastWorkspaceId;
    })
    .catch((error: unknown) => console.error('[engine] could not save the profile:', error));
}
