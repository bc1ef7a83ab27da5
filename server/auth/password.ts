import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt (memory-hard) with the parameters stored in the hash, so they can be raised later
 * without invalidating existing hashes: `scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64url).
 */
const defaults = { ln: 15, r: 8, p: 1 };
const keyLength = 32;
// A stored hash is data: refuse parameters that would let a bad row exhaust memory or CPU.
const limits = { ln: 20, r: 32, p: 16 };

function derive(password: string, salt: Buffer, params: typeof defaults): Promise<Buffer> {
  const N = 2 ** params.ln;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, defaults);
  const { ln, r, p } = defaults;
  return `scrypt$ln=${ln},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

function parseHash(stored: string): { params: typeof defaults; salt: Buffer; key: Buffer } | null {
  const [scheme, paramText, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !paramText || !salt || !key) return null;
  const values = new Map(paramText.split(',').map((pair) => pair.split('=') as [string, string]));
  const params = { ln: Number(values.get('ln')), r: Number(values.get('r')), p: Number(values.get('p')) };
  const valid = (Object.keys(limits) as (keyof typeof limits)[]).every(
    (name) => Number.isInteger(params[name]) && params[name] >= 1 && params[name] <= limits[name],
  );
  return valid ? { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') } : null;
}

let decoy: Promise<string> | undefined;
/**
 * A hash of a random password. Sign-in verifies against it when the username is unknown, so
 * a wrong username costs the same time as a wrong password and does not reveal who exists.
 */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
