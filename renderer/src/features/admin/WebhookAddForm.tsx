import { useState, type FormEvent } from 'react';
import { alertSeverities, type AlertSeverity } from '../../../../contract/api/alerts.ts';
import type { CreateWebhookResponse } from '../../../../contract/api/notifications.ts';
import { mapUrlProblem } from '../../../../contract/api/settings.ts';
import { TextField } from '../../ui/TextField.tsx';
import { errorText } from '../../ui/error-text.ts';
import { webhookUrlWords } from '../../ui/notification-words.ts';
import { toast } from '../../ui/toast/toast-store.ts';
import { severityWords } from './alert-rule-words.ts';
import { field, useAdminMutation } from './use-admin.ts';
import { BridgeError } from '../../../../contract/bridge/bridge-error.ts';

/**
 * Adds a webhook. The form checks the URL's shape before sending; where it points (private,
 * loopback) and whether it answers the signed test call are the server's to say, and its reason
 * lands under the URL field. The secret is shown once, after a successful add.
 */
export function WebhookAddForm({ workspaceId }: { workspaceId: string }) {
  const [urlError, setUrlError] = useState<string | undefined>();
  const [created, setCreated] = useState<CreateWebhookResponse | null>(null);
  const create = useAdminMutation(workspaceId, (b, input: { name: string; url: string; minSeverity: AlertSeverity }) => b.admin.createWebhook({ workspaceId, webhook: input }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const url = field(form, 'url');
    const problem = mapUrlProblem(url);
    setUrlError(problem ? webhookUrlWords[problem] : undefined);
    if (problem) return;
    setCreated(null);
    create.mutate({ name: field(form, 'name'), url, minSeverity: field(form, 'minSeverity') as AlertSeverity }, {
      onSuccess: (answer) => {
        formElement.reset();
        setCreated(answer);
        toast.success(`Webhook “${answer.webhook.name}” added; its test call was answered.`);
      },
      onError: (error) => {
        // A refused URL belongs under the URL field; anything else goes to the toast.
        if (error instanceof BridgeError && error.field === 'url') setUrlError(errorText(error));
        else toast.error(`Webhook not added: ${errorText(error)}`);
      },
    });
  };

  return (
    <>
      <form className="admin-form webhook-add" onSubmit={onSubmit} aria-label="Add a webhook" noValidate>
        <div className="admin-grid">
          <TextField id="wh-name" name="name" label="Name" placeholder="Dispatch system" required maxLength={80} />
          <label className="field__label" htmlFor="wh-severity">
            Send alerts of
            <select id="wh-severity" name="minSeverity" className="input" defaultValue="warning">
              {alertSeverities.map((s) => <option key={s} value={s}>{severityWords[s]} or worse</option>)}
            </select>
          </label>
        </div>
        <TextField id="wh-url" name="url" type="url" label="Receiver URL" placeholder="https://dispatch.example.com/hooks/fleet" hint="It receives a signed test call now and must answer 2xx." error={urlError} required maxLength={2048} />
        <div className="admin-form__actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {create.isPending ? 'Sending the test call…' : 'Add webhook'}
          </button>
        </div>
      </form>
      {created && (
        <div className="admin-note webhook-secret" role="status" data-testid="webhook-secret">
          Signing secret of “{created.webhook.name}” — copy it into the receiving system now; it is not shown again:
          <code>{created.secret}</code>
        </div>
      )}
    </>
  );
}
