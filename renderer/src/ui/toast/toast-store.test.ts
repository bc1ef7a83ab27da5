import { beforeEach, describe, expect, it } from 'vitest';
import { maxToasts, toast, useToasts } from './toast-store.ts';

describe('toasts', () => {
  beforeEach(() => useToasts.setState({ toasts: [] }));

  it('shows confirmations and failures in order and dismisses one by id', () => {
    const saved = toast.success('Saved.');
    toast.error('Not saved.');
    expect(useToasts.getState().toasts.map((t) => [t.tone, t.text])).toEqual([['success', 'Saved.'], ['error', 'Not saved.']]);
    useToasts.getState().dismiss(saved);
    expect(useToasts.getState().toasts.map((t) => t.text)).toEqual(['Not saved.']);
  });

  it(`keeps the newest ${maxToasts} when many actions confirm at once`, () => {
    for (let i = 1; i <= maxToasts + 2; i++) toast.success(`Action ${i}`);
    expect(useToasts.getState().toasts.map((t) => t.text)).toEqual(['Action 3', 'Action 4', 'Action 5']);
  });
});
