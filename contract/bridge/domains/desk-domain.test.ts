import { describe, expect, it } from 'vitest';
import { paneFromSearch } from './desk-domain.ts';

describe('paneFromSearch', () => {
  it('reads the pane of a pop-out page and nothing else', () => {
    expect(paneFromSearch('?pane=map')).toBe('map');
    expect(paneFromSearch('?x=1&pane=vehicles')).toBe('vehicles');
    expect(paneFromSearch('?pane=alerts&x=1')).toBe('alerts');
    expect(paneFromSearch('')).toBeNull();
    expect(paneFromSearch('?pane=shell')).toBeNull();
    expect(paneFromSearch('?notpane=map')).toBeNull();
  });
});
