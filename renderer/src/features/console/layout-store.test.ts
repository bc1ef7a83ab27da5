import { describe, expect, it } from 'vitest';
import { layoutKey, parseLayout } from './layout-store.ts';
import { noChoice } from './panel-layout.ts';

describe('parseLayout', () => {
  it('reads a stored layout', () => {
    const stored = JSON.stringify({ left: { width: 512.4, collapsed: false }, right: { width: null, collapsed: true } });
    expect(parseLayout(stored)).toEqual({ left: { width: 512, collapsed: false }, right: { width: null, collapsed: true } });
  });

  it('starts from defaults for nothing stored, broken JSON or a foreign shape', () => {
    expect(parseLayout(null)).toEqual(noChoice);
    expect(parseLayout('{not json')).toEqual(noChoice);
    expect(parseLayout('"wide"')).toEqual(noChoice);
    expect(parseLayout(JSON.stringify({ left: { width: 'wide', collapsed: 'yes' } }))).toEqual(noChoice);
  });

  it('keys a layout by person and window', () => {
    expect(layoutKey('acc-1', 'main')).not.toBe(layoutKey('acc-2', 'main'));
  });
});
