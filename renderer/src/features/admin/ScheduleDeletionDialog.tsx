import { useEffect, useRef, useState, type FormEvent } from 'react';
import { graceDays as bounds } from '../../../../contract/api/lifecycle.ts';
import type { Tenant } from '../../../../contract/api/tenants.ts';
import { TextField } from '../../ui/TextField.tsx';
import { toast } from '../../ui/toast/toast-store.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { purgeDateFor } from './lifecycle-words.ts';
import { useAdminMutation } from './use-admin.ts';

interface Props {
  workspaceId: string;
  tenant: Pick<Tenant, 'id' | 'name'>;
  onClose(): void;
}

/**
 * Confirms a deletion: names the account and the day its data goes, and says what happens now
 * (no sign-in, units refused) and what can still be undone (restore until then).
 */
export function ScheduleDeletionDialog({ workspaceId, tenant, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const units = useUnits();
  const [days, setDays] = useState(String(bounds.default));
  const [now] = useState(() => Date.now());
  const schedule = useAdminMutation(workspaceId, (b, graceDays: number) => b.admin.scheduleDeletion({ workspaceId, tenantId: tenant.id, graceDays }));
  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const parsed = Number(days);
  const valid = Number.isInteger(parsed) && parsed >= bounds.min && parsed <= bounds.max;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!valid) return;
    schedule.mutate(parsed, {
      onSuccess: (t) => {
        toast.success(t.purgeAt ? `${t.name} is closed and will be deleted on ${units.dateTime(Date.parse(t.purgeAt))}` : `${t.name} is closed`);
        onClose();
      },
    });
  };

  return (
    <dialog ref={dialog} className="confirm-dialog" aria-label={`Delete ${tenant.name}`} onClose={onClose}>
      <form className="admin-form" onSubmit={onSubmit} noValidate>
        <h3>Delete {tenant.name}?</h3>
        <p>
          <strong>{tenant.name}</strong> is closed at once: its users cannot sign in and its units&apos; reports are refused. All its data — vehicles, positions, trips,
          alerts, users, settings, audit log — is deleted for good on{' '}
          <strong data-testid="purge-date">{valid ? units.dateTime(purgeDateFor(now, parsed)) : '…'}</strong>. Until then you can restore it with everything intact.
        </p>
        <p className="admin-muted">Export its data first if the client wants a copy.</p>
        <TextField
          id="grace-days"
          name="graceDays"
          type="number"
          inputMode="numeric"
          min={bounds.min}
          max={bounds.max}
          step={1}
          label="Grace period (days)"
          hint={`${bounds.min}–${bounds.max} days.`}
          error={valid ? undefined : `Enter a whole number of days from ${bounds.min} to ${bounds.max}.`}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          required
        />
        <ErrorNote error={schedule.error} />
        <div className="admin-form__actions">
          <button type="submit" className="button button--danger" disabled={!valid || schedule.isPending}>
            Schedule deletion of {tenant.name}
          </button>
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
