import { describe, expect, it } from 'vitest';
import { addressLine, addressWords } from './address-words.ts';
import type { Address } from './api/places.ts';
import { unitWords } from './units.ts';

const km = unitWords('km', 'en-GB');
const mi = unitWords('mi', 'en-GB');
const point = { latitude: 57.717271, longitude: 11.964039 };

const street = (over: Partial<Extract<Address, { kind: 'street' }>> = {}): Address => ({ kind: 'street', street: 'Sveaplan', locality: 'Gothenburg', source: 'builtin', approximate: false, ...over });

describe('addressWords', () => {
  it('names the street and its locality', () => {
    expect(addressWords(street(), km)).toEqual({ text: 'Sveaplan, Gothenburg', approximate: false, unknown: false });
    expect(addressWords(street({ locality: null }), km).text).toBe('Sveaplan');
  });

  it('shows a road number beside the road’s name, or alone when it is the name', () => {
    expect(addressWords(street({ street: 'Lundbyleden', ref: 'E45;E20' }), km).text).toBe('Lundbyleden (E45/E20), Gothenburg');
    expect(addressWords(street({ street: 'E6', ref: 'E6' }), km).text).toBe('E6, Gothenburg');
    expect(addressWords(street({ street: '', ref: 'E6' }), km).text).toBe('E6, Gothenburg');
  });

  it('reads a provider’s ref as a house number', () => {
    expect(addressWords(street({ ref: '3', source: 'provider' }), km).text).toBe('Sveaplan 3, Gothenburg');
  });

  it('says how far and which way from a locality, in the tenant’s units', () => {
    const near: Address = { kind: 'near', locality: 'Kungälv', distanceM: 3_240, bearing: 'NE', source: 'builtin', approximate: true };
    expect(addressWords(near, km)).toEqual({ text: '3.2 km NE of Kungälv', approximate: true, unknown: false });
    expect(addressWords(near, mi).text).toBe('2 mi NE of Kungälv');
    expect(addressWords({ ...near, distanceM: 14_420 }, km).text).toBe('14 km NE of Kungälv');
  });

  it('marks a fallback answer as approximate', () => {
    expect(addressLine(street({ approximate: true }), km)).toBe('≈ Sveaplan, Gothenburg');
  });

  it('falls back to coordinates when no address is known', () => {
    expect(addressWords({ kind: 'none' }, km, point)).toEqual({ text: '57.71727, 11.96404', approximate: false, unknown: true });
    expect(addressLine({ kind: 'none' }, km, point)).toBe('57.71727, 11.96404 (no address known)');
    expect(addressLine({ kind: 'none' }, km)).toBe('No address known');
  });
});
