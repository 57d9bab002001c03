import { create } from 'zustand';

export type ToastTone = 'error' | 'info' | 'ok';

export interface Toast {
  id: number;
  tone: ToastTone;
  text: string;
}

interface ToastState {
  toasts: Toast[];
  push: (tone: ToastTone, text: string) => void;
  dismiss: (id: number) => void;
}

/** Errors stay longer than confirmations: the cashier may be looking at the driver. */
const lifetimeMs: Record<ToastTone, number> = { error: 12_000, info: 6_000, ok: 4_000 };
const maxToasts = 4;
let nextId = 1;

export const useToastStore = create<ToastState>()((set, get) => ({
  toasts: [],
  push(tone, text) {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts, { id, tone, text }].slice(-maxToasts) }));
    setTimeout(() => get().dismiss(id), lifetimeMs[tone]);
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));

export function toast(tone: ToastTone, text: string): void {
  useToastStore.getState().push(tone, text);
}
