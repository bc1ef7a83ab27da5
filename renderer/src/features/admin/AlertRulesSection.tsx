import type { UseMutationResult } from '@tanstack/react-query';
import { useState } from 'react';
import type { AlertRules, AlertRulesResponse, EscalationRule, RuleWarning } from '../../../../contract/api/alert-rules.ts';
import { alertSeverities, alertTypes, type AlertSeverity } from '../../../../contract/api/alerts.ts';
import type { Group } from '../../../../contract/api/groups.ts';
import type { UserRef } from '../../../../contract/api/alerts.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { errorText } from '../../ui/error-text.ts';
import { toast } from '../../ui/toast/toast-store.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { AlertTypeRuleRow } from './AlertTypeRuleRow.tsx';
import { ruleWarningText, severityWords } from './alert-rule-words.ts';
import { badRecipient, changeType, parseRecipients, rulesChanged } from './alert-rules-form.ts';
import { useAdminMutation, useAdminQuery } from './use-admin.ts';

/**
 * The account's alert rules (alerts.configure): per type on/off, severity, threshold, groups and
 * quiet hours; escalation; e-mail recipients. Saving makes a new version; the server answers
 * with the rules that would never fire, shown in words beside the rule and above the table.
 */
export function AlertRulesSection({ workspaceId }: { workspaceId: string }) {
  const rules = useAdminQuery(workspaceId, 'alertRules', null, (b) => b.admin.getAlertRules({ workspaceId }));
  const groups = useAdminQuery(workspaceId, 'groups', { limit: 500 }, (b) => b.admin.listGroups({ workspaceId, query: { limit: 500 } }));
  const people = useAdminQuery(workspaceId, 'assignees', null, (b) => b.alerts.assignees({ workspaceId }));
  // Owned here, not by the editor: a save refetches a new version, which remounts the editor, and
  // a mutation's per-call callbacks (the confirming toast) would be lost with it.
  const save = useAdminMutation(workspaceId, (b, update: { expectedVersion: number; rules: AlertRules }) => b.admin.updateAlertRules({ workspaceId, update }));
  if (rules.isPending || groups.isPending) return <Spinner />;
  if (!rules.data) return <ErrorNote error={rules.error} />;
  // Keyed by version: a save (here or elsewhere, after a refetch) starts the editor from the new truth.
  return <RulesEditor key={rules.data.version} saved={rules.data} save={save} groups={groups.data?.items ?? []} people={people.data?.items ?? []} />;
}

interface EditorProps {
  saved: AlertRulesResponse;
  save: UseMutationResult<AlertRulesResponse, Error, { expectedVersion: number; rules: AlertRules }>;
  groups: readonly Group[];
  people: readonly UserRef[];
}

