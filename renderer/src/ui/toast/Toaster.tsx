import { useEffect } from 'react';
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
 * Where toasts appear. Render it inside whatever is on top: a modal <dialog> sits in the top
 * layer, so a toaster outside it would be hidden behind it. The region is a polite live region,
 * so screen readers hear confirmations without losing their place.
 */
export function Toaster() {
  const toasts = useToasts((s) => s.toasts);
  return (
    <div className="toaster" aria-live="polite" aria-label="Notifications" data-testid="toaster">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
