import { useState, type FormEvent } from 'react';
import type { SupportAccess, SupportGrant } from '../../../../contract/api/support.ts';
import { supportGrantHours } from '../../../../contract/api/support.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { useNow } from '../../ui/use-now.ts';
import { toast } from '../../ui/toast/toast-store.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { useAdminMutation, useAdminQuery } from './use-admin.ts';
import { accessWords, timeLeftWords } from './support-words.ts';

const stateWords: Record<SupportGrant['state'], string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

/**
 * The owner's consent (decision 0210): grant the provider's support time-boxed access, see what
 * is granted now, end it at once. What support did shows in the audit log (Support access).
 */
export function SupportAccessSection({ workspaceId }: { workspaceId: string }) {
  const units = useUnits();
  const now = useNow(30_000);
  const grants = useAdminQuery(workspaceId, 'support-grants', null, (b) => b.support.listGrants({ workspaceId }));
  const groups = useAdminQuery(workspaceId, 'groups', null, (b) => b.admin.listGroups({ workspaceId, query: { limit: 500 } }));
  const create = useAdminMutation(workspaceId, (b, grant: { hours: number; access: SupportAccess; groupIds: string[] | null; note: string }) => b.support.grant({ workspaceId, grant }));
  const revoke = useAdminMutation(workspaceId, (b, grantId: string) => b.support.revoke({ workspaceId, grantId }));
  const [hours, setHours] = useState('4');
  const [access, setAccess] = useState<SupportAccess>('read');
  const [limited, setLimited] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const hoursValue = Number(hours);
  const hoursError = Number.isInteger(hoursValue) && hoursValue >= supportGrantHours.min && hoursValue <= supportGrantHours.max ? undefined : `Between ${supportGrantHours.min} and ${supportGrantHours.max} whole hours.`;

  const onGrant = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (hoursError) return;
    create.mutate(
      { hours: hoursValue, access, groupIds: limited.length > 0 ? limited : null, note: note.trim() },
      { onSuccess: (g) => (setNote(''), toast.success(`Support access granted, ${accessWords(g.access)}, for ${hoursValue} h`)) },
    );
  };
  const serverOffset = grants.data ? Date.parse(grants.data.serverTime) - grants.dataUpdatedAt : 0;
  const active = grants.data?.items.filter((g) => g.state === 'active') ?? [];
  const ended = grants.data?.items.filter((g) => g.state !== 'active') ?? [];
  const groupName = (id: string) => groups.data?.items.find((g) => g.id === id)?.name ?? 'a removed group';

  return (
    <div className="admin-section">
      <h3>Support access</h3>
      <p className="admin-muted">
        Let your provider&apos;s support see (or also change) this account for a limited time. Every action they take is written to the audit log. You can end the access at any
        moment.
      </p>
      <form className="admin-form support-grant-form" onSubmit={onGrant} aria-label="Grant support access">
        <div className={`field${hoursError ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor="support-hours">
            For how many hours
          </label>
          <input id="support-hours" className="input" type="number" min={supportGrantHours.min} max={supportGrantHours.max} step={1} value={hours} onChange={(e) => setHours(e.target.value)} aria-invalid={hoursError ? true : undefined} aria-describedby="support-hours-hint" />
          <p id="support-hours-hint" className={hoursError ? 'field__error' : 'field__hint'}>
            {hoursError ?? '1 to 72 hours; the access ends by itself.'}
          </p>
        </div>
        <fieldset className="field support-grant-form__access">
          <legend className="field__label">Access</legend>
          <label>
            <input type="radio" name="support-access" checked={access === 'read'} onChange={() => setAccess('read')} /> Read-only
          </label>
          <label>
            <input type="radio" name="support-access" checked={access === 'write'} onChange={() => setAccess('write')} /> Read-write (may change vehicles, groups, settings, alerts)
          </label>
        </fieldset>
        <fieldset className="field support-grant-form__groups">
          <legend className="field__label">Limit to groups (none ticked: the whole account)</legend>
          {groups.data?.items.map((g) => (
            <label key={g.id}>
              <input type="checkbox" checked={limited.includes(g.id)} onChange={(e) => setLimited((l) => (e.target.checked ? [...l, g.id] : l.filter((x) => x !== g.id)))} /> {g.name}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label className="field__label" htmlFor="support-note">
            Note for support (optional)
          </label>
          <input id="support-note" className="input" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. ticket number, what to look at" />
        </div>
        <button type="submit" className="button button--primary" disabled={create.isPending || hoursError !== undefined}>
          Grant support access
        </button>
      </form>
      <ErrorNote error={create.error ?? revoke.error ?? grants.error} />
      {grants.isPending ? (
        <Spinner />
      ) : (
        <>
          <h4>Active now</h4>
          {active.length === 0 ? (
            <p className="admin-muted">Support has no access to this account.</p>
          ) : (
            <table className="admin-table" aria-label="Active support access">
              <thead>
                <tr>
                  <th>Access</th>
                  <th>Groups</th>
                  <th>Granted by</th>
                  <th>Ends</th>
                  <th>Note</th>
                  <th aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {active.map((g) => (
                  <tr key={g.id}>
                    <td>{accessWords(g.access)}</td>
                    <td>{g.groupIds ? g.groupIds.map(groupName).join(', ') : 'All groups'}</td>
                    <td>{g.grantedBy.name}</td>
                    <td>
                      {units.dateTime(Date.parse(g.expiresAt))} (in {timeLeftWords(Date.parse(g.expiresAt) - (now + serverOffset))})
                    </td>
                    <td>{g.note}</td>
                    <td className="admin-table__actions">
                      <button type="button" className="button button--link" onClick={() => revoke.mutate(g.id, { onSuccess: () => toast.success('Support access ended') })}>
                        Revoke now
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {ended.length > 0 && (
            <>
              <h4>Ended</h4>
              <table className="admin-table" aria-label="Ended support access">
                <thead>
                  <tr>
                    <th>Access</th>
                    <th>Granted</th>
                    <th>Ended</th>
                    <th>How</th>
                  </tr>
                </thead>
                <tbody>
                  {ended.map((g) => (
                    <tr key={g.id}>
                      <td>{accessWords(g.access)}</td>
                      <td>
                        {units.dateTime(Date.parse(g.grantedAt))} by {g.grantedBy.name}
                      </td>
                      <td>{units.dateTime(Date.parse(g.revokedAt ?? g.expiresAt))}</td>
                      <td>{g.state === 'revoked' ? `${stateWords.revoked} by ${g.revokedBy?.name ?? 'unknown'}` : stateWords[g.state]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </div>
  );
}
