import { useState, type FormEvent } from 'react';
import { BridgeError } from '../../../../contract/bridge/bridge-error.ts';
import type { Account } from '../../../../contract/bridge/session.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { useUnlock } from './use-session.ts';
import './sign-in.css';

/**
 * Shown while the active account is in offline review (unlocked on this computer with its
 * password, no server session): says so, and once the server answers again asks for the real
 * sign-in — same password, one click — instead of staying offline behind the server's back.
 */
export function OfflineReviewBanner({ account }: { account: Account }) {
  const unlock = useUnlock();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!account.offlineReview) return null;
  const reachable = account.offlineReview.serverReachable;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!password) return setError('Enter your password.');
    setError(null);
    unlock.mutateAsync({ accountId: account.accountId, password }).then(
      () => setPassword(''),
      (e: unknown) => setError(e instanceof BridgeError && e.code === 'wrong-credentials' ? 'Wrong password.' : e instanceof BridgeError && e.code === 'server-unreachable' ? 'The server stopped answering. Try again in a moment.' : 'Sign-in failed. Try again.'),
    );
  };

  return (
    <div className={`offline-review offline-review--${reachable ? 'reachable' : 'unreachable'}`} role="status" data-testid="offline-review">
      {!reachable && (
        <span className="offline-review__text">
          <strong>Reviewing offline data</strong> — unlocked on this computer with your password while the fleet server cannot be reached. Actions wait until you sign in online.
        </span>
      )}
      {reachable && (
        <form className="offline-review__sign-in" onSubmit={submit} noValidate aria-busy={unlock.isPending}>
          <span className="offline-review__text">
            <strong>The fleet server is reachable again.</strong> Sign in as {account.username} to continue online.
          </span>
          {/* A hidden username helps password managers; the account is fixed. */}
          <input type="text" autoComplete="username" value={account.username} readOnly hidden />
          <label className="visually-hidden" htmlFor="offline-review-password">
            Password for {account.username}
          </label>
          <input
            id="offline-review-password"
            className="input offline-review__password"
            type="password"
            placeholder="Password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            disabled={unlock.isPending}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'offline-review-error' : undefined}
          />
          <button type="submit" className="button button--primary" disabled={unlock.isPending}>
            {unlock.isPending && <Spinner />}
            Sign in
          </button>
          {error && (
            <span id="offline-review-error" className="offline-review__error" role="alert">
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
