import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import { useToasts, type Toast } from './toast-store.ts';
import './toast.css';

/** How long a confirmation stays; errors stay until closed (they usually need reading). */
export const toastMs = 5000;

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useToasts((s) => s.dismiss);
  useEffect(() => {
    if (toast.tone === 'error') return undefined;
    const timer = setTimeout(() => dismiss(toast.id), toastMs);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);
  return (
    <div className={`toast toast--${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
      <span className="toast__text">{toast.text}</span>
      <button type="button" className="toast__close" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}

/**
 * Where toasts appear; mounted once (app/App.tsx). A modal <dialog> (Administration, Settings)
 * sits in the top layer and makes everything outside it inert, so toasts are rendered into the
 * topmost open modal dialog when there is one, else into the page. The region is a polite live
 * region, so screen readers hear confirmations without losing their place.
 */
export function Toaster() {
  const toasts = useToasts((s) => s.toasts);
  // Looked up when toasts change: a toast appears after an action, in the dialog it was taken in.
  const host = [...document.querySelectorAll('dialog[open]')].filter(isModal).at(-1) ?? document.body;
  return createPortal(
    <div className="toaster" aria-live="polite" aria-label="Notifications" data-testid="toaster">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>,
    host,
  );
}

function isModal(dialog: Element): boolean {
  try {
    return dialog.matches(':modal');
  } catch {
    return false; // a DOM without :modal (unit tests)
  }
}
