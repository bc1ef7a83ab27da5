import { useState, type FormEvent } from 'react';
import { TextField } from '../../ui/TextField.tsx';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { useAdminMutation } from './use-admin.ts';

/** Every user: change your own password (the current one is required). */
export function PasswordSection({ workspaceId }: { workspaceId: string }) {
  const [done, setDone] = useState(false);
  const change = useAdminMutation(workspaceId, (b, form: FormData) =>
    b.admin.changePassword({ workspaceId, change: { currentPassword: String(form.get('current') ?? ''), newPassword: String(form.get('next') ?? '') } }),
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setDone(false);
    change.mutate(new FormData(form), { onSuccess: () => (form.reset(), setDone(true)) });
  };
  return (
    <form className="admin-form admin-section" onSubmit={onSubmit}>
      <h3>My password</h3>
      <TextField id="pw-current" name="current" type="password" label="Current password" required autoComplete="current-password" />
      <TextField id="pw-next" name="next" type="password" label="New password" hint="At least 10 characters, not containing your username." required autoComplete="new-password" />
      <ErrorNote error={change.error} />
      {done && <InlineAlert tone="info">Your password was changed.</InlineAlert>}
      <div className="admin-form__actions">
        <button type="submit" className="button button--primary" disabled={change.isPending}>
          Change password
        </button>
      </div>
    </form>
  );
}