function RulesEditor({ saved, save, groups, people }: EditorProps) {
  const units = useUnits();
  const [edited, setEdited] = useState<AlertRules>(saved.rules);
  const [recipientText, setRecipientText] = useState(saved.rules.email.recipients.join(', '));
  const [recipientError, setRecipientError] = useState<string | undefined>();
  const warnings: RuleWarning[] = saved.warnings as RuleWarning[];
  const typeWarning = (type: string) => {
    const w = warnings.find((x) => x.type === type);
    return w ? ruleWarningText(w) : null;
  };
  const escalation = edited.escalation;
  const setEscalation = (change: Partial<EscalationRule> | null) =>
    setEdited((r) => ({ ...r, escalation: change === null ? null : { ...(r.escalation ?? { severity: 'critical', afterMinutes: 15, assigneeId: null }), ...change } }));

  const onSave = () => {
    const recipients = parseRecipients(recipientText);
    const bad = badRecipient(recipients);
    setRecipientError(bad ? `“${bad}” is not an e-mail address.` : undefined);
    if (bad) return;
    const next = { ...edited, email: { ...edited.email, recipients } };
    if (!rulesChanged(saved.rules, next)) return toast.success('Nothing changed in the alert rules.');
    save.mutate({ expectedVersion: saved.version, rules: next }, {
      onSuccess: (answer) => toast.success(answer.warnings.length ? `Alert rules saved as version ${answer.version}, with ${answer.warnings.length} that never fire${answer.warnings.length === 1 ? 's' : ''} (see the note).` : `Alert rules saved as version ${answer.version}.`),
      onError: (error) => toast.error(`Alert rules not saved: ${errorText(error)}`),
    });
  };

  return (
    <div className="admin-section alert-rules" aria-label="Alert rules">
      <h3>Alert rules</h3>
      <p className="admin-muted" data-testid="alert-rules-version">
        Version {saved.version}
        {saved.updatedBy ? `, changed by ${saved.updatedBy.displayName} on ${units.dateTime(Date.parse(saved.updatedAt))}` : ' (defaults)'}.
        {' '}Alerts inside quiet hours are listed but disturb nobody: no sound, desktop notification, webhook or e-mail.
      </p>
      {warnings.length > 0 && (
        <InlineAlert tone="error">
          <strong>{warnings.length === 1 ? 'One saved rule never fires:' : `${warnings.length} saved rules never fire:`}</strong>
          <ul className="alert-rules__warnings">{warnings.map((w, i) => <li key={i}>{ruleWarningText(w)}</li>)}</ul>
        </InlineAlert>
      )}
      <table className="admin-table alert-rules__table">
        <thead>
          <tr><th>Alert type</th><th>Severity</th><th>Threshold</th><th>Vehicles</th><th>Quiet hours</th></tr>
        </thead>
        <tbody>
          {alertTypes.map((type) => (
            <AlertTypeRuleRow key={type} type={type} rule={edited.types[type]} groups={groups} disabled={save.isPending} warning={typeWarning(type)} onChange={(change) => setEdited((r) => changeType(r, type, change))} />
          ))}
        </tbody>
      </table>
      <fieldset className="admin-fieldset alert-rules__more" disabled={save.isPending}>
        <legend>Escalation</legend>
        <label className="admin-check">
          <input type="checkbox" checked={escalation !== null} onChange={(e) => setEscalation(e.target.checked ? {} : null)} />
          Notify again and assign when nobody acknowledges
        </label>
        {escalation && (
          <span className="alert-rules__inline">
            <label>
              Alerts of
              <select className="input" value={escalation.severity} onChange={(e) => setEscalation({ severity: e.target.value as AlertSeverity })}>
                {alertSeverities.map((s) => <option key={s} value={s}>{severityWords[s]} or worse</option>)}
              </select>
            </label>
            <label>
              after
              <input className="input alert-rules__minutes" type="number" min={1} max={1440} value={escalation.afterMinutes} onChange={(e) => setEscalation({ afterMinutes: Math.max(1, Math.min(1440, Math.round(Number(e.target.value) || 1))) })} />
              minutes, assign to
            </label>
            <select className="input" aria-label="Escalation: assign to" value={escalation.assigneeId ?? ''} onChange={(e) => setEscalation({ assigneeId: e.target.value || null })}>
              <option value="">Nobody (notify only)</option>
              {people.map((p) => <option key={p.id} value={p.id}>{p.displayName}</option>)}
            </select>
          </span>
        )}
      </fieldset>
      <fieldset className="admin-fieldset alert-rules__more" disabled={save.isPending}>
        <legend>E-mail</legend>
        <div className={`field${recipientError ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor="rules-recipients">Send alerts by e-mail to</label>
          <textarea id="rules-recipients" className="input" rows={2} value={recipientText} placeholder="oncall@example.com, manager@example.com" aria-invalid={recipientError ? true : undefined} aria-describedby={recipientError ? 'rules-recipients-error' : undefined} onChange={(e) => setRecipientText(e.target.value)} />
          {recipientError && <p id="rules-recipients-error" className="field__error" role="alert">{recipientError}</p>}
        </div>
        <label>
          Only alerts of
          <select className="input" value={edited.email.minSeverity} onChange={(e) => setEdited((r) => ({ ...r, email: { ...r.email, minSeverity: e.target.value as AlertSeverity } }))}>
            {alertSeverities.map((s) => <option key={s} value={s}>{severityWords[s]} or worse</option>)}
          </select>
        </label>
      </fieldset>
      <ErrorNote error={save.error} />
      <div className="admin-form__actions">
        <button type="button" className="button button--primary" disabled={save.isPending} onClick={onSave}>Save alert rules</button>
        <button type="button" className="button" disabled={save.isPending} onClick={() => { setEdited(saved.rules); setRecipientText(saved.rules.email.recipients.join(', ')); }}>Undo changes</button>
      </div>
    </div>
  );
}
