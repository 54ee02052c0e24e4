import { create } from 'zustand';

/** Short, non-blocking messages: refused connections, saves, back-end errors (always with their code). */
export interface Toast {
  readonly id: number;
  readonly kind: 'info' | 'error' | 'success';
  readonly message: string;
  readonly code?: string | undefined;
}

interface ToastState {
  readonly toasts: readonly Toast[];
  push(toast: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

let nextId = 1;
const LIFETIME_MS = 5000;
const MAX_VISIBLE = 4;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push: (toast) => {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts, { ...toast, id }].slice(-MAX_VISIBLE) }));
    setTimeout(() => get().dismiss(id), LIFETIME_MS);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export const toast = {
  info: (message: string): void => useToasts.getState().push({ kind: 'info', message }),
  success: (message: string): void => useToasts.getState().push({ kind: 'success', message }),
  error: (message: string, code?: string): void =>
    useToasts.getState().push({ kind: 'error', message, code }),
};
