import { describe, expect, it } from 'vitest';
import { accessWords, supportBannerWords, timeLeftWords } from './support-words.ts';

describe('support words', () => {
  it('say how long a grant has left, coarsely', () => {
    expect(timeLeftWords(2 * 3600_000 + 5 * 60_000 + 30_000)).toBe('2 h 5 min');
    expect(timeLeftWords(3600_000)).toBe('1 h');
    expect(timeLeftWords(12 * 60_000 + 59_000)).toBe('12 min');
    expect(timeLeftWords(59_000)).toBe('less than a minute');
    expect(timeLeftWords(0)).toBe('ended');
  });

  it('name the account, the access and the time left in the banner', () => {
    expect(accessWords('read')).toBe('read-only');
    expect(supportBannerWords('Gothenburg Freight AB', 'read', 7_140_000)).toBe('Support session for Gothenburg Freight AB, read-only, expires in 1 h 59 min');
    expect(supportBannerWords('Harbour Taxi', 'write', -1)).toBe('Support session for Harbour Taxi has ended');
  });
});
