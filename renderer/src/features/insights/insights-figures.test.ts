import { describe, expect, it } from 'vitest';
import { makeUnits } from '../../ui/units.ts';
import { change, changeText, duration, fuelText, utilisation } from './insights-figures.ts';

const units = makeUnits({ distanceUnit: 'km', timeZone: 'Europe/Stockholm', locale: 'en-GB' });

describe('insights figures', () => {
  it('writes durations in hours and minutes', () => {
    expect(duration(45 * 60, units)).toBe('45 min');
    expect(duration(12 * 3600 + 5 * 60 + 20, units)).toBe('12 h 05 min');
    expect(duration(1234 * 3600, units)).toBe('1,234 h 00 min');
  });

  it('compares with the previous period only when it had figures', () => {
    expect(change(120, 100)).toBeCloseTo(0.2);
    expect(change(5, 0)).toBeNull();
  });

  it('writes fuel as "not reported" when no vehicle sent a fuel level, and compares it only when both periods have one', () => {
    expect(fuelText(null, units)).toBe('not reported');
    expect(fuelText(0, units)).toBe('0 %');
    expect(change(null, 10)).toBeNull();
    expect(change(12, null)).toBeNull();
  });

  it('says whether a change is good for the fleet', () => {
    expect(changeText(0.2, 'down', units)).toEqual({ text: '+20 %', tone: 'bad' });
    expect(changeText(-0.034, 'down', units)).toEqual({ text: '−3 %', tone: 'good' });
    expect(changeText(0.2, 'neutral', units)).toEqual({ text: '+20 %', tone: 'neutral' });
    expect(changeText(0.001, 'up', units)).toEqual({ text: 'no change', tone: 'neutral' });
    expect(changeText(null, 'up', units).text).toBe('no earlier figures');
  });

  it('counts utilisation over every vehicle-day of the period', () => {
    expect(utilisation({ vehicleDaysUsed: 35 }, 10, 7)).toBe(0.5);
    expect(utilisation({ vehicleDaysUsed: 0 }, 0, 7)).toBe(0);
  });
});
