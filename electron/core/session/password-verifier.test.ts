import { describe, expect, it } from 'vitest';
import { checkVerifier, createVerifier, defaultScryptParameters } from './password-verifier.ts';

// Small parameters keep most cases fast; one case runs the real ones.
const light = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };

describe('password verifier', () => {
  it('accepts the password it was made from and nothing else', async () => {
    const verifier = await createVerifier('demo-password-1', light);
    expect(await checkVerifier('demo-password-1', verifier)).toBe(true);
    for (const wrong of ['demo-password-2', 'Demo-password-1', 'demo-password-1 ', '']) expect(await checkVerifier(wrong, verifier)).toBe(false);
  });

  it('uses a fresh random salt each time, and stores neither the password nor its encoding', async () => {
    const a = await createVerifier('same password', light);
    const b = await createVerifier('same password', light);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    const text = JSON.stringify(a);
    expect(text).not.toContain('same password');
    expect(text).not.toContain(Buffer.from('same password').toString('base64'));
  });

  it('treats canonically equal Unicode passwords as equal (composed vs decomposed)', async () => {
    const verifier = await createVerifier('l\u00f6senord-1', light);
    expect(await checkVerifier('lo\u0308senord-1', verifier)).toBe(true);
  });

  it('refuses a verifier whose stored hash has the wrong length instead of comparing', async () => {
    const verifier = await createVerifier('pw', light);
    expect(await checkVerifier('pw', { ...verifier, hash: Buffer.alloc(8).toString('base64') })).toBe(false);
  });

  it('derives with the strong default parameters (128 MiB of scrypt work)', async () => {
    const verifier = await createVerifier('demo-password-1');
    expect(verifier).toMatchObject({ algorithm: 'scrypt', N: 131_072, r: 8, p: 1, keyLength: 32 });
    expect(Buffer.from(verifier.salt, 'base64')).toHaveLength(16);
    expect(await checkVerifier('demo-password-1', verifier)).toBe(true);
    expect(defaultScryptParameters.N * defaultScryptParameters.r * 128).toBe(128 * 1024 * 1024);
  }, 30_000);
});
