import { useEffect } from 'react';
import { toastMs, useToasts, type Toast } from './toast-store.ts';
import './toast.css';

/**
 * Where toasts appear (bottom right, above everything). A polite live region, so screen readers
 * read each confirmation once without interrupting; a toast pauses its timer while hovered or
 * focused, and closes with its × button.
 */
export function Toaster() {
  const toasts = useToasts((s) => s.toasts);
  return (
    <div className="toaster" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useToasts((s) => s.dismiss);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), toastMs);
    return () => clearTimeout(timer);
  }, [toast.id, dismiss]);
  return (
    <div className={`toast toast--${toast.tone}`} data-testid="toast">
      <span>{toast.message}</span>
      <button type="button" className="toast__close" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}
