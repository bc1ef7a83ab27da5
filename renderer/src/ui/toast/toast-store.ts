import { create } from 'zustand';

export type ToastTone = 'success' | 'info' | 'error';

export interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
}

interface ToastState {
  toasts: Toast[];
  /** Shows a short confirmation; it leaves by itself after `toastMs` (or when dismissed). */
  show(message: string, tone?: ToastTone): number;
  dismiss(id: number): void;
}

/** How long a toast stays: long enough to read a sentence twice. */
export const toastMs = 6_000;
/** At most this many at once: older ones give way. */
const maxToasts = 3;
let nextId = 1;

/**
 * The console's confirmations ("User added", "Unit assigned to …"): one store, one <Toaster/>
 * (mounted once by the app). Errors a person must act on stay inline next to their form; a
 * toast only confirms what happened.
 */
export const useToasts = create<ToastState>()((set) => ({
  toasts: [],
  show: (message, tone = 'success') => {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts, { id, message, tone }].slice(-maxToasts) }));
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

/** Shorthand for code outside React (mutation callbacks). */
export const showToast = (message: string, tone?: ToastTone) => useToasts.getState().show(message, tone);
