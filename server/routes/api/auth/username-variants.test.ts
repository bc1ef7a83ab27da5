import { describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../../contract/api/errors.ts';
import { usernameKey } from '../../../../contract/api/users.ts';
import { demoPassword } from '../../../../demo/demo-accounts.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';

const suite = useTestFleet();
const attempt = (username: string, password: string, remoteAddress: string) =>
  suite.fleet.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username, password }, remoteAddress });

describe('usernameKey (S3)', () => {
  it('folds width, case and compatibility forms to one key', () => {
    expect(usernameKey('  ＶＩＫＴＯＲ ')).toBe('viktor');
    expect(usernameKey('Viktor')).toBe('viktor');
    expect(usernameKey('STRAẞE')).toBe(usernameKey('strasse'));
    // Dotted capital I folds to i + combining dot: not "viktor", so not viktor's account.
    expect(usernameKey('vİktor')).not.toBe('viktor');
  });
});

describe('sign-in with look-alike usernames (S3)', () => {
  it('a Unicode variant shares the account and its failure count', async () => {
    for (let i = 1; i <= 5; i++) expect((await attempt(i % 2 ? 'ＶＩＫＴＯＲ' : 'Viktor', `guess-${i}`, `10.5.0.${i}`)).statusCode).toBe(401);
    for (const variant of ['viktor', 'ｖｉｋｔｏｒ', 'VIKTOR']) {
      const blocked = await attempt(variant, demoPassword, '10.5.0.99');
      expect(blocked.statusCode, variant).toBe(429);
    }
  });

  it('a spelling that is not the same name is no account at all (it cannot sign in as viktor)', async () => {
    const response = await attempt('vİktor', demoPassword, '10.5.1.1');
    expect(response.statusCode).toBe(401);
    expect(response.json<ApiErrorBody>().reason).toBe('wrong-credentials');
  });

  it('a NUL character in the username is refused, naming the field (S4)', async () => {
    const response = await attempt('vik\u0000tor', demoPassword, '10.5.2.1');
    expect(response.statusCode).toBe(400);
    expect(response.json<ApiErrorBody>()).toMatchObject({ field: 'username', reason: 'schema-violation', params: { field: 'username', rule: 'nul-character' } });
  });
});
