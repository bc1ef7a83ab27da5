import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('correct horse');
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsf', hash)).toBe(false);
  });

  it('stores its parameters and a unique salt with the hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).toMatch(/^scrypt\$ln=15,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('treats malformed or abusive stored hashes as a mismatch', async () => {
    for (const stored of ['', 'plain', 'bcrypt$x$y$z', 'scrypt$ln=40,r=8,p=1$c2FsdA$aGFzaA', 'scrypt$ln=x$c2FsdA$aGFzaA']) {
      expect(await verifyPassword('anything', stored), stored).toBe(false);
    }
  });
});
