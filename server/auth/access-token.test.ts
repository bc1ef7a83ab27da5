import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signAccessToken, verifyAccessToken, type AccessClaims } from './access-token.ts';

const key = 'k'.repeat(43);
const claims: AccessClaims = {
  sub: '0d596e90-4175-85fe-923c-80ebff588802',
  tid: '15f37521-49b2-8721-8df0-b25b95876dbc',
  role: 'owner',
  gids: null,
  iat: 1_000,
  exp: 1_900,
};
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens', () => {
  it('round-trips its claims until it expires', () => {
    const token = signAccessToken(claims, key);
    expect(verifyAccessToken(token, key, 1_899)).toEqual({ ok: true, claims });
    expect(verifyAccessToken(token, key, 1_900)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects another key, edited claims and unsigned tokens', () => {
    const token = signAccessToken(claims, key);
    expect(verifyAccessToken(token, 'other'.repeat(9), 1_000)).toEqual({ ok: false, reason: 'invalid' });
    const [header, , signature] = token.split('.');
    const promoted = `${header}.${b64({ ...claims, tid: '6204cb20-4997-8365-8e3d-f57f48c9035e' })}.${signature}`;
    expect(verifyAccessToken(promoted, key, 1_000)).toEqual({ ok: false, reason: 'invalid' });
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expect(verifyAccessToken(unsigned, key, 1_000)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('rejects signed tokens whose claims have the wrong shape', () => {
    const token = signAccessToken({ ...claims, role: 'emperor' } as unknown as AccessClaims, key);
    expect(verifyAccessToken(token, key, 1_000)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('accepts only the canonical spelling of the signature (S7): no padding, garbage or spare bits', () => {
    const token = signAccessToken(claims, key);
    const [header = '', payload = '', signature = ''] = token.split('.');
    const last = signature.slice(-1);
    // The last of 43 characters carries 4 spare bits: a neighbour in the alphabet decodes to the same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1] ?? last;
    for (const variant of [`${signature}=`, `${signature}==`, `${signature}.`, `${signature}!`, `${signature} `, `${signature.slice(0, -1)}${sibling}`, `${signature}A`]) {
      expect(verifyAccessToken(`${header}.${payload}.${variant}`, key, 1_000), variant).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(verifyAccessToken(token, key, 1_000).ok).toBe(true);
  });

  it('keeps millisecond issue times (revocations are ordered against them)', () => {
    const precise = { ...claims, iat: 1_000.123 };
    expect(verifyAccessToken(signAccessToken(precise, key), key, 1_000)).toEqual({ ok: true, claims: precise });
  });

  it('never accepts or throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        expect(verifyAccessToken(`${a}.${b}.${c}`, key, 1_000).ok).toBe(false);
      }),
    );
  });
});
