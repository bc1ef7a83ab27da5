import { create } from 'zustand';

/** One confirmation or failure shown briefly after an action. */
export interface Toast {
  id: number;
  tone: 'success' | 'error';
  text: string;
}

interface ToastState {
  toasts: Toast[];
  show(tone: Toast['tone'], text: string): number;
  dismiss(id: number): void;
}

/** At most this many stay on screen; an older one leaves when a new one comes. */
export const maxToasts = 3;
let nextId = 1;

/**
 * Toasts live outside React so any handler can confirm an action (`toast.success(...)`) without
 * a provider. The <Toaster> renders them and owns their timers.
 */
export const useToasts = create<ToastState>((set) => ({
  toasts: [],
  show: (tone, text) => {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts, { id, tone, text }].slice(-maxToasts) }));
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export const toast = {
  success: (text: string) => useToasts.getState().show('success', text),
  error: (text: string) => useToasts.getState().show('error', text),
};
