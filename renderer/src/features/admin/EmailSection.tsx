import { useState, type FormEvent } from 'react';
import type { ProviderSettings, SmtpSettings } from '../../../../contract/api/provider-settings.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { errorText } from '../../ui/error-text.ts';
import { toast } from '../../ui/toast/toast-store.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { MailBacklog } from './MailBacklog.tsx';
import { smtpFromForm } from './smtp-form.ts';
import { useAdminMutation, useAdminQuery } from './use-admin.ts';

/**
 * The provider's outbound notifications (operators): the one SMTP server every client account's
 * alert e-mail goes through, whether webhooks may call private addresses (on-premise installs),
 * and what e-mail waits behind the SMTP server per account.
 */
export function EmailSection({ workspaceId }: { workspaceId: string }) {
  const units = useUnits();
  const settings = useAdminQuery(workspaceId, 'providerSettings', null, (b) => b.admin.getProviderSettings({ workspaceId }));
  const save = useAdminMutation(workspaceId, (b, input: { version: number; changes: Partial<ProviderSettings> }) =>
    b.admin.updateProviderSettings({ workspaceId, patch: { expectedVersion: input.version, changes: input.changes } }),
  );
  const [enabled, setEnabled] = useState<boolean | null>(null);
  if (settings.isPending) return <Spinner />;
  if (!settings.data) return <ErrorNote error={settings.error} />;
  const { settings: s, version, updatedBy, updatedAt } = settings.data;
  const smtp: SmtpSettings = s.smtp ?? { host: '', port: 587, security: 'starttls', username: '', from: '' };
  const on = enabled ?? s.smtp !== null;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const changes: Partial<ProviderSettings> = { smtp: on ? smtpFromForm(form) : null, allowPrivateWebhooks: form.get('allowPrivate') === 'on' };
    save.mutate({ version, changes }, {
      onSuccess: (next) => { setEnabled(null); toast.success(`E-mail and webhook settings saved as version ${next.version}.`); },
      onError: (error) => toast.error(`Not saved: ${errorText(error)}`),
    });
  };

  return (
    <div className="admin-section">
      <form className="admin-form" onSubmit={onSubmit} key={version} aria-label="E-mail server">
        <h3>E-mail and webhooks</h3>
        <p className="admin-muted" data-testid="email-settings-version">
          Version {version}
          {updatedBy ? `, changed by ${updatedBy.displayName} on ${units.dateTime(Date.parse(updatedAt))}` : ' (defaults)'}.
          {' '}Every client account’s alert e-mail goes through this server; while none is set, e-mail waits.
        </p>
        <label className="admin-check">
          <input type="checkbox" checked={on} onChange={(e) => setEnabled(e.target.checked)} /> Send e-mail through an SMTP server
        </label>
        {on && (
          <fieldset className="admin-fieldset admin-grid" disabled={save.isPending}>
            <TextField id="smtp-host" name="host" label="Server" placeholder="smtp.example.com" defaultValue={smtp.host} required maxLength={253} />
            <TextField id="smtp-port" name="port" type="number" min={1} max={65535} label="Port" defaultValue={smtp.port} required />
            <label className="field__label" htmlFor="smtp-security">
              Security
              <select id="smtp-security" name="security" className="input" defaultValue={smtp.security}>
                <option value="starttls">STARTTLS (usually port 587)</option>
                <option value="tls">TLS from the start (usually port 465)</option>
                <option value="none">None (an on-premise relay only)</option>
              </select>
            </label>
            <TextField id="smtp-from" name="from" label="Sender" placeholder="Fleet alerts <alerts@example.com>" defaultValue={smtp.from} required maxLength={254} />
            <TextField id="smtp-user" name="username" label="User name" hint="Empty: the server needs no sign-in" defaultValue={smtp.username} maxLength={254} autoComplete="off" />
            <TextField id="smtp-password" name="password" type="password" label="Password" hint={s.smtp?.passwordSet ? 'Stored; leave empty to keep it' : 'Not stored'} maxLength={1024} autoComplete="new-password" />
          </fieldset>
        )}
        <label className="admin-check">
          <input type="checkbox" name="allowPrivate" defaultChecked={s.allowPrivateWebhooks} /> Let webhooks call private and loopback addresses (on-premise installations only)
        </label>
        <ErrorNote error={save.error} />
        <div className="admin-form__actions">
          <button type="submit" className="button button--primary" disabled={save.isPending}>Save e-mail settings</button>
        </div>
      </form>
      <MailBacklog workspaceId={workspaceId} />
    </div>
  );
}
