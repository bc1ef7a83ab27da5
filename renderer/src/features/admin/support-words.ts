import type { SupportAccess } from '../../../../contract/api/support.ts';

/** "read-only" / "read-write": how a grant's access is named everywhere in the console. */
export const accessWords = (access: SupportAccess) => (access === 'write' ? 'read-write' : 'read-only');

/** Time left of a grant, coarse on purpose: "2 h 5 min", "12 min", "less than a minute", "ended". */
export function timeLeftWords(ms: number): string {
  if (ms <= 0) return 'ended';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** The support banner's words: who is looking, how, and for how long. */
export function supportBannerWords(tenantName: string, access: SupportAccess, msLeft: number): string {
  return msLeft <= 0
    ? `Support session for ${tenantName} has ended`
    : `Support session for ${tenantName}, ${accessWords(access)}, expires in ${timeLeftWords(msLeft)}`;
}
