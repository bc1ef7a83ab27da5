import { useEffect, useRef, useState, type FormEvent } from 'react';
import { BridgeError } from '../../../../contract/bridge/bridge-error.ts';
import type { KnownAccount } from '../../../../contract/bridge/session.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { useNow } from '../../ui/use-now.ts';
import { unlockProblemText } from './notice-text.ts';
import { useSignOut, useUnlock } from './use-session.ts';

/**
 * Accounts remembered on this computer that are not signed in. With the server unreachable each
 * offers "Review offline data": the password is checked on this computer and the cached
 * workspaces open read-only. With the server reachable the same password signs in online.
 */
export function KnownAccounts({ accounts }: { accounts: readonly KnownAccount[] }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="known-accounts" aria-labelledby="known-accounts-title">
      <h2 id="known-accounts-title" className="known-accounts__title">
        On this computer
      </h2>
      <ul className="known-accounts__list">
        {accounts.map((account) => (
          <li key={account.accountId} className="known-account" data-testid="known-account">
            <KnownAccountRow account={account} open={open === account.accountId} onOpen={() => setOpen(account.accountId)} onClose={() => setOpen(null)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function KnownAccountRow({ account, open, onOpen, onClose }: { account: KnownAccount; open: boolean; onOpen(): void; onClose(): void }) {
  const unlock = useUnlock();
  const forget = useSignOut();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<{ code: string } | null>(null);
  const [confirmForget, setConfirmForget] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const now = useNow(1_000);
  const paused = account.retryAfter !== null && Date.parse(account.retryAfter) > now;
  const online = account.serverReachable === true;
  // Named apart from the form's "Sign in" below: two buttons of one name would confuse a screen reader.
  const action = online ? `Continue as ${account.displayName}` : 'Review offline data';

  useEffect(() => {
    if (open && !unlock.isPending) input.current?.select();
  }, [open, problem, unlock.isPending]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!password) return setProblem({ code: 'empty' });
    setProblem(null);
    // mutateAsync: a successful unlock unmounts this screen (see SignInScreen).
    unlock.mutateAsync({ accountId: account.accountId, password }).then(
      () => setPassword(''),
      (error: unknown) => setProblem({ code: error instanceof BridgeError ? error.code : 'internal' }),
    );
  };

  const error = problem?.code === 'empty'
    ? 'Enter your password.'
    : paused
      ? unlockProblemText('throttled', account, now)
      : problem
        ? unlockError(problem.code, account, now)
        : undefined;
  return (
    <>
      <div className="known-account__who">
        <span className="known-account__name">{account.displayName}</span>
        <span className="known-account__where">
          {account.username} · {account.serverUrl}
        </span>
        <span className={`known-account__server known-account__server--${online ? 'up' : account.serverReachable === false ? 'down' : 'unknown'}`}>
          {online ? 'Server reachable' : account.serverReachable === false ? 'Server unreachable' : 'Checking server…'}
        </span>
      </div>
      {!open && (
        <div className="known-account__actions">
          <button type="button" className="button button--primary" onClick={onOpen}>
            {action}
          </button>
        </div>
      )}
      {open && (
        <form className="known-account__unlock" onSubmit={submit} noValidate aria-busy={unlock.isPending}>
          <TextField
            id={`unlock-${account.accountId}`}
            label={`Password for ${account.username}`}
            type="password"
            ref={input}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={error}
            hint={online ? 'The server is reachable: this signs you in.' : 'Checked on this computer; the workspaces open with their cached data, read-only.'}
            autoComplete="current-password"
            disabled={unlock.isPending}
          />
          <div className="known-account__actions">
            {confirmForget ? (
              <>
                <span className="known-account__confirm">Remove this account's offline data from this computer?</span>
                <button type="button" className="button button--danger" disabled={forget.isPending} onClick={() => forget.mutate({ accountId: account.accountId, removeOfflineData: true })}>
                  Remove
                </button>
                <button type="button" className="button" onClick={() => setConfirmForget(false)}>
                  Keep
                </button>
              </>
            ) : (
              <>
                <button type="button" className="button" onClick={onClose} disabled={unlock.isPending}>
                  Cancel
                </button>
                <button type="submit" className="button button--primary" disabled={unlock.isPending || paused}>
                  {unlock.isPending && <Spinner />}
                  {unlock.isPending ? (online ? 'Signing in…' : 'Checking…') : online ? 'Continue' : 'Unlock'}
                </button>
              </>
            )}
          </div>
          {!confirmForget && (
            <button type="button" className="button button--ghost known-account__forget" onClick={() => setConfirmForget(true)}>
              Remove this account's offline data from this computer…
            </button>
          )}
        </form>
      )}
    </>
  );
}

function unlockError(code: string, account: KnownAccount, now: number): string {
  // Checked by the server (it answered): no local attempt count applies.
  if (code === 'wrong-credentials' && account.serverReachable === true) return 'Wrong password.';
  if (code === 'wrong-credentials' || code === 'throttled') return unlockProblemText(code, account, now);
  if (code === 'server-unreachable') return 'The server did not answer. Try again.';
  if (code === 'not-found') return 'This account is no longer on this computer. Use the sign-in form.';
  return unlockProblemText(code, account, now);
}
