import { beforeEach, describe, expect, it } from 'vitest';
import { showToast, useToasts } from './toast-store.ts';

describe('toasts', () => {
  beforeEach(() => useToasts.setState({ toasts: [] }));

  it('shows confirmations in order and keeps the newest three', () => {
    for (const m of ['one', 'two', 'three', 'four']) showToast(m);
    expect(useToasts.getState().toasts.map((t) => t.message)).toEqual(['two', 'three', 'four']);
    expect(useToasts.getState().toasts[0]?.tone).toBe('success');
  });

  it('dismisses one toast by its id', () => {
    const id = showToast('saved', 'info');
    showToast('other');
    useToasts.getState().dismiss(id);
    expect(useToasts.getState().toasts.map((t) => t.message)).toEqual(['other']);
  });
});
