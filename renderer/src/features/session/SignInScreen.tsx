import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Account, KnownAccount, SessionNotice } from '../../../../contract/bridge/session.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { useUiStore } from '../../ui/ui-store.ts';
import { useTheme } from '../settings/use-theme.ts';
import { KnownAccounts } from './KnownAccounts.tsx';
import { initialServerUrl, rememberServerUrl } from './last-server-url.ts';
import { sessionNoticeText } from './notice-text.ts';
import {
  checkSignInForm,
  hasProblems,
  noProblems,
  placeSignInError,
  signInFields,
  type SignInField,
  type SignInProblems,
} from './sign-in-errors.ts';
import { useSignIn } from './use-session.ts';
import { VaultNoticeBar } from './VaultNotice.tsx';
import './sign-in.css';

interface Props {
  /** Why the user is here again (revoked or expired session), from the engine. */
  notice: SessionNotice | null;
  accounts: readonly Account[];
  /** Accounts on this computer that can be unlocked (offline review when the server is down). */
  knownAccounts: readonly KnownAccount[];
}

const storage = () => (typeof localStorage === 'undefined' ? null : localStorage);

export function SignInScreen({ notice, accounts, knownAccounts }: Props) {
  useTheme();
  const signIn = useSignIn();
  const addingAccount = useUiStore((s) => s.addingAccount);
  const setAddingAccount = useUiStore((s) => s.setAddingAccount);
  const [values, setValues] = useState<Record<SignInField, string>>(() => ({
    serverUrl: initialServerUrl(accounts.length ? accounts : knownAccounts, storage()),
    username: '',
    password: '',
  }));
  const [problems, setProblems] = useState<SignInProblems>(noProblems);
  const inputs = useRef<Partial<Record<SignInField, HTMLInputElement | null>>>({});

  // After a failure, put the cursor where the fix goes. Runs once the form is enabled again.
  useEffect(() => {
    if (signIn.isPending) return;
    const first = signInFields.find((f) => problems.fields[f]);
    if (first) inputs.current[first]?.select();
    else if (problems.focus) inputs.current[problems.focus]?.focus();
  }, [problems, signIn.isPending]);

  const update = (field: SignInField) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: event.target.value }));
    if (problems.fields[field]) setProblems((p) => ({ ...p, fields: { ...p.fields, [field]: undefined } }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local = checkSignInForm(values);
    setProblems(local);
    if (hasProblems(local)) return;
    const input = { serverUrl: values.serverUrl.trim(), username: values.username.trim(), password: values.password };
    // mutateAsync rather than mutate's callbacks: a successful sign-in unmounts this screen,
    // and react-query skips per-call callbacks of unmounted components.
    signIn.mutateAsync(input).then(
      () => {
        rememberServerUrl(input.serverUrl, storage());
        setAddingAccount(false);
      },
      (error: unknown) => setProblems(placeSignInError(error)),
    );
  };

  const pending = signIn.isPending;
  return (
    <main className="sign-in">
      <VaultNoticeBar />
      <div className="sign-in__card">
        <header className="sign-in__header">
          <div className="brand-mark" aria-hidden="true" />
          <div>
            <h1 className="sign-in__title">Fleet Console</h1>
            <p className="sign-in__subtitle">{addingAccount ? 'Sign in to another account' : 'Sign in to your fleet server'}</p>
          </div>
        </header>

        {notice && !addingAccount && <InlineAlert tone="info">{sessionNoticeText(notice)}</InlineAlert>}
        {knownAccounts.length > 0 && <KnownAccounts accounts={knownAccounts} />}
        {knownAccounts.length > 0 && <h2 className="sign-in__section">Sign in with another account</h2>}
        {problems.form && <InlineAlert tone="error">{problems.form}</InlineAlert>}

        <form className="sign-in__form" onSubmit={submit} noValidate aria-busy={pending}>
          <fieldset className="sign-in__fields" disabled={pending}>
            <TextField
              id="sign-in-server-url"
              label="Server URL"
              ref={(el) => void (inputs.current.serverUrl = el)}
              value={values.serverUrl}
              onChange={update('serverUrl')}
              error={problems.fields.serverUrl}
              hint="The address of your fleet server, e.g. https://fleet.example.com"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
              autoCapitalize="off"
            />
            <TextField
              id="sign-in-username"
              label="Username"
              ref={(el) => void (inputs.current.username = el)}
              value={values.username}
              onChange={update('username')}
              error={problems.fields.username}
              autoComplete="username"
              spellCheck={false}
              autoCapitalize="off"
              autoFocus={knownAccounts.length === 0}
            />
            <TextField
              id="sign-in-password"
              label="Password"
              type="password"
              ref={(el) => void (inputs.current.password = el)}
              value={values.password}
              onChange={update('password')}
              error={problems.fields.password}
              autoComplete="current-password"
            />
          </fieldset>
          <div className="sign-in__actions">
            {addingAccount && (
              <button type="button" className="button" onClick={() => setAddingAccount(false)} disabled={pending}>
                Cancel
              </button>
            )}
            <button type="submit" className="button button--primary sign-in__submit" disabled={pending}>
              {pending && <Spinner />}
              {pending ? 'Signing in…' : 'Sign in'}
            </button>
          </div>
          <p className="visually-hidden" role="status">
            {pending ? 'Signing in, please wait.' : ''}
          </p>
        </form>
      </div>
    </main>
  );
}
