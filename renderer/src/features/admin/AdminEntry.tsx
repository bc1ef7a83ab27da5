import { useEffect, useRef, useState } from 'react';
import type { Workspace } from '../../../../contract/bridge/session.ts';
import { lazyFeature } from '../../app/lazy-feature.tsx';
import './admin.css';

/** Administration is its own chunk: most sessions never open it (docs/decisions/0085-renderer-code-splitting.md). */
const adminPanel = lazyFeature('administration', () => import('./AdminPanel.tsx').then((m) => m.AdminPanel));

/**
 * The one hook of the admin screens into the workspace shell: a button that opens them in a
 * modal dialog over whatever the shell shows. Keyed by workspace by the caller. Everything
 * behind this entry (AdminPanel and its sections) loads as one chunk on first use.
 */
export function AdminEntry({ workspace }: { workspace: Workspace }) {
  // The provider's operator has no fleet of their own to watch: they land on Administration.
  const [open, setOpen] = useState(workspace.role === 'operator');
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [open]);
  return (
    <>
      {/* Pointing at the button is enough warning to fetch the screens before the click. */}
      <button type="button" className="button" onPointerEnter={adminPanel.prefetch} onFocus={adminPanel.prefetch} onClick={() => setOpen(true)}>
        Administration
      </button>
      <dialog ref={dialog} className="admin-dialog" aria-label="Administration" onClose={() => setOpen(false)}>
        {open && <adminPanel.Lazy workspace={workspace} onClose={() => setOpen(false)} />}
      </dialog>
    </>
  );
}
