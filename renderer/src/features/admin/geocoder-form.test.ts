import { describe, expect, it } from 'vitest';
import { geocoderFromForm } from './geocoder-form.ts';

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) data.set(k, v);
  return data;
};

describe('geocoder form', () => {
  it('reads the built-in choice', () => {
    expect(geocoderFromForm(form({ geocoderKind: 'builtin', geocoderUrl: 'https://x.example' }))).toEqual({ kind: 'builtin' });
  });
  it('reads a Nominatim service, seconds to milliseconds, defaults for empty numbers', () => {
    expect(geocoderFromForm(form({ geocoderKind: 'nominatim', geocoderUrl: ' https://geo.example ', geocoderRate: '', geocoderTimeoutS: '1.5', geocoderLanguage: 'sv' }))).toEqual({
      kind: 'nominatim', url: 'https://geo.example', maxRequestsPerSecond: 1, timeoutMs: 1500, language: 'sv',
    });
  });
});
