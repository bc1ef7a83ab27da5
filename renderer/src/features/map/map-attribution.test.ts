import { describe, expect, it } from 'vitest';
import { basemapAttribution } from './basemap-style.ts';
import { attributionHtml } from './map-attribution.ts';

describe('attributionHtml', () => {
  it('keeps every distinct entry, shortest first, joined as MapLibre joins them', () => {
    expect(attributionHtml(['Tenant tiles © Example', 'Geofences'])).toBe('Geofences | Tenant tiles © Example');
  });

  it('drops blank entries, repeats and an entry another one contains', () => {
    // The shipped basemap's two sources carry the same line; a custom line inside it adds nothing.
    expect(attributionHtml([' ', basemapAttribution, basemapAttribution, '© OpenStreetMap contributors'])).toBe(basemapAttribution);
  });

  it('is empty when nothing credits anything (the control then hides its box)', () => {
    expect(attributionHtml([])).toBe('');
    expect(attributionHtml(['', '  '])).toBe('');
  });
});
