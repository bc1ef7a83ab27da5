import { useEffect, useRef, useState } from 'react';
import type { Workspace } from '../../../../contract/bridge/session.ts';
import { AdminPanel } from './AdminPanel.tsx';
import './admin.css';

/**
 * The one hook of the admin screens into the workspace shell: a button that opens them in a
 * modal dialog over whatever the shell shows. Keyed by workspace by the caller.
 */
export function AdminEntry({ workspace }: { workspace: Workspace }) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [open]);
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Administration
      </button>
      <dialog ref={dialog} className="admin-dialog" aria-label="Administration" onClose={() => setOpen(false)}>
        {open && <AdminPanel workspace={workspace} onClose={() => setOpen(false)} />}
      </dialog>
    </>
  );
}
