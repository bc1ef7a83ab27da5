import { useState } from 'react';
import type { Webhook } from '../../../../contract/api/notifications.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { errorText } from '../../ui/error-text.ts';
import { deliveryErrorWords } from '../../ui/notification-words.ts';
import { toast } from '../../ui/toast/toast-store.ts';
import { useUnits } from '../../ui/units.ts';
import { DeliveryLog } from './DeliveryLog.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { WebhookAddForm } from './WebhookAddForm.tsx';
import { severityWords } from './alert-rule-words.ts';
import { useAdminMutation, useAdminQuery } from './use-admin.ts';

const disabledWords: Record<NonNullable<Webhook['disabledReason']>, string> = {
  'consecutive-failures': 'Turned off after repeated failed deliveries',
  'by-admin': 'Turned off by an admin',
};

/**
 * The account's webhooks (webhooks.manage): add with a signed test call, send a test, turn off
 * and on again (a webhook the fleet cloud turned off says why; its deliveries wait for it), remove
 * (asks twice), and the delivery log of the chosen one with the e-mail log beside it.
 */
export function WebhooksSection({ workspaceId }: { workspaceId: string }) {
  const units = useUnits();
  const hooks = useAdminQuery(workspaceId, 'webhooks', null, (b) => b.admin.listWebhooks({ workspaceId }));
  const [shown, setShown] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const onError = (what: string) => (error: Error) => toast.error(`${what}: ${errorText(error)}`);
  const test = useAdminMutation(workspaceId, (b, hook: Webhook) => b.admin.testWebhook({ workspaceId, webhookId: hook.id }));
  const toggle = useAdminMutation(workspaceId, (b, hook: Webhook) => b.admin.updateWebhook({ workspaceId, webhookId: hook.id, change: { expectedVersion: hook.version, enabled: !hook.enabled } }));
  const remove = useAdminMutation(workspaceId, (b, hook: Webhook) => b.admin.deleteWebhook({ workspaceId, webhookId: hook.id }));

  const sendTest = (hook: Webhook) => test.mutate(hook, {
    onSuccess: (attempt) => (attempt.ok ? toast.success(`Test call to “${hook.name}” answered ${attempt.httpStatus ?? 'OK'} in ${attempt.durationMs} ms.`) : toast.error(`Test call to “${hook.name}” failed: ${deliveryErrorWords(attempt.error, attempt.httpStatus)}`)),
    onError: onError('Test not sent'),
  });
  const flip = (hook: Webhook) => toggle.mutate(hook, {
    onSuccess: (after) => toast.success(after.enabled ? `“${hook.name}” is on again; ${hook.pending} waiting deliver${hook.pending === 1 ? 'y goes' : 'ies go'} out now.` : `“${hook.name}” is off; new alerts wait for it.`),
    onError: onError('Not changed'),
  });
  const drop = (hook: Webhook) => {
    if (removing !== hook.id) return setRemoving(hook.id);
    setRemoving(null);
    remove.mutate(hook, { onSuccess: () => toast.success(`Webhook “${hook.name}” removed with its delivery log.`), onError: onError('Not removed') });
  };

  const items = hooks.data?.items ?? [];
  const current = items.find((h) => h.id === shown) ?? items[0] ?? null;
  return (
    <div className="admin-section webhooks">
      <h3>Webhooks</h3>
      <p className="admin-muted">
        Your own systems receive each new or escalated alert as a signed POST (HMAC-SHA256 in X-Fleet-Signature over the timestamp and body).
        Failed calls are retried for about a day; after 10 failures in a row the webhook turns itself off and its calls wait.
      </p>
      <WebhookAddForm workspaceId={workspaceId} />
      {hooks.isPending ? <Spinner /> : !hooks.data ? <ErrorNote error={hooks.error} /> : items.length === 0 ? (
        <p className="admin-muted">No webhooks yet.</p>
      ) : (
        <table className="admin-table webhooks__table">
          <thead>
            <tr><th>Name</th><th>Receiver</th><th>Sends</th><th>State</th><th className="admin-table__actions">Actions</th></tr>
          </thead>
          <tbody>
            {items.map((hook) => (
              <tr key={hook.id} data-testid="webhook-row" aria-current={current?.id === hook.id ? 'true' : undefined} className={current?.id === hook.id ? 'webhooks__row--shown' : undefined}>
                <td>{hook.name}</td>
                <td className="webhooks__url">{hook.url}</td>
                <td>{severityWords[hook.minSeverity]} or worse</td>
                <td>
                  {hook.enabled ? (hook.consecutiveFailures > 0 ? `On · ${hook.consecutiveFailures} failed in a row` : 'On') : (
                    <span className="webhooks__off" data-testid="webhook-disabled">
                      Off — {hook.disabledReason ? disabledWords[hook.disabledReason] : 'turned off'}
                      {hook.disabledAt && ` on ${units.dateTime(Date.parse(hook.disabledAt))}`}
                      {hook.lastError && `. Last answer: ${deliveryErrorWords(hook.lastError)}`}
                    </span>
                  )}
                  {hook.pending > 0 && <span className="admin-muted"> · {hook.pending} waiting</span>}
                </td>
                <td className="admin-table__actions">
                  <button type="button" className="button button--small" onClick={() => setShown(hook.id)} aria-label={`Delivery log of ${hook.name}`}>Log</button>
                  <button type="button" className="button button--small" disabled={test.isPending} onClick={() => sendTest(hook)}>Send test</button>
                  <button type="button" className="button button--small" disabled={toggle.isPending} onClick={() => flip(hook)}>{hook.enabled ? 'Turn off' : 'Re-enable'}</button>
                  <button type="button" className="button button--small button--danger" disabled={remove.isPending} onClick={() => drop(hook)} onBlur={() => setRemoving(null)}>
                    {removing === hook.id ? 'Click again to remove' : 'Remove'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="webhooks__logs">
        {current && <DeliveryLog key={current.id} workspaceId={workspaceId} webhookId={current.id} title={`Deliveries to “${current.name}”`} />}
        <DeliveryLog workspaceId={workspaceId} webhookId={null} title="Alert e-mail" />
      </div>
    </div>
  );
}
