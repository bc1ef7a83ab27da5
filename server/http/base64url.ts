const alphabet = /^[A-Za-z0-9_-]+$/;

/**
 * The bytes of `text` if it is canonical unpadded base64url (what `toString('base64url')` writes),
 * else null. Node's decoder skips padding, stray characters and trailing bits, so many strings
 * decode to the same bytes; tokens and cursors accept only the one spelling we write.
 */
export function strictBase64url(text: string): Buffer | null {
  if (!alphabet.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}
