import { describe, expect, it } from 'vitest';
import { alertMessage } from './alert-message.ts';
import { unitWords } from './units.ts';

const overspeed = { type: 'overspeed' as const, message: 'Speed 128 km/h, limit 90 km/h', details: { speedKmh: 128, limitKmh: 90, limitSource: 'tenant' } };

describe('alert messages in the reader units', () => {
  it('words an overspeed in km/h or mph, and its top speed once the episode ended', () => {
    expect(alertMessage(overspeed, unitWords('km', 'en-GB'))).toBe('Speed 128 km/h, limit 90 km/h');
    expect(alertMessage(overspeed, unitWords('mi', 'en-US'))).toBe('Speed 80 mph, limit 56 mph');
    const ended = { ...overspeed, details: { ...overspeed.details, speedKmh: 131.4, limitSource: 'posted', endedAt: '2026-12-07T10:00:00Z' } };
    expect(alertMessage(ended, unitWords('km', 'sv-SE'))).toBe('Speed up to 131 km/h, posted limit 90 km/h');
  });

  it('words harsh driving with the speeds converted and the seconds in the locale', () => {
    const braking = { type: 'harsh_braking' as const, message: 'Harsh braking: 80 → 30 km/h in 2.5 s', details: { fromKmh: 80, toKmh: 30, seconds: 2.5, mps2: -5.6 } };
    expect(alertMessage(braking, unitWords('mi', 'en-US'))).toBe('Harsh braking: 50 mph → 19 mph in 2.5 s');
    expect(alertMessage(braking, unitWords('km', 'sv-SE'))).toBe('Harsh braking: 80 km/h → 30 km/h in 2,5 s');
  });

  it('keeps the stored message for other types and for details it cannot read', () => {
    expect(alertMessage({ type: 'low_battery', message: 'Battery 11.2 V, below 11.8 V', details: { voltage: 11.2 } }, unitWords('mi', 'en-US'))).toBe('Battery 11.2 V, below 11.8 V');
    expect(alertMessage({ ...overspeed, details: {} }, unitWords('mi', 'en-US'))).toBe(overspeed.message);
  });

  it('falls back to English numbers for a locale this runtime does not know', () => {
    expect(unitWords('km', 'xx-invalid-').number(1234.5, 1)).toBe('1,234.5');
  });
});
